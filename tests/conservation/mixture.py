# Random mixtures of valid and malformed JSON Lines, shared by the conservation tests.
# Standard library only; every choice comes from a seeded random.Random, so a seed names one
# input exactly.
#
# Each generated line has a class:
#   valid     a record the tool must accept and write (or use)
#   reject    malformed for every tool (bad JSON, invalid UTF-8, a NUL byte, not an object,
#             over --max-line-bytes): the reader must reject it, naming its line
#   either    well-formed JSON the tool may accept or reject (wrong types in known fields,
#             duplicate keys, deep nesting, absurdly long strings, odd escapes): it must not
#             be lost
#   blank     an empty or white-space line: skipped, not a record
import json

MAX_LINE_BYTES = 65536  # what the tests pass as --max-line-bytes


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class Line:
    def __init__(self, cls, data, ending=b"\n"):
        self.cls = cls  # valid, reject, either, blank
        self.data = data  # bytes without the line end
        self.ending = ending


def malformed_line(rng, template):
    """Bytes that no JSON Lines reader may accept."""
    text = dumps(template).encode()
    kind = rng.randrange(12)
    if kind == 0:
        return text[: rng.randrange(1, max(2, len(text) - 1))]  # truncated object
    if kind == 1:
        return text + b"}"  # trailing content
    if kind == 2:
        return text.replace(b'"', b"'")  # single quotes
    if kind == 3:  # invalid UTF-8 inside a string
        bad = rng.choice([b"\xff", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80",
                          b"\xf8\x88\x80\x80\x80", b"\xc0\xaf"])
        return b'{"id":"bad' + bad + b'","note":"x"}'
    if kind == 4:  # a raw NUL byte inside a string, or between tokens
        return rng.choice([b'{"id":"a\x00b"}', b'{"id":"a"}\x00', b'\x00{"id":"a"}'])
    if kind == 5:  # not an object
        return rng.choice([b"[1,2,3]", b'"just a string"', b"42", b"null", b"true", b"[]",
                           b'[{"id":"a"}]'])
    if kind == 6:  # over the line limit
        return b'{"id":"long","note":"' + b"x" * (MAX_LINE_BYTES + rng.randrange(1, 5000)) + b'"}'
    if kind == 7:  # random printable garbage
        return bytes(rng.randrange(0x21, 0x7F) for _ in range(rng.randrange(1, 60)))
    if kind == 8:  # random bytes (no line end or white space)
        allowed = [b for b in range(256) if b not in (9, 10, 13, 32)]
        return bytes(rng.choice(allowed) for _ in range(rng.randrange(1, 60)))
    if kind == 9:  # unescaped control character in a string
        return b'{"id":"a\x01b"}'
    if kind == 10:  # two objects on one line
        return text + text
    return b'{"id":"a",}'  # trailing comma


def deep(depth):
    return "[" * depth + "]" * depth


# Raw JSON string contents that are valid but odd: escapes, a surrogate pair, separators.
ODD_TEXT = ["\\u0000", "\\ud83d\\ude00", "a\u2028b", "\u200b", "\u0301", "\ufeff", "\\/\\b\\f",
            "\U0001F600"]


def either_line(rng, template):
    """Well-formed JSON that a tool may reject or accept but must account for."""
    obj = dict(template)
    kind = rng.randrange(7)
    key = rng.choice(list(obj.keys()))
    if kind == 0:  # wrong types in known fields
        obj[key] = rng.choice([5, 1.5e300, True, None, [], {}, ["x", 1], {"a": "b"}, -0.0])
        return dumps(obj).encode()
    if kind == 1:  # duplicate key
        text = dumps(obj)
        return (text[:-1] + "," + json.dumps(key) + ":" + dumps(obj[key]) + "}").encode()
    if kind == 2:  # deep nesting, past what simdjson accepts (1024) or not
        return ('{"id":"deep%d","nest":%s}' % (rng.randrange(10**6),
                                               deep(rng.choice([50, 500, 1100, 3000])))).encode()
    if kind == 3:  # absurdly long string under the line limit
        obj[key] = "长" * rng.randrange(5000, MAX_LINE_BYTES // 3 - 200)
        return dumps(obj).encode()
    if kind == 4:  # odd but valid text, written as raw JSON
        obj[key] = "@ODD@"
        return dumps(obj).replace("@ODD@", rng.choice(ODD_TEXT)).encode()
    if kind == 5:  # empty object
        return b"{}"
    return (dumps(obj)[:-1] + ',"":"","\\u0069d":"x"}').encode()  # "id" spelled with an escape


def mixture(rng, valid_records, n_lines):
    """n_lines Lines; valid_records(rng, i) gives the i-th valid record (a dict)."""
    lines = []
    for i in range(n_lines):
        template = valid_records(rng, i)
        roll = rng.random()
        if roll < 0.55:
            line = Line("valid", dumps(template).encode())
        elif roll < 0.80:
            line = Line("reject", malformed_line(rng, template))
        elif roll < 0.95:
            line = Line("either", either_line(rng, template))
        else:
            line = Line("blank", rng.choice([b"", b"   ", b"\t"]))
        if rng.random() < 0.2:
            line.ending = b"\r\n"
        lines.append(line)
    if lines and rng.random() < 0.5:
        lines[-1].ending = b""  # no final newline
    return lines


def write_lines(path, lines):
    with open(path, "wb") as out:
        for line in lines:
            out.write(line.data + line.ending)
