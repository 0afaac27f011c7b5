#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""json_shapes: does JSON output have the shape Documentation/lnetmrctl.rst
gives for its command?

  json_shapes.py DOC COMMAND < OUTPUT

DOC's "JSON output" block has a line "COMMAND  SHAPE" per command, SHAPE
being {key, key?, key: SHAPE} or [SHAPE] or COUNTERS.  OUTPUT is one JSON
value per line; each must match.  Prints what differs; exit 1 if anything.
"""
import json
import re
import sys


def parse(text):
    """SHAPE text -> ("obj", {key: (optional, shape)}) | ("arr", shape) |
    ("counters",) | ("value",)"""
    pos = 0

    def skip():
        nonlocal pos
        while pos < len(text) and text[pos] == " ":
            pos += 1

    def shape():
        nonlocal pos
        skip()
        if text.startswith("COUNTERS", pos):
            pos += len("COUNTERS")
            return ("counters",)
        if text[pos] == "[":
            pos += 1
            inner = shape()
            skip()
            assert text[pos] == "]", text[pos:]
            pos += 1
            return ("arr", inner)
        assert text[pos] == "{", text[pos:]
        pos += 1
        keys = {}
        while True:
            skip()
            m = re.compile(r"[A-Za-z0-9/_-]+\??").match(text, pos)
            key = m.group(0)
            pos = m.end()
            skip()
            sub = ("value",)
            if text[pos] == ":":
                pos += 1
                sub = shape()
                skip()
            keys[key.rstrip("?")] = (key.endswith("?"), sub)
            if text[pos] == ",":
                pos += 1
                continue
            assert text[pos] == "}", text[pos:]
            pos += 1
            return ("obj", keys)

    return shape()


def check(shape, value, where, errs):
    kind = shape[0]
    if kind == "value":
        if isinstance(value, (dict, list)):
            errs.append("%s: a value expected, got %s" % (where, type(value).__name__))
    elif kind == "counters":
        if not isinstance(value, dict) or len(value) < 40 or \
                not all(isinstance(v, int) for v in value.values()):
            errs.append("%s: not an object of counters" % where)
    elif kind == "arr":
        if not isinstance(value, list):
            errs.append("%s: an array expected" % where)
            return
        if not value:
            errs.append("%s: empty, nothing to check" % where)
        for i, v in enumerate(value):
            check(shape[1], v, "%s[%d]" % (where, i), errs)
    else:
        if not isinstance(value, dict):
            errs.append("%s: an object expected" % where)
            return
        for k, (optional, sub) in shape[1].items():
            if k in value:
                check(sub, value[k], "%s.%s" % (where, k), errs)
            elif not optional:
                errs.append("%s: no key %s" % (where, k))
        for k in value:
            if k not in shape[1]:
                errs.append("%s: undocumented key %s" % (where, k))


def main():
    doc, command = sys.argv[1], sys.argv[2]
    lines = open(doc).read().split("JSON output\n===========", 1)[1].splitlines()
    shapes = {}
    for line in lines:
        m = re.match(r"   (\S.*?)\s{2,}([\[{].*)$", line)
        if m:
            shapes[m.group(1)] = m.group(2)
    if command not in shapes:
        print("no shape documented for %r" % command)
        sys.exit(1)
    shape = parse(shapes[command])
    errs = []
    n = 0
    for line in sys.stdin:
        if line.strip():
            check(shape, json.loads(line), command, errs)
            n += 1
    if not n:
        errs.append("no output")
    for e in errs:
        print(e)
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
