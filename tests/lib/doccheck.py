#!/usr/bin/env python3
"""Documentation tests: --help, docs/manual.md and the man page agree.

The man page (valgrind-leakcheck.1) is docs/manual.md converted by
tools/make-manpage (pandoc).  For the Valgrind the tests run against:

  docs/help-in-manual     every option of the tool's own --help section is
                          in the manual's Options table, with the default
                          --help shows in [brackets] (when the table gives
                          one);
  docs/manual-in-help     every option of that table is in --help, unless
                          the table says it exists only from a later
                          Valgrind ("Valgrind 3.21 on");
  docs/manpage-build      the page builds from the manual (pandoc) and
                          renders without errors (man -l, groff warnings
                          about line adjustment aside);
  docs/help-in-manpage    every option of --help is a term of the rendered
                          page's OPTIONS list, and every term there is in
                          --help (same version rule);
  docs/manpage-sections   NAME, SYNOPSIS, DESCRIPTION, OPTIONS, SEE ALSO.

Usage: doccheck.py [PATTERN...]  (a pattern selects tests by name)
"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402
from optiontest import tool_section  # noqa: E402

MANUAL = os.path.join(lkt.REPO, "docs", "manual.md")
MAKE_MANPAGE = os.path.join(lkt.REPO, "tools", "make-manpage")


def help_options(cmd, tool):
    """{option: default or None} of TOOL's own section of --help: an entry
    starts with "    --name"; its default is the last [..] of the entry
    (the entry may go on over indented lines)."""
    p = subprocess.run(cmd + ["--tool=" + tool, "--help"],
                       capture_output=True, text=True, errors="replace",
                       env=lkt.clean_env(), timeout=120)
    title = tool[0].upper() + tool[1:]
    opts, cur = {}, None
    for line in tool_section(p.stdout, title):
        m = re.match(r"^    (--[a-z0-9-]+)", line)
        if m:
            cur = m.group(1)
            opts.setdefault(cur, None)
        elif not line.startswith("      "):
            cur = None
        if cur:
            d = re.findall(r"\[([^\]]*)\]\s*$", line)
            if d:
                opts[cur] = d[-1]
    return opts


def manual_options(text):
    """[(option, default cell, meaning cell)] of the manual's Options
    table (first cells may name several options)."""
    m = re.search(r"^## Options\n(.*?)(?=^## )", text, re.S | re.M)
    if not m:
        return []
    rows = []
    for line in m.group(1).splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) < 3:
            continue
        for opt in re.findall(r"`(--[a-z0-9-]+)", cells[0]):
            rows.append((opt, cells[1].strip("`"), cells[2]))
    return rows


def since(meaning):
    """(3, 21) if the meaning says "Valgrind 3.21 on", else None."""
    m = re.search(r"Valgrind (\d+)\.(\d+) on", meaning)
    return (int(m.group(1)), int(m.group(2))) if m else None


def render_manpage(out_dir):
    """(ok, rendered text or a message)."""
    if not shutil.which(os.environ.get("PANDOC", "pandoc")):
        return False, "pandoc not found (apt-get install pandoc)"
    if not shutil.which("man"):
        return False, "man not found (apt-get install man-db)"
    page = os.path.join(out_dir, "valgrind-leakcheck.1")
    with open(page, "w") as f:
        p = subprocess.run(["sh", MAKE_MANPAGE, MANUAL, "test"], stdout=f,
                           stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        return False, "make-manpage failed: " + p.stderr.strip()
    env = dict(lkt.clean_env(), MANWIDTH="80")
    env.pop("MAN_KEEP_FORMATTING", None)    # set at all, it keeps formatting
    p = subprocess.run(["man", "--warnings", "-l", page], capture_output=True,
                       text=True, errors="replace", env=env)
    errs = [l for l in p.stderr.splitlines()
            if l.strip() and "cannot adjust line" not in l]
    if p.returncode != 0 or errs:
        return False, "man -l: exit %d\n%s" % (p.returncode, "\n".join(errs))
    # Bold and underline off, whether written by overstriking (groff 1.22,
    # Debian 12) or as SGR escapes (groff 1.23, Debian 13).
    return True, re.sub(r"\x1b\[[0-9;]*m", "", re.sub(r".\x08", "", p.stdout))


def page_terms(text):
    """The options the rendered page's OPTIONS section defines: its list
    terms are lines indented 7 columns that start with "--" (a long term
    wraps onto more such lines), right before a definition indented 14."""
    m = re.search(r"^OPTIONS\n(.*?)(?=^[A-Z])", text, re.S | re.M)
    if not m:
        return None
    terms, block = set(), []
    for line in m.group(1).splitlines():
        if re.match(r"^ {7}--", line):
            block.append(line)
            continue
        if block and re.match(r"^ {14}\S", line):
            for t in block:
                terms.update(re.findall(r"(--[a-z0-9-]+)", t))
        block = []
    return sorted(terms)


def main(argv):
    pats = [a for a in argv if not a.startswith("-")]

    def wanted(name):
        return not pats or any(p in name for p in pats)

    tool, vg = lkt.tool_name(), lkt.tool_cmd()
    ver = lkt.vg_version()
    lkt.out("== documentation tests: --help of --tool=%s via %s (Valgrind "
            "%d.%d), docs/manual.md, the man page" % ((tool, " ".join(vg))
                                                       + ver))
    if tool != "leakcheck":
        lkt.record("PASS", "docs/skipped", "the manual is leakcheck's")
        return 0
    pre = lkt.preflight(vg, tool)
    if pre:
        lkt.record("FAIL", "docs/setup", pre)
        return 1
    helps = help_options(vg, tool)
    rows = manual_options(open(MANUAL).read())
    if not helps or not rows:
        lkt.record("FAIL", "docs/setup", "%d options in --help, %d in the "
                   "manual's Options table" % (len(helps), len(rows)))
        return 1
    man = {o: (d, since(m)) for o, d, m in rows}

    def expected(opt):
        s = man.get(opt, (None, None))[1]
        return s is None or ver >= s

    nfail = 0

    def result(name, problems, note=""):
        nonlocal nfail
        if problems:
            nfail += 1
            lkt.record("FAIL", name)
            lkt.out(lkt.indent("\n".join(problems)))
        else:
            lkt.record("PASS", name, note)

    if wanted("docs/help-in-manual"):
        problems = []
        for o in sorted(helps):
            if o not in man:
                problems.append("%s: in --help, not in docs/manual.md's "
                                "Options table" % o)
            elif helps[o] is not None and man[o][0] and \
                    helps[o] not in man[o][0]:
                problems.append("%s: --help's default [%s], the manual's %r"
                                % (o, helps[o], man[o][0]))
        result("docs/help-in-manual", problems, "%d options" % len(helps))
    if wanted("docs/manual-in-help"):
        problems = ["%s: in docs/manual.md, not in --help" % o
                    for o in sorted(man) if expected(o) and o not in helps]
        result("docs/manual-in-help", problems, "%d options" % len(man))

    names = ("docs/manpage-build", "docs/help-in-manpage",
             "docs/manpage-sections")
    if any(wanted(n) for n in names):
        d = os.path.join(lkt.REPO, "tests", "out", "docs")
        os.makedirs(d, exist_ok=True)
        ok, text = render_manpage(d)
        if wanted("docs/manpage-build"):
            result("docs/manpage-build", [] if ok else [text])
        if wanted("docs/help-in-manpage"):
            terms = page_terms(text) if ok else None
            if terms is None:
                result("docs/help-in-manpage",
                       ["no page, or no OPTIONS section in it"])
            else:
                problems = ["%s: in --help, not a term of the man page's "
                            "OPTIONS" % o for o in sorted(helps)
                            if o not in terms]
                problems += ["%s: in the man page, not in --help" % o
                             for o in terms if expected(o) and o not in helps]
                result("docs/help-in-manpage", problems,
                       "%d terms" % len(terms))
        if wanted("docs/manpage-sections"):
            heads = re.findall(r"^([A-Z][A-Z ,]+)$", text, re.M) if ok else []
            missing = [h for h in ("NAME", "SYNOPSIS", "DESCRIPTION",
                                   "OPTIONS", "SEE ALSO") if h not in heads]
            result("docs/manpage-sections",
                   ["missing sections: " + " ".join(missing)] if missing
                   else [])
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
