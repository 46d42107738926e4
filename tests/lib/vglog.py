"""Parse a Valgrind (Memcheck or leakcheck) text log into comparable facts.

parse(text, nframes) returns a dict:
  pid          the ==PID== of the process
  tags         values printed by the program with VALGRIND_PRINTF("proc=NAME\\n")
  heap         {"in_use": (bytes, blocks), "usage": (allocs, frees, bytes)}
  all_freed    True if "All heap blocks were freed -- no leaks are possible"
  leak         {"definitely lost": (bytes, blocks), ..., "suppressed": ...,
                "heuristic stdstring": (bytes, blocks), ...}
  records      list of (kind, direct, indirect, blocks, frames) tuples
  errors       list of (header, first description line, frames) for the
               non-leak errors (Invalid free, Mismatched free, fishy, ...)
  signal       "Process terminating with default action of signal ..." or None
  summary      (errors, contexts, suppressed errors, suppressed contexts)
  hints        the hint lines after LEAK SUMMARY ("Rerun with ...")
Programs should not request leak searches themselves (only the exit search
is parsed reliably).  Frames are function names only (their locations differ between tools:
each tool's preload is its own .so), cut to the top nframes.
"""
import re

PREFIX = re.compile(r"^(==|--|\*\*)(\d+)\1 ?(.*)$")
FRAME = re.compile(r"^\s+(?:at|by) 0x[0-9A-Fa-f]+: (.*?)(?: \((?:in )?[^()]*\))?$")
RECORD = re.compile(
    r"^([\d,]+)(?: \(([\d,]+) direct, ([\d,]+) indirect\))? bytes in ([\d,]+) "
    r"blocks are (definitely lost|indirectly lost|possibly lost|still reachable)"
    r" in (?:new )?loss record [\d,]+ of [\d,]+$")
SUMLINE = re.compile(r"^\s*(definitely lost|indirectly lost|possibly lost|"
                     r"still reachable|suppressed): ([\d,]+) bytes in ([\d,]+) blocks$")
HEURLINE = re.compile(r"^\s+(stdstring|length64|newarray|multipleinheritance)\s*: "
                      r"([\d,]+) bytes in ([\d,]+) blocks$")
ERRSUM = re.compile(r"^ERROR SUMMARY: (\d+) errors from (\d+) contexts "
                    r"\(suppressed: (\d+) from (\d+)\)$")
HINTS = ("Rerun with --leak-check=full", "Reachable blocks (those",
         "To see them, rerun with", "For a detailed leak analysis")


def num(s):
    return int(s.replace(",", ""))


def mask(s):
    return re.sub(r"0x[0-9A-Fa-f]+", "0x...", s)


def parse(text, nframes=4):
    res = {"pid": None, "tags": [], "heap": None, "all_freed": False,
           "leak": {}, "records": [], "errors": [], "signal": None,
           "summary": None, "hints": [], "unparsed": []}
    # Strip prefixes; keep only the process's own lines.
    lines = []
    for raw in text.splitlines():
        m = PREFIX.match(raw)
        if not m:
            continue            # not a Valgrind line (should not happen)
        if res["pid"] is None:
            res["pid"] = int(m.group(2))
        if m.group(1) == "**":
            t = m.group(3).strip()
            if t.startswith("proc="):
                res["tags"].append(t[5:])
            continue
        if m.group(1) == "--":
            continue            # verbose/debug lines
        lines.append(m.group(3))

    i = 0
    n = len(lines)

    def stack(j):
        fr = []
        while j < n and FRAME.match(lines[j]):
            fr.append(FRAME.match(lines[j]).group(1))
            j += 1
        return fr, j

    summary_seen = False
    while i < n:
        l = lines[i]
        if l.startswith("HEAP SUMMARY:"):
            m1 = re.search(r"in use at exit: ([\d,]+) bytes in ([\d,]+) blocks",
                           lines[i + 1] if i + 1 < n else "")
            m2 = re.search(r"total heap usage: ([\d,]+) allocs, ([\d,]+) frees, "
                           r"([\d,]+) bytes allocated", lines[i + 2] if i + 2 < n else "")
            res["heap"] = {
                "in_use": (num(m1.group(1)), num(m1.group(2))) if m1 else None,
                "usage": (num(m2.group(1)), num(m2.group(2)), num(m2.group(3)))
                if m2 else None}
            i += 3
            continue
        if l.startswith("All heap blocks were freed -- no leaks are possible"):
            res["all_freed"] = True
            i += 1
            continue
        m = RECORD.match(l)
        if m:
            total, d, ind, blocks, kind = m.groups()
            direct = num(d) if d else num(total)
            indirect = num(ind) if ind else 0
            fr, j = stack(i + 1)
            res["records"].append((kind, direct, indirect, num(blocks),
                                   tuple(fr[:nframes])))
            i = j
            continue
        if l.startswith("LEAK SUMMARY:"):
            summary_seen = True
            i += 1
            while i < n and lines[i].strip():
                s = SUMLINE.match(lines[i])
                h = HEURLINE.match(lines[i])
                if s:
                    res["leak"][s.group(1)] = (num(s.group(2)), num(s.group(3)))
                elif h:
                    res["leak"]["heuristic " + h.group(1)] = (num(h.group(2)),
                                                            num(h.group(3)))
                elif lines[i].startswith(HINTS):
                    res["hints"].append(lines[i])
                elif "of which reachable via heuristic:" in lines[i]:
                    pass
                else:
                    res["unparsed"].append(lines[i])
                i += 1
            continue
        if l.startswith(HINTS):
            res["hints"].append(l)
            i += 1
            continue
        m = ERRSUM.match(l)
        if m:
            if res["summary"] is None:      # -s repeats it
                res["summary"] = tuple(int(x) for x in m.groups())
            i += 1
            continue
        if l.startswith("Process terminating with default action of signal"):
            res["signal"] = l
            _, j = stack(i + 1)
            i = j
            continue
        # A non-leak error: header line(s) followed by a stack.
        if l.strip() and not l.startswith(" ") and i + 1 < n \
                and FRAME.match(lines[i + 1]):
            fr, j = stack(i + 1)
            desc = ""
            if j < n and lines[j].startswith(" ") and not FRAME.match(lines[j]):
                desc = mask(lines[j].strip())
            while j < n and lines[j].strip():
                j += 1
            res["errors"].append((mask(l), desc, tuple(fr[:nframes])))
            i = j
            continue
        i += 1
    res["summary_seen"] = summary_seen
    return res
