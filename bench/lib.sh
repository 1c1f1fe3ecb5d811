# Sourced by the bench/run-* scripts: where the tools are, where data goes, and the one way
# every benchmark makes its data — reunite-synth, generated once per size and seed into
# bench/work/ (ignored by git) and reused while present.
#   REUNITE_BIN   directory of the tools (default build/bin: a Release build)
#   BENCH_SEED    the seed of every generated data set (default 1)
cd "$(dirname "$0")/.."
bin=${REUNITE_BIN:-build/bin}
seed=${BENCH_SEED:-1}
work=bench/work
mkdir -p "$work"

# synth_data DIR SUBCOMMAND ARGS...: runs `reunite-synth SUBCOMMAND --seed $seed ARGS --out DIR`
# unless DIR already holds what it wrote (answers.jsonl is written last).  The output is written
# beside DIR and renamed into place, so an interrupted run leaves nothing that looks finished.
synth_data() {
  local dir=$1
  shift
  [ -s "$dir/answers.jsonl" ] && return 0
  rm -rf "$dir.partial"
  local start=$SECONDS
  "$bin/reunite-synth" "$@" -q --seed "$seed" --out "$dir.partial"
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
  echo "bench: generated $dir in $((SECONDS - start)) s" >&2
}

# reunite-ingest, where exit status 1 ("some rows rejected") is not an error: worlds plant a
# few broken rows on purpose unless --broken-rows 0.
ingest() { "$bin/reunite-ingest" -q "$@" || [ $? -eq 1 ]; }

machine() {
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
