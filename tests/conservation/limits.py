#!/usr/bin/env python3
"""Limits (issue 9): hostile inputs end with a clear error or a bounded cost.

Each check runs one tool on one pathological input and asserts how it ends (exit status,
the reject or message) and its peak memory (ru_maxrss of the child), so that a change that
makes a limit unbounded fails here.  tests/RELIABILITY.md records the full-size runs.

  limits.py BINDIR CHECK     CHECK: huge-line, zstd-bomb, zstd-window, document-bomb,
                             wide-header, image-bombs, dedupe-block, dedupe-pairs,
                             dna-identical, pdq-self
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(SOURCE, "tests", "data")
LIMIT_DATA = os.path.join(HERE, "data")


def run(argv, stdin=None):
    """(exit status, stdout, stderr, seconds, peak RSS in MB) of one child."""
    start = time.monotonic()
    child = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = child.communicate(timeout=120)
    # The child is reaped by communicate(); its rusage is read from the RUSAGE_CHILDREN
    # maximum, so each check runs the tool it measures first and alone.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return child.returncode, out, err.decode(errors="replace"), time.monotonic() - start, peak


def stats_of(err):
    lines = [l for l in err.splitlines() if l.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def expect(condition, message):
    if not condition:
        print("FAIL: " + message)
        sys.exit(1)


def tool(bindir, name):
    path = os.path.join(bindir, "reunite-" + name)
    if not os.path.exists(path):
        print("skipped: %s not built" % path)
        sys.exit(0)
    return path


def write_lines(directory, name, lines):
    """The path of a new file in `directory` holding `lines` (an iterable of str)."""
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.writelines(lines)
    return path


def summary(check, secs, peak, err):
    print("%s: %.1f s, %.0f MB; %s" % (check, secs, peak, err.strip().splitlines()[-1][:200]))


def huge_line(bindir):
    # An 8 MB line under a 1 MB limit: rejected (truncated in the reject), its neighbours
    # written, memory near the limit, not the line.
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "huge.jsonl")
        with open(path, "wb") as f:
            f.write(b'{"id":"a"}\n{"id":"big","note":"' + b"x" * (8 << 20) + b'"}\n{"id":"b"}\n')
        rejects = os.path.join(d, "rejects.jsonl")
        code, out, err, secs, peak = run([tool(bindir, "normalize"), path, "--max-line-bytes",
                                          "1000000", "--rejects", rejects, "--stats"])
        expect(code == 1, "huge-line: exit %d, want 1: %s" % (code, err))
        expect(out.count(b"\n") == 2, "huge-line: the two short records were not written")
        reject = json.loads(open(rejects, "rb").readline())
        expect(reject["line"] == 2 and reject.get("input_truncated") is True,
               "huge-line: reject %s" % str(reject)[:200])
        expect(peak < 120, "huge-line: %.0f MB peak for a 1 MB limit" % peak)
        print("huge-line: rejected, %.1f s, %.0f MB" % (secs, peak))


def zstd_bomb(bindir):
    # 8 KB of zstd holding a 256 MiB line: streamed, the line rejected; memory bounded by
    # --max-line-bytes, not by the decompressed size.
    code, out, err, secs, peak = run([tool(bindir, "normalize"),
                                      os.path.join(LIMIT_DATA, "line-bomb-256m.jsonl.zst"),
                                      "--max-line-bytes", "1000000", "--stats"])
    expect(code == 1, "zstd-bomb: exit %d, want 1: %s" % (code, err[-300:]))
    expect("line longer than 1000000 bytes" in err, "zstd-bomb: no reject: %s" % err[-300:])
    expect(stats_of(err).get("written") == 2, "zstd-bomb: %s" % err[-200:])
    expect(peak < 120, "zstd-bomb: %.0f MB peak" % peak)
    print("zstd-bomb: rejected, %.1f s, %.0f MB" % (secs, peak))


def zstd_window(bindir):
    # A frame that asks for a 2 GiB window (zstd --long=31): refused with a message naming
    # the file, exit 2, instead of allocating the window.
    path = os.path.join(LIMIT_DATA, "window-2g.jsonl.zst")
    code, out, err, secs, peak = run([tool(bindir, "normalize"), path])
    expect(code == 2, "zstd-window: exit %d, want 2" % code)
    expect("window-2g.jsonl.zst" in err and "--long" in err and "128 MiB" in err,
           "zstd-window: message %r does not say what to do" % err)
    expect(peak < 200, "zstd-window: %.0f MB peak" % peak)
    print("zstd-window: %s" % err.strip())


def document_bomb(bindir):
    # 8 KB of zstd holding a 256 MiB JSON array, which reunite-ingest reads whole: over
    # --max-document-bytes 16M the file is refused, exit 2, having held 16 MB, not 256.
    path = os.path.join(LIMIT_DATA, "document-bomb-256m.json.zst")
    code, out, err, secs, peak = run([tool(bindir, "ingest"), "--max-document-bytes", "16M", path])
    expect(code == 2, "document-bomb: exit %d, want 2: %s" % (code, err[-300:]))
    expect("document-bomb-256m.json.zst" in err and "--max-document-bytes 16777216" in err,
           "document-bomb: message %r does not name the file and the limit" % err)
    expect(out == b"", "document-bomb: records written from a refused file")
    expect(peak < 150, "document-bomb: %.0f MB peak for a 16 MB limit" % peak)
    print("document-bomb: refused, %.1f s, %.0f MB" % (secs, peak))


def wide_header(bindir):
    # A table whose header repeats one name 200 000 times (1.2 MB): the columns become x,
    # x_2 ... x_200000 in linear time (numbering them took minutes at 40 000 columns).
    with tempfile.TemporaryDirectory() as d:
        n = 200000
        rows = [",".join(["x"] * n) + "\n", ",".join(["1"] * n) + "\n"]
        path = write_lines(d, "wide.csv", rows)
        code, out, err, secs, peak = run([tool(bindir, "ingest"), path])
        expect(code == 0, "wide-header: exit %d: %s" % (code, err[-300:]))
        record = json.loads(out)
        expect(len(record) == n + 3 and record["x_%d" % n] == "1",
               "wide-header: %d fields" % len(record))
        expect(secs < 30, "wide-header: %.1f s for %d columns" % (secs, n))
        print("wide-header: %d columns, %.1f s, %.0f MB" % (n, secs, peak))


def image_bombs(bindir):
    # Headers claiming 65000x65000 (JPEG), 65535x65535 (GIF), 16383x16383 (WebP) and 30000x30000
    # (PNG): rejected as too_many_pixels before any pixel memory is allocated.
    names = ["bomb-65000.jpg", "bomb-65535.gif", "bomb-16383.webp"]
    paths = [os.path.join(LIMIT_DATA, n) for n in names] + [os.path.join(DATA, "photo-hash", "bomb.png")]
    with tempfile.TemporaryDirectory() as d:
        rejects = os.path.join(d, "rejects.jsonl")
        code, out, err, secs, peak = run([tool(bindir, "photo-hash"), "--paths", "--rejects",
                                          rejects, "--stats"] + paths)
        expect(code == 1, "image-bombs: exit %d: %s" % (code, err))
        found = [json.loads(l) for l in open(rejects, "rb")]
        expect(len(found) == 4 and all("too_many_pixels" in r["error"] for r in found),
               "image-bombs: rejects %s" % [r["error"] for r in found])
        expect(peak < 200, "image-bombs: %.0f MB peak" % peak)
        print("image-bombs: 4 rejected as too_many_pixels, %.0f MB" % peak)


def dedupe_block(bindir):
    # 5000 records that agree on every blocking key: every block exceeds --max-block-size 2000
    # and is skipped (counted), so the run stays linear.
    with tempfile.TemporaryDirectory() as d:
        path = write_lines(d, "same.jsonl", (
            '{"kind":"case","id":"C%05d","name":"张伟","sex":"男","birth_date":"2008-05-12",'
            '"phone":"13800138000","id_number":"510107200805120015"}\n' % i for i in range(5000)))
        code, out, err, secs, peak = run([tool(bindir, "dedupe"), path, "--stats"])
        expect(code == 0, "dedupe-block: exit %d: %s" % (code, err[-300:]))
        expect(out.count(b"\n") == 5000, "dedupe-block: records lost")
        expect("oversized_blocks" in err, "dedupe-block: skipped blocks not counted: %s" % err[-300:])
        expect(secs < 60, "dedupe-block: %.1f s" % secs)
        summary("dedupe-block", secs, peak, err)


def dedupe_pairs(bindir):
    # 200000 records in blocks of 2000 (as large as --max-block-size lets through): the rules
    # would propose 600 million pairs (15 GB).  Stopped by --max-pairs before the memory is
    # taken, with a message naming the rule and the ways out, exit 2.  (The default limit
    # depends on the machine's memory, so the check sets one.)
    with tempfile.TemporaryDirectory() as d:
        path = write_lines(d, "blocks.jsonl", (
            '{"kind":"case","id":"C%06d","name":"张伟%d","sex":"男","birth_date":"2008-05-12"}\n'
            % (i, i // 2000) for i in range(200000)))
        code, out, err, secs, peak = run([tool(bindir, "dedupe"), "--max-pairs", "50000000", path])
        expect(code == 2, "dedupe-pairs: exit %d, want 2: %s" % (code, err[-300:]))
        expect("more than --max-pairs 50000000" in err and "--block" in err, "dedupe-pairs: message %r" % err)
        expect(peak < 500, "dedupe-pairs: %.0f MB peak" % peak)
        summary("dedupe-pairs", secs, peak, err)


def pdq_self(bindir):
    # match --self on 20000 copies of one hash: 200 million pairs, which the index join would
    # hold in memory (3 GB) before writing 30 GB.  Stopped at --max-pairs (here 2 million) with
    # exit 2 and a message, its memory bounded by the limit.
    with tempfile.TemporaryDirectory() as d:
        path = write_lines(d, "same.jsonl", (
            '{"kind":"photo","id":"P%05d","pdq":"%s","quality":90}\n' % (i, "c2b75be2" * 8)
            for i in range(20000)))
        code, out, err, secs, peak = run([tool(bindir, "photo-hash"), "match", "--self",
                                          "--method", "index", "--max-pairs", "2000000", path])
        expect(code == 2, "pdq-self: exit %d, want 2: %s" % (code, err[-300:]))
        expect("more than --max-pairs 2000000" in err, "pdq-self: message %r" % err)
        expect(peak < 300, "pdq-self: %.0f MB peak" % peak)
        expect(secs < 60, "pdq-self: %.1f s" % secs)
        summary("pdq-self", secs, peak, err)


def dna_identical(bindir):
    # 20000 identical reference profiles and the same profile as the query: every reference
    # passes the exclusion filter; --top bounds the output.
    parents = open(os.path.join(DATA, "dna-match", "parents.jsonl")).readline()
    loci = json.dumps(json.loads(parents)["loci"], separators=(",", ":"))
    with tempfile.TemporaryDirectory() as d:
        refs = write_lines(d, "refs.jsonl", (
            '{"kind":"sample","id":"R%d","case":"K%d","role":"%s","loci":%s}\n'
            % (i, i // 2, "father" if i % 2 else "mother", loci) for i in range(20000)))
        query = write_lines(d, "query.jsonl", ['{"kind":"sample","id":"Q","loci":%s}\n' % loci])
        code, out, err, secs, peak = run([tool(bindir, "dna-match"), "--against", refs, query,
                                          "--stats"])
        expect(code == 0, "dna-identical: exit %d: %s" % (code, err[-300:]))
        expect(out.count(b"\n") <= 10, "dna-identical: %d matches, --top 10" % out.count(b"\n"))
        expect(secs < 60, "dna-identical: %.1f s" % secs)
        summary("dna-identical", secs, peak, err)


CHECKS = {"huge-line": huge_line, "zstd-bomb": zstd_bomb, "zstd-window": zstd_window,
          "document-bomb": document_bomb, "wide-header": wide_header,
          "image-bombs": image_bombs, "dedupe-block": dedupe_block,
          "dedupe-pairs": dedupe_pairs, "dna-identical": dna_identical, "pdq-self": pdq_self}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in CHECKS:
        sys.exit("usage: limits.py BINDIR CHECK; CHECK one of " + ", ".join(CHECKS))
    CHECKS[sys.argv[2]](sys.argv[1])
