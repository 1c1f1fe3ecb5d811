#!/usr/bin/env python3
"""Conservation property test (issue 9): not one record lost.

For a tool, and several seeds, feeds a random mixture of valid and malformed JSON Lines
(mixture.py) and checks, from --stats and --rejects:
  - every non-blank line is read: stats.read == number of non-blank lines;
  - read == written + rejected (a filter), or read == used + rejected (search inputs, where
    `used` is the tool's own count of references or queries);
  - every reject names the file and a line that exists, no line twice, every malformed line
    is among them, no valid line is;
  - a filter writes the lines it did not reject in their order, each unchanged but for the
    fields the tool adds (compared as ordered key/value pairs, duplicates kept);
  - the exit status is 1 when something was rejected, else 0.

  conservation.py BINDIR TOOL [SEED...]      TOOL: see CASES below
Exit 0 when every seed holds; otherwise prints what broke, with the seed to reproduce it.
"""
import base64
import json
import os
import random
import subprocess
import sys
import tempfile

sys.setrecursionlimit(20000)  # json.loads of the deeply nested lines
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mixture  # noqa: E402

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(SOURCE, "tests", "data")


def pairs(obj_bytes):
    """A JSON object as its list of (key, value) pairs in order, duplicates kept."""
    return json.loads(obj_bytes, object_pairs_hook=lambda p: ("obj", tuple(p)))


def without(p, keys):
    return ("obj", tuple(kv for kv in p[1] if kv[0] not in keys))


# ---------------------------------------------------------------------------------------------
# Valid records per tool.

NAMES = ["张伟", "張偉", "王芳", "Li Na", "欧阳娜娜", "刘洋", "陈静", "ZHANG Wei"]
PLACES = ["四川省成都市武侯区", "重庆", "广东省深圳市", "Beijing", "朝阳"]


def case_record(rng, i):
    rec = {"kind": "case", "id": "C%d-%d" % (i, rng.randrange(10**6)), "name": rng.choice(NAMES)}
    if rng.random() < 0.8:
        rec["birth_date"] = rng.choice(["2008年5月12日", "2008-05", "05/06/2008", "2010", "二〇一〇年五月"])
    if rng.random() < 0.6:
        rec["phone"] = rng.choice(["13800138000", "+86 138 0013 8000", "010-12345678转123"])
    if rng.random() < 0.6:
        rec["missing_place"] = rng.choice(PLACES)
    if rng.random() < 0.4:
        rec["id_number"] = rng.choice(["510107200805120015", "110105080512001"])
    if rng.random() < 0.3:
        rec["reporter"] = {"name": rng.choice(NAMES), "phone": "13900139000"}
    return rec


def load_jsonl(path):
    with open(path, "rb") as f:
        return [json.loads(line) for line in f if line.strip()]


_profiles = None


def profiles():
    global _profiles
    if _profiles is None:
        _profiles = [r["loci"] for r in load_jsonl(os.path.join(DATA, "dna-match", "parents.jsonl"))]
    return _profiles


def sample_record(rng, i):
    return {"kind": "sample", "id": "S%d-%d" % (i, rng.randrange(10**6)),
            "case": "K%d" % rng.randrange(20), "role": rng.choice(["father", "mother", "child"]),
            "loci": rng.choice(profiles())}


_eval_cases = None


def eval_record(rng, i):
    global _eval_cases
    if _eval_cases is None:
        _eval_cases = load_jsonl(os.path.join(DATA, "dna-match", "eval-cases.jsonl"))
    rec = dict(rng.choice(_eval_cases))
    rec["id"] = "E%d-%d" % (i, rng.randrange(10**6))
    return rec


PHOTOS = ["street.jpg", "market.webp", "station.png", "street-small.jpg", "corrupt.jpg",
          "truncated.jpg", "empty.jpg", "no-such-photo.jpg"]


def photo_record(rng, i):
    rec = {"kind": "case", "id": "P%d-%d" % (i, rng.randrange(10**6)), "name": rng.choice(NAMES)}
    if rng.random() < 0.8:
        rec["photos"] = rng.sample(PHOTOS, rng.randrange(0, 3))
    return rec


_hashes = None


def hash_record(rng, i):
    global _hashes
    if _hashes is None:
        _hashes = []
        for line in open(os.path.join(DATA, "pdq", "expected.tsv")):
            cells = line.rstrip("\n").split("\t")
            for cell in cells:
                if len(cell) == 64 and all(c in "0123456789abcdef" for c in cell):
                    _hashes.append(cell)
                    break
    return {"kind": "photo", "id": "H%d-%d" % (i, rng.randrange(10**6)),
            "pdq": rng.choice(_hashes), "quality": rng.randrange(50, 101)}


# ---------------------------------------------------------------------------------------------
# Cases: how to run each tool on a mixture file, and what it may add to a record.
#   argv(bindir, path, scratch): the command (without --rejects/--stats)
#   filter: written records correspond to the lines not rejected, in order
#   added: keys the tool adds or replaces
#   used: for a non-filter, the --stats keys counting the records it used (of both inputs)
#   setup: writes the other input (valid records, setup_lines of them)


class Case:
    def __init__(self, name, make, argv, filter=True, added=(), used=None, lines=60,
                 setup=None, setup_lines=0):
        self.name, self.make, self.argv, self.filter = name, make, argv, filter
        self.added, self.used, self.lines, self.setup = set(added), used, lines, setup
        self.setup_lines = setup_lines  # valid records of the other input, counted in read


def write_valid(path, rng, make, n):
    with open(path, "w") as out:
        for i in range(n):
            out.write(mixture.dumps(make(rng, 10000 + i)) + "\n")


def refs_setup(scratch, rng):
    write_valid(os.path.join(scratch, "refs.jsonl"), rng, sample_record, 30)


def queries_setup(scratch, rng):
    write_valid(os.path.join(scratch, "queries.jsonl"), rng, sample_record, 5)


def hashes_setup(scratch, rng):
    write_valid(os.path.join(scratch, "refs.jsonl"), rng, hash_record, 30)


def b(bindir, tool):
    return os.path.join(bindir, "reunite-" + tool)


def synth_check_argv(bindir, path, scratch):
    world = os.path.join(scratch, "world")
    if not os.path.exists(world):
        subprocess.run([b(bindir, "synth"), "world", "--out", world, "--families", "3", "-q"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return [b(bindir, "synth"), "check", "--answers", os.path.join(world, "answers.jsonl"), path,
            "-o", os.path.join(scratch, "scores.txt")]


def pseudonymize_argv(bindir, path, scratch):
    key = os.path.join(scratch, "key")
    if not os.path.exists(key):
        subprocess.run([b(bindir, "pseudonymize"), "--generate-key", key], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return [b(bindir, "pseudonymize"), "--key-file", key, path]


CASES = {
    "ingest": Case("ingest", case_record,
                   lambda d, p, s: [b(d, "ingest"), "--format", "jsonl", p],
                   added={"kind", "id", "src"}),
    "normalize": Case("normalize", case_record,
                      lambda d, p, s: [b(d, "normalize"), "--today", "2026-01-01", p],
                      added={"norm", "flags"}),
    "dedupe": Case("dedupe", case_record, lambda d, p, s: [b(d, "dedupe"), p],
                   added={"cluster", "cluster_size"}),
    "dna-match-eval": Case("dna-match-eval", eval_record,
                           lambda d, p, s: [b(d, "dna-match"), "eval", p],
                           added={"lr", "log10_lr", "lr_loci", "ignored_loci"}, lines=40),
    # Queries are the mixture; the references are valid.
    "dna-match-search": Case("dna-match-search", sample_record,
                             lambda d, p, s: [b(d, "dna-match"), "--against",
                                              os.path.join(s, "refs.jsonl"), p],
                             filter=False, used=("queries", "references"), setup=refs_setup,
                             setup_lines=30),
    # The references are the mixture (read through --against); the queries are valid.
    "dna-match-references": Case("dna-match-references", sample_record,
                                 lambda d, p, s: [b(d, "dna-match"), "--against", p,
                                                  os.path.join(s, "queries.jsonl")],
                                 filter=False, used=("queries", "references"),
                                 setup=queries_setup, setup_lines=5),
    "photo-hash": Case("photo-hash", photo_record,
                       lambda d, p, s: [b(d, "photo-hash"), "--photo-root",
                                        os.path.join(DATA, "photo-hash"), p],
                       added={"photo_hashes"}, lines=40),
    # Tokens replace the identifying fields; everything else passes unchanged, in order.
    "pseudonymize": Case("pseudonymize", case_record, pseudonymize_argv,
                         added={"name", "phone", "id_number", "reporter", "norm",
                                "pseudonymized"}),
    # The report is text, not records: `written` counts the records it used.
    "report": Case("report", case_record,
                   lambda d, p, s: [b(d, "report"), p, "-o", os.path.join(s, "report.txt")],
                   filter=False, used=("written",)),
    # check scores what it reads; its --stats has no count of the records it used or ignored,
    # so only read and the rejects are checked.
    "synth-check": Case("synth-check", case_record, synth_check_argv, filter=False, used=()),
    # match counts photos, not records: each generated record has one hash, so records used =
    # photos compared + photos left out for low quality + records without hashes.
    "photo-hash-match": Case("photo-hash-match", hash_record,
                             lambda d, p, s: [b(d, "photo-hash"), "match", "--against",
                                              os.path.join(s, "refs.jsonl"), p],
                             filter=False, setup=hashes_setup, setup_lines=30,
                             used=("query_photos", "query_photos_low_quality",
                                   "queries_without_hashes", "reference_photos",
                                   "reference_photos_low_quality")),
    "photo-hash-match-self": Case("photo-hash-match-self", hash_record,
                                  lambda d, p, s: [b(d, "photo-hash"), "match", "--self", p],
                                  filter=False, used=("photos", "photos_low_quality",
                                        "records_without_hashes")),
}


def run_seed(bindir, case, seed):
    rng = random.Random("%s/%d" % (case.name, seed))
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        if case.setup:
            case.setup(scratch, rng)
        lines = mixture.mixture(rng, case.make, case.lines)
        path = os.path.join(scratch, "input.jsonl")
        mixture.write_lines(path, lines)
        rejects_path = os.path.join(scratch, "rejects.jsonl")
        argv = case.argv(bindir, path, scratch) + [
            "--rejects", rejects_path, "--stats", "--max-line-bytes", str(mixture.MAX_LINE_BYTES)]
        run = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        where = "%s seed %d" % (case.name, seed)
        if run.returncode not in (0, 1):
            return ["%s: exit %d: %s" % (where, run.returncode, run.stderr.decode(errors="replace")[-500:])]
        stats = None
        for line in run.stderr.decode(errors="replace").splitlines():
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict) and "read" in obj:
                stats = obj
        if stats is None:
            return ["%s: no --stats line on stderr" % where]
        rejects = []
        with open(rejects_path, "rb") as f:
            for raw in f:
                rejects.append(json.loads(raw))
        nonblank = [i + 1 for i, l in enumerate(lines) if l.cls != "blank"]
        must_reject = {i + 1 for i, l in enumerate(lines) if l.cls == "reject"}
        valid = {i + 1 for i, l in enumerate(lines) if l.cls == "valid"}

        # Rejects name the file and an existing line, each line once.
        rejected_lines = []
        for r in rejects:
            if r.get("file") != path:
                problems.append("%s: reject names file %r, not the input" % (where, r.get("file")))
            if not r.get("error"):
                problems.append("%s: reject without an error: %r" % (where, r))
            line = r.get("line")
            if not isinstance(line, int) or line not in nonblank:
                problems.append("%s: reject names line %r, not a non-blank input line" % (where, line))
                continue
            # The reject carries the line's bytes (or their start, for an over-long line).
            data = lines[line - 1].data
            if "input_base64" in r:
                got = base64.b64decode(r["input_base64"])
            else:
                got = r.get("input", "").encode()
            if not (got == data or (r.get("input_truncated") and data.startswith(got))):
                problems.append("%s: reject of line %d does not carry the line's bytes" % (where, line))
            rejected_lines.append(line)
        if len(set(rejected_lines)) != len(rejected_lines):
            problems.append("%s: a line rejected twice: %s" % (where, sorted(rejected_lines)))
        missed = must_reject - set(rejected_lines)
        if missed:
            problems.append("%s: malformed lines not rejected: %s" % (where, sorted(missed)))
        wrongly = valid & set(rejected_lines)
        if wrongly and case.name != "photo-hash-match-self":
            problems.append("%s: valid lines rejected: %s (%s)" % (where, sorted(wrongly), [
                r["error"] for r in rejects if r.get("line") in wrongly][:3]))

        # The counts.
        if stats["read"] != len(nonblank) + case.setup_lines:
            problems.append("%s: stats.read %d, but %d non-blank lines (+%d in the other input)" % (
                where, stats["read"], len(nonblank), case.setup_lines))
        if stats["rejected"] != len(rejects):
            problems.append("%s: stats.rejected %d, but %d rejects in the file" % (where, stats["rejected"], len(rejects)))
        if case.filter:
            if stats["read"] != stats["written"] + stats["rejected"]:
                problems.append("%s: read %d != written %d + rejected %d" % (where, stats["read"], stats["written"], stats["rejected"]))
        elif case.used:
            counts = [stats.get(key) for key in case.used]
            used = None if None in counts else sum(counts)
            if used is None or stats["read"] != used + stats["rejected"]:
                problems.append("%s: read %d != %s %r + rejected %d (stats %s)" % (where, stats["read"], case.used, used, stats["rejected"], stats))
        expected_code = 1 if rejects else 0
        if run.returncode != expected_code:
            problems.append("%s: exit %d with %d rejects" % (where, run.returncode, len(rejects)))

        # A filter writes the other lines, in order, unchanged but for its own fields.
        if case.filter:
            out_lines = [l for l in run.stdout.split(b"\n") if l]
            kept = [n for n in nonblank if n not in set(rejected_lines)]
            if len(out_lines) != len(kept):
                problems.append("%s: %d records written for %d lines kept" % (where, len(out_lines), len(kept)))
            for n, out in zip(kept, out_lines):
                try:
                    got = without(pairs(out), case.added)
                except ValueError:
                    problems.append("%s: output for line %d is not JSON" % (where, n))
                    continue
                source = lines[n - 1].data
                if n == 1 and source.startswith(b"\xef\xbb\xbf"):
                    source = source[3:]
                want = without(pairs(source), case.added)
                if got != want:
                    problems.append("%s: line %d changed or out of order:\n  in:  %.300s\n  out: %.300s" % (
                        where, n, source.decode(errors="replace"), out.decode(errors="replace")))
                    break
    return problems


# ---------------------------------------------------------------------------------------------
# ingest on a CSV mixture: rows are the records.  A valid row's cells come out as its fields;
# a malformed row (text after a closing quote, bytes that are not text, a row over the limit,
# an unterminated quote at the end of the file) is rejected with the line it starts on.
# Invalid bytes come with enough Chinese text around them that the file is still UTF-8 by
# ingest's documented guess (>= 4 valid multi-byte sequences per invalid byte).


def csv_cell(text):
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def run_csv_seed(bindir, seed):
    rng = random.Random("ingest-csv/%d" % seed)
    where = "ingest-csv seed %d" % seed
    out = [b"name,phone,note"]
    line = 2  # physical line of the next row
    rows = []  # (first line, class, cells or None)
    n = 40
    for i in range(n):
        roll = rng.random()
        if roll < 0.6 or i == 0:
            name = rng.choice(NAMES)
            note = rng.choice(["plain", "a, b", 'say "hi"', "two\nlines", "crlf\r\ninside", "长" * rng.randrange(1, 50)])
            cells = [name, str(13800000000 + rng.randrange(10**6)), note]
            text = ",".join(csv_cell(c) for c in cells).encode()
            rows.append((line, "valid", cells))
        elif roll < 0.75:
            text = ('%s,"bad"x,1' % rng.choice(NAMES)).encode()
            rows.append((line, "reject", None))
        elif roll < 0.85:
            text = ("张伟王芳刘洋陈静,\xff,%d" % i).encode("utf-8").replace(b"\xc3\xbf", b"\xff")
            rows.append((line, "reject", None))
        elif roll < 0.92:
            text = ("n%d," % i).encode() + b"x" * (mixture.MAX_LINE_BYTES + 10) + b",1"
            rows.append((line, "reject", None))
        else:
            text = ("n%d,a\x00b,1" % i).encode()
            rows.append((line, "either", None))
        ending = b"\r\n" if rng.random() < 0.3 else b"\n"
        out.append(text)
        line += text.count(b"\n") + 1
        if rng.random() < 0.1:
            out.append(b"")  # a blank line
            line += 1
        if i == n - 1 and rng.random() < 0.5:
            out.append(b'last,"unterminated,1')
            rows.append((line, "reject", None))
    data = b"\n".join(out)
    if rng.random() < 0.5:
        data += b"\n"
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "input.csv")
        with open(path, "wb") as f:
            f.write(data)
        rejects_path = os.path.join(scratch, "rejects.jsonl")
        run = subprocess.run([os.path.join(bindir, "reunite-ingest"), path, "--rejects", rejects_path,
                              "--stats", "--max-line-bytes", str(mixture.MAX_LINE_BYTES)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        if run.returncode not in (0, 1):
            return ["%s: exit %d: %s" % (where, run.returncode, run.stderr[-300:])]
        stats = [json.loads(l) for l in run.stderr.decode().splitlines() if l.startswith("{")][-1]
        rejects = [json.loads(l) for l in open(rejects_path, "rb")]
        records = [json.loads(l) for l in run.stdout.splitlines() if l.strip()]
    rejected = [r["line"] for r in rejects]
    starts = {r[0]: r for r in rows}
    if stats["read"] != len(rows):
        problems.append("%s: stats.read %d for %d rows" % (where, stats["read"], len(rows)))
    if stats["read"] != stats["written"] + stats["rejected"] or stats["rejected"] != len(rejects):
        problems.append("%s: read %d != written %d + rejected %d (%d in the file)" % (
            where, stats["read"], stats["written"], stats["rejected"], len(rejects)))
    for r in rejects:
        if r.get("file") != path or r.get("line") not in starts or not r.get("error"):
            problems.append("%s: reject does not name a row's file and first line: %s" % (where, str(r)[:200]))
    for first, cls, cells in rows:
        if cls == "reject" and first not in rejected:
            problems.append("%s: malformed row at line %d not rejected" % (where, first))
        if cls == "valid" and first in rejected:
            problems.append("%s: valid row at line %d rejected" % (where, first))
    kept = [r for r in rows if r[0] not in rejected]
    if len(kept) != len(records):
        problems.append("%s: %d records for %d rows kept" % (where, len(records), len(kept)))
    for (first, cls, cells), rec in zip(kept, records):
        if rec.get("src", {}).get("line") != first:
            problems.append("%s: record %s out of order (row at line %d)" % (where, rec.get("src"), first))
            break
        if cls == "valid" and [rec.get("name"), rec.get("phone"), rec.get("note")] != cells:
            problems.append("%s: row at line %d changed: %s -> %s" % (
                where, first, cells, [rec.get("name"), rec.get("phone"), rec.get("note")]))
            break
    expected_code = 1 if rejects else 0
    if run.returncode != expected_code:
        problems.append("%s: exit %d with %d rejects" % (where, run.returncode, len(rejects)))
    return problems


def main():
    if len(sys.argv) < 3 or (sys.argv[2] not in CASES and sys.argv[2] != "ingest-csv"):
        sys.exit("usage: conservation.py BINDIR TOOL [SEED...]; TOOL one of ingest-csv, " + ", ".join(CASES))
    bindir, name = sys.argv[1], sys.argv[2]
    seeds = [int(s) for s in sys.argv[3:]] or [1, 2, 3, 4, 5]
    problems = []
    for seed in seeds:
        if name == "ingest-csv":
            problems += run_csv_seed(bindir, seed)
        else:
            problems += run_seed(bindir, CASES[name], seed)
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("%s: %d seeds conserved" % (name, len(seeds)))


if __name__ == "__main__":
    main()
