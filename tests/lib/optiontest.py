#!/usr/bin/env python3
"""Option-list tests: every Memcheck option works with leakcheck.

For the Valgrind the tests run against, the tool options Memcheck lists
in --help and --help-debug (its own sections, not the core's) are read
from Memcheck itself, so a Memcheck option added by a new Valgrind
version is checked without editing anything.  For each option:

  - it is listed in leakcheck's --help (or --help-debug);
  - every value its syntax names (yes|no alternatives, or an example of
    <number>, <hexnumber>, <file>, kind lists, address ranges...) is
    accepted by both tools alike: same exit status and same messages
    (PIDs masked), with -q so that no preamble or note is printed;
  - a bad value ("bogus") is refused by leakcheck whenever Memcheck
    refuses it (leakcheck's message may be clearer: only the outcome is
    compared).

Options leakcheck has and Memcheck has not must be described in
docs/manual.md.  One result per option: options/--NAME (and
options/leakcheck-only).

Usage: optiontest.py [PATTERN...]
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402

MANUAL = os.path.join(lkt.REPO, "docs", "manual.md")

# An example value for each placeholder of Memcheck's --help.
EXAMPLES = [
    (r"<number>-<number>", "8192-8189"),
    (r"0xPP-0xQQ.*", "0x10000-0x20000"),
    (r"kind1,kind2.*", "definite,possible"),
    (r"heur1,heur2.*", "stdstring,newarray"),
    (r"<hexnumber>", "0xAB"),
    (r"<number>", "1000"),
    (r"<file>", "xtleak.%p.out"),
]


def tool_section(text, tool):
    """The option lines of TOOL's own part of a --help output: from
    'user options for TOOL:' or 'debugging options for TOOL:' to the end
    of that block."""
    lines, inside = [], False
    for line in text.splitlines():
        if re.match(r"^  (user|debugging) options for %s:" % tool, line):
            inside = True
            continue
        if inside and (line.startswith("  Extra options")
                       or re.match(r"^  \S", line)):
            inside = False
        if inside:
            lines.append(line)
    return lines


def options_of(lines):
    """{name: [syntax, ...]} of the entries: every "--name[=syntax]" on a
    line that starts with one ("    --show-reachable=no
    --show-possibly-lost=yes", "... same as --show-leak-kinds=all")."""
    opts = {}
    for line in lines:
        if not line.startswith("    --"):
            continue
        for m in re.finditer(r"(?:^|\s)(--[a-z0-9-]+)(?:=(\S+))?", line):
            name, syntax = m.group(1), m.group(2) or ""
            opts.setdefault(name, [])
            if syntax and syntax not in opts[name]:
                opts[name].append(syntax)
    return opts


def values_for(syntax):
    for rx, example in EXAMPLES:
        if re.fullmatch(rx, syntax):
            return [example]
    if re.fullmatch(r"[a-z0-9-]+(\|[a-z0-9-]+)*", syntax):
        return syntax.split("|")
    return None


def run(cmd, args):
    p = subprocess.run(cmd + args + ["/bin/true"], capture_output=True,
                       text=True, errors="replace", env=lkt.clean_env(),
                       stdin=subprocess.DEVNULL, timeout=120)
    err = re.sub(r"(==|--)\d+(==|--)", r"\1PID\2", p.stderr)
    return p.returncode, err


def help_of(cmd, tool):
    text = ""
    for flag in ("--help", "--help-debug"):
        p = subprocess.run(cmd + ["--tool=" + tool, flag], capture_output=True,
                           text=True, errors="replace", env=lkt.clean_env(),
                           timeout=120)
        text += p.stdout
    title = tool[0].upper() + tool[1:]
    return options_of(tool_section(text, title))


def main(argv):
    pats = [a for a in argv if not a.startswith("-")]
    tool, vg, ref = lkt.tool_name(), lkt.tool_cmd(), lkt.ref_cmd()
    lkt.out("== option tests: Memcheck's options via %s, --tool=%s via %s"
            % (" ".join(ref), tool, " ".join(vg)))
    pre = lkt.preflight(vg, tool) or lkt.preflight(ref, "memcheck")
    if pre:
        lkt.record("FAIL", "options/setup", pre)
        return 1
    mc = help_of(ref, "memcheck")
    lk = help_of(vg, tool)
    if not mc or not lk:
        lkt.record("FAIL", "options/setup",
                   "no options parsed from --help (%d Memcheck, %d %s)"
                   % (len(mc), len(lk), tool))
        return 1
    nfail = 0
    for name in sorted(mc):
        if pats and not any(p in name for p in pats):
            continue
        problems = []
        if name not in lk:
            problems.append("not in %s --help" % tool)
        tried = set()
        for syntax in mc[name]:
            vals = values_for(syntax)
            if vals is None:
                problems.append("no example value for syntax %r" % syntax)
                continue
            for v in vals:
                arg = "%s=%s" % (name, v)
                if arg in tried:
                    continue
                tried.add(arg)
                m = run(ref, ["--tool=memcheck", "-q", arg])
                t = run(vg, ["--tool=" + tool, "-q", arg])
                if m != t:
                    problems.append("%s: Memcheck exit %d %r, %s exit %d %r"
                                    % (arg, m[0], m[1], tool, t[0], t[1]))
        if not any(re.fullmatch(r"<file>", s) for s in mc[name]):
            arg = name + "=bogus"
            m = run(ref, ["--tool=memcheck", "-q", arg])
            t = run(vg, ["--tool=" + tool, "-q", arg])
            m_refused = m[0] != 0 or m[1] != ""
            t_refused = t[0] != 0 or t[1] != ""
            if m_refused != t_refused:
                problems.append("%s: Memcheck %s it (exit %d %r), %s %s it "
                                "(exit %d %r)" % (
                                    arg, "refuses" if m_refused else "takes",
                                    m[0], m[1], tool,
                                    "refuses" if t_refused else "takes",
                                    t[0], t[1]))
        if problems:
            nfail += 1
            lkt.record("FAIL", "options/" + name)
            lkt.out(lkt.indent("\n".join(problems)))
        else:
            lkt.record("PASS", "options/" + name)
    if not pats and tool != "memcheck":
        manual = open(MANUAL).read()
        extra = sorted(set(lk) - set(mc))
        undocumented = [o for o in extra if o not in manual]
        if undocumented:
            nfail += 1
            lkt.record("FAIL", "options/leakcheck-only",
                       "not in docs/manual.md: " + " ".join(undocumented))
        else:
            lkt.record("PASS", "options/leakcheck-only",
                       "%d options Memcheck lacks: %s" % (len(extra),
                                                          " ".join(extra)))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
