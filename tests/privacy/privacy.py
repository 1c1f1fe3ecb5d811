#!/usr/bin/env python3
"""Privacy of diagnostics (issue 9): messages name file, line and field, never values.

For a tool, feeds inputs whose names, ID numbers, phones and genotypes are sentinel strings,
in records the tool must reject or flag (malformed JSON, invalid UTF-8, wrong types, bad
alleles, bad rows of CSV and genotype tables), runs it without --rejects (rejects reported on
stderr) and with --rejects and --stats, and checks that stderr never holds a sentinel, while
it does hold the file:line of the rejects (so the test can fail).  The --rejects file carries
the raw input by design and is not checked.

  privacy.py BINDIR TOOL       TOOL: ingest, normalize, dedupe, dna-match, photo-hash,
                               pseudonymize, report, synth
"""
import os
import subprocess
import sys
import tempfile

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(SOURCE, "tests", "data")

# Values no message has a reason to contain; the allele is numeric-looking as well, since a
# message quoting a bad allele would most likely quote a number.
NAME = "Sentinelname Qxzv"
NAME_HAN = "菥蓂蘡"
ID_NUMBER = "99887719990101777X"
PHONE = "13577731999"
ALLELE = "SENTINELALLELE"
ALLELE_NUM = "77.7"
SENTINELS = [NAME, "Sentinelname", "Qxzv", NAME_HAN, ID_NUMBER, "99887719990101", PHONE,
             "577731999", ALLELE, ALLELE_NUM]

PERSON = ('"name":"%s","name_zh":"%s","id_number":"%s","phone":"%s","reporter":{"name":"%s","phone":"%s"}'
          % (NAME, NAME_HAN, ID_NUMBER, PHONE, NAME, PHONE))
LOCI_BAD = '"loci":{"D8S1179":["%s","12"],"TH01":["%s"],"VWA":["14","16","%s"],"FGA":"%s/22"}' % (
    ALLELE, ALLELE_NUM, ALLELE_NUM, ALLELE)

# JSON Lines that every tool must reject or flag, each holding the sentinels.
BAD_LINES = [
    ('{"id":"P1",%s' % PERSON).encode(),                             # truncated object
    ('{"id":"P2",%s}}' % PERSON).encode(),                           # trailing content
    ('{"id":"P3",%s,"x":"\xff"}' % PERSON).encode("utf-8").replace(b"\xc3\xbf", b"\xff"),  # bad UTF-8
    ('{"id":"P4",%s,"x":"a\x00b"}' % PERSON).encode(),               # NUL
    ('[{"id":"P5",%s}]' % PERSON).encode(),                          # not an object
    ('{"id":5,%s}' % PERSON).encode(),                               # id of the wrong type
    ('{%s}' % PERSON).encode(),                                      # no id
    ('{"id":"P8","name":["%s"],"phone":{"n":"%s"},"id_number":%s}' % (NAME, PHONE, ID_NUMBER[:17])).encode(),
    ('{"id":"P9","kind":"sample",%s,%s}' % (PERSON, LOCI_BAD)).encode(),
    ('{"id":"P10","kind":"sample","loci":["%s","%s"],%s}' % (ALLELE, ALLELE_NUM, PERSON)).encode(),
    ('{"id":"P11","hypothesis":"PC","a":{%s},"b":{"loci":{"TH01":["%s","9"]}}}' % (LOCI_BAD, ALLELE)).encode(),
    ('{"id":"P12","pdq":"%s","quality":"%s","photos":["%s.jpg"],%s}' % (NAME, PHONE, NAME, PERSON)).encode(),
    ('{"id":"P12",%s}' % PERSON).encode(),                           # duplicate id (dedupe)
    ('{"id":"P13","note":"%s",%s}' % ("x" * 5000, PERSON)).encode(),  # over --max-line-bytes 4096
]

CSV = ("name,id_number,phone,birth_date\n"
       '"%s,%s,%s,2008\n'  # unterminated quote
       '%s,"%s"x,%s,2008\n'  # text after a closing quote
       % (NAME, ID_NUMBER, PHONE, NAME, ID_NUMBER, PHONE)).encode() + (
       "%s,%s,%s,\xff2008\n" % (NAME, ID_NUMBER, PHONE)).encode().replace(b"\xc3\xbf", b"\xff") + (
       "%s,%s,%s,%s\n" % (NAME, ID_NUMBER, PHONE, "y" * 5000)).encode()
WIDE = ("Sample Name,D8S1179,D21S11,TH01,VWA\n"
        "S1,%s,28/30,9,14/16\n"
        "S2,12/14/%s,28/30,%s,14\n"
        "S3,12/14,28/30,9/9.3,%s\n" % (ALLELE, ALLELE_NUM, ALLELE_NUM, ALLELE)).encode()
GENEMAPPER = ("Sample Name\tMarker\tDye\tAllele 1\tAllele 2\tAllele 3\n"
              "S1\tD8S1179\tB\t%s\t12\t\n"
              "S1\tTH01\tB\t9\t%s\t%s\n"
              "S2\tVWA\tG\t%s\t\t\n" % (ALLELE, ALLELE_NUM, ALLELE, ALLELE_NUM)).encode()
CMF = ('<?xml version="1.0"?><CODISImportFile><SOURCELAB>L</SOURCELAB>'
       '<SPECIMEN><SPECIMENID>%s</SPECIMENID><LOCUS><LOCUSNAME>D8S1179</LOCUSNAME>'
       '<ALLELE><ALLELEVALUE>%s</ALLELEVALUE></ALLELE></LOCUS></SPECIMEN>'
       '<SPECIMEN><SPECIMENID>X2</SPECIMENID><LOCUS><LOCUSNAME>TH01</LOCUSNAME>'
       '<ALLELE><ALLELEVALUE>%s</ALLELEVALUE></ALLELE><ALLELE><ALLELEVALUE>9</ALLELEVALUE></ALLELE>'
       '<ALLELE><ALLELEVALUE>%s</ALLELEVALUE></ALLELE></LOCUS></SPECIMEN>'
       '<SPECIMEN><SPECIMENID>X3</SPECIMENID><LOCUS><LOCUSNAME>%s</LOCUSNAME>'
       '<ALLELE><ALLELEVALUE>12</ALLELEVALUE></ALLELE></LOCUS></SPECIMEN></CODISImportFile>'
       % (NAME, ALLELE, ALLELE_NUM, ALLELE, NAME)).encode()


def b(bindir, tool):
    return os.path.join(bindir, "reunite-" + tool)


def commands(bindir, tool, d):
    """(label, argv, inputs) for a tool; inputs are the files the rejects should name."""
    jl = os.path.join(d, "bad.jsonl")
    refs = os.path.join(d, "refs.jsonl")
    if tool == "ingest":
        return [("jsonl", [b(bindir, "ingest"), "--format", "jsonl", jl], [jl])] + [
            (fmt, [b(bindir, "ingest"), "--format", fmt, os.path.join(d, name)], [os.path.join(d, name)])
            for fmt, name in [("csv", "bad.csv"), ("str-wide", "wide.csv"),
                              ("genemapper", "genemapper.txt"), ("cmf", "cmf.xml")]]
    if tool == "normalize":
        return [("records", [b(bindir, "normalize"), jl], [jl])]
    if tool == "dedupe":
        return [("records", [b(bindir, "dedupe"), jl], [jl]),
                ("pairs", [b(bindir, "dedupe"), "--pairs", "--all-pairs", jl], [jl])]
    if tool == "dna-match":
        return [("search-queries", [b(bindir, "dna-match"), "--against", refs, jl], [jl]),
                ("search-references", [b(bindir, "dna-match"), "--against", jl, refs], [jl]),
                ("eval", [b(bindir, "dna-match"), "eval", jl], [jl])]
    if tool == "pseudonymize":
        key = os.path.join(d, "key")
        subprocess.run([b(bindir, "pseudonymize"), "--generate-key", key], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return [("records", [b(bindir, "pseudonymize"), "--key-file", key, jl], [jl])]
    if tool == "synth":
        world = os.path.join(d, "world")
        subprocess.run([b(bindir, "synth"), "world", "--out", world, "--families", "3", "-q"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return [("check", [b(bindir, "synth"), "check", "--answers",
                           os.path.join(world, "answers.jsonl"), jl], [jl])]
    if tool == "report":
        return [("text", [b(bindir, "report"), jl], [jl])]
    if tool == "photo-hash":
        return [("records", [b(bindir, "photo-hash"), "--photo-root", d, jl], [jl]),
                ("match", [b(bindir, "photo-hash"), "match", "--self", jl], [jl])]
    sys.exit("unknown tool " + tool)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: privacy.py BINDIR TOOL")
    bindir, tool = sys.argv[1], sys.argv[2]
    problems = []
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "bad.jsonl"), "wb") as f:
            f.write(b"\n".join(BAD_LINES) + b"\n")
        for name, data in [("bad.csv", CSV), ("wide.csv", WIDE), ("genemapper.txt", GENEMAPPER),
                           ("cmf.xml", CMF)]:
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        with open(os.path.join(d, "refs.jsonl"), "wb") as f:
            parents = open(os.path.join(DATA, "dna-match", "parents.jsonl"), "rb").read()
            f.write(b"\n".join(parents.split(b"\n")[:5]) + b"\n")
        # A photo named after a person is still only a path; make it unreadable.
        with open(os.path.join(d, NAME + ".jpg"), "wb") as f:
            f.write(b"\xff\xd8\xff" + PHONE.encode() * 3)
        checked = 0
        for label, argv, inputs in commands(bindir, tool, d):
            for extra in ([], ["--rejects", os.path.join(d, "rejects.jsonl"), "--stats"]):
                full = argv + extra + ["--max-line-bytes", "4096"]
                run = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
                err = run.stderr.decode("utf-8", errors="replace")
                where = "%s %s%s" % (tool, label, " --rejects" if extra else "")
                if run.returncode not in (0, 1):
                    problems.append("%s: exit %d: %s" % (where, run.returncode, err[-300:]))
                for s in SENTINELS:
                    if s in err:
                        line = next(l for l in err.splitlines() if s in l)
                        problems.append("%s: stderr shows the value %r: %s" % (where, s, line))
                if not extra and not any(os.path.basename(i) + ":" in err for i in inputs):
                    problems.append("%s: no reject named its file:line on stderr (test inert?):\n%s" % (where, err[:300]))
                checked += 1
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print("%s: %d runs, no sentinel value in diagnostics" % (tool, checked))


if __name__ == "__main__":
    main()
