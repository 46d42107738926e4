#!/usr/bin/env python3
"""check-include-map.py -- does the map of the glue match the territory?

  1. Every LK_(name) that lk_include.h declares sits under a section
     heading naming the file that defines it ("/*--- Heap blocks
     (lk_heap.c) ---*/").
  2. README's "Layout" lists every lk_* source file of the tree, and no
     file that does not exist.

Usage: tests/unit/check-include-map.py    Exit status 0 if both hold.
"""
import glob
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def definitions():
    """{name: {file}} of the LK_(name) functions and variables defined."""
    defs = {}
    rx = re.compile(r"^(?!extern\b)[A-Za-z_][^\n;{(]*?\bLK_\((\w+)\)\s*(?:\(|=|\[|;)",
                    re.M)
    for path in glob.glob(os.path.join(TOP, "lk_*.c")) + \
            glob.glob(os.path.join(TOP, "lk_*.cpp")):
        text = open(path).read()
        for m in rx.finditer(text):
            defs.setdefault(m.group(1), set()).add(os.path.basename(path))
    return defs


def main():
    fails = []
    defs = definitions()
    heading = None
    n = 0
    in_comment = False
    for no, line in enumerate(open(os.path.join(TOP, "lk_include.h")), 1):
        m = re.match(r"/\*--- (.*?)\s*---\*/", line)
        if m:
            heading = m.group(1)
            continue
        # Only code counts: drop comments, which may span lines.
        code = ""
        rest = line
        while rest:
            if in_comment:
                end = rest.find("*/")
                if end < 0:
                    rest = ""
                else:
                    rest = rest[end + 2:]
                    in_comment = False
            else:
                start = rest.find("/*")
                if start < 0:
                    code += rest
                    rest = ""
                else:
                    code += rest[:start]
                    rest = rest[start + 2:]
                    in_comment = True
        for name in re.findall(r"LK_\((\w+)\)", code):
            files = defs.get(name)
            if not files:
                continue        # a type, or defined only by a macro
            n += 1
            if heading is None or not any(f in heading for f in files):
                fails.append("lk_include.h:%d: LK_(%s) is under [%s] but "
                             "defined in %s" % (no, name, heading,
                                                ", ".join(sorted(files))))
    readme = open(os.path.join(TOP, "README")).read()
    layout = readme.split("\nLayout\n", 1)[-1].split("\nLicense\n", 1)[0]
    listed = set(re.findall(r"^  (lk_\w+\.(?:c|cpp|h|hpp))\b", layout, re.M))
    present = {os.path.basename(p) for p in glob.glob(os.path.join(TOP, "lk_*"))
               if re.search(r"\.(c|cpp|h|hpp)$", p)}
    for f in sorted(present - listed):
        fails.append("README Layout does not list %s" % f)
    for f in sorted(listed - present):
        fails.append("README Layout lists %s, which does not exist" % f)
    for f in fails:
        print("FAIL: " + f)
    if not fails:
        print("ok: %d declarations under their files' headings; README "
              "Layout lists the %d lk_* files" % (n, len(present)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
