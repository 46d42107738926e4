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
  docs/manpage-sections   NAME, SYNOPSIS, DESCRIPTION, OPTIONS, SEE ALSO;
  docs/example/NAME       each example of the manual (below) prints what
                          the manual shows, and what Memcheck prints;
  docs/examples-used      every program in docs/examples/ is an example's;
  docs/ctest              the manual's CTest example (blocks after
                          "<!-- ctest: CMakeLists.txt | leakcheck.supp |
                          commands | output -->"): the project and the
                          suppression file as shown, the programs from the
                          example directories, the commands' -D options,
                          run under leakcheck and under Memcheck; CTest's
                          output from "-- Processing memory checking
                          output:" on must be the manual's under both
                          (the logs' directory aside).  Skipped when cmake
                          is missing.

The manual's examples are fenced blocks whose first line is a command
"$ valgrind --tool=leakcheck OPTIONS ./PROG [ARGS] [>/dev/null]".  PROG is built from
docs/examples/PROG.c or .cpp (or examples/PROG.c) with -g -O0 into
tests/out/docs/examples/ and run there with the options shown; its stderr,
through tests/regtest/filter_stderr (--keep-loss-records, with the example
directories as our sources: line numbers in them are kept), must be the
block's text (leading and trailing empty lines aside; a line "..." stands
for any number of lines).  A last line pair "$ echo $?" / N checks the
exit status.  The same run under the reference Memcheck (--tool=memcheck,
leakcheck's own options left out) must print the same filtered text.
The outputs are Debian 12's: elsewhere an example whose text differs
passes (with a note) if leakcheck prints exactly what Memcheck prints,
as the regression tests' fallback does.  An
HTML comment on the line before the block qualifies it:

  <!-- example: valgrind 3.22-; memcheck origins -->

  valgrind SPEC       the block is the output of these versions only
                      (tests/lib/lkt.py version_in: 3.22-, 3.19-3.26);
                      on others the example is skipped, saying so
  memcheck origins    Memcheck's output is the block's less the
                      --track-leak-origins lines
  memcheck differs    no comparison with Memcheck (the manual must say why)
  cflags FLAGS        more compiler flags

Usage: doccheck.py [--print] [PATTERN...]  (a pattern selects tests by
name; --print shows each example's actual output instead of checking)
"""
import concurrent.futures
import os
import re
import shlex
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402
from optiontest import tool_section  # noqa: E402

MANUAL = os.path.join(lkt.REPO, "docs", "manual.md")
MAKE_MANPAGE = os.path.join(lkt.REPO, "tools", "make-manpage")
EXAMPLE_DIRS = [os.path.join(lkt.REPO, "docs", "examples"),
                os.path.join(lkt.REPO, "examples")]
FILTER = os.path.join(lkt.TESTS, "regtest", "filter_stderr")
EXDIR = os.path.join(lkt.OUT, "docs", "examples")
LK_ONLY_OPTS = ("--track-leak-origins=", "--fast-stack-traces=",
                "--xml-protocoltool=")


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


class Example:
    def __init__(self, line, meta, cmd, body):
        self.line, self.meta = line, meta
        self.error = None
        self.status = None
        argv = shlex.split(cmd)
        progs = [i for i, a in enumerate(argv) if a.startswith("./")]
        if argv[:2] != ["valgrind", "--tool=leakcheck"] or not progs:
            self.error = "not 'valgrind --tool=leakcheck OPTIONS ./PROG'"
            progs = [len(argv)]
        self.opts = argv[2:progs[0]]
        self.prog = argv[progs[0]][2:] if progs[0] < len(argv) else "?"
        self.args = argv[progs[0] + 1:]
        if self.args[-1:] == [">/dev/null"]:
            self.args = self.args[:-1]  # stdout is not shown either way
        if len(body) >= 2 and body[-2].strip() == "$ echo $?":
            self.status = int(body[-1].strip())
            body = body[:-2]
        self.expected = strip_blank(body)
        self.src = None
        for d in EXAMPLE_DIRS:
            for ext in (".c", ".cpp"):
                p = os.path.join(d, self.prog + ext)
                if self.src is None and os.path.exists(p):
                    self.src = p
        if self.src is None and not self.error:
            self.error = "no program %s.c or .cpp in %s" % (
                self.prog, " or ".join(os.path.relpath(d, lkt.REPO)
                                       for d in EXAMPLE_DIRS))


def strip_blank(lines):
    lines = [l.rstrip() for l in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def manual_examples(text):
    """The manual's examples (see the module's doc), in order."""
    exs, lines = [], text.split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].startswith("```"):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        body = lines[i + 1:j]
        if body and body[0].startswith("$ valgrind"):
            meta = {}
            k = i - 1
            while k >= 0 and not lines[k].strip():
                k -= 1
            m = re.match(r"^<!-- example: (.*?) -->$", lines[k].strip()) \
                if k >= 0 else None
            if m:
                for item in m.group(1).split(";"):
                    key, _, val = item.strip().partition(" ")
                    meta[key] = val.strip()
            exs.append(Example(i + 1, meta, body[0][2:], body[1:]))
        i = j + 1
    return exs


def matches(expected, got):
    """GOT's lines are EXPECTED's, where a line "..." stands for any
    number of lines."""
    if not expected:
        return not got
    if expected[0] == "...":
        return any(matches(expected[1:], got[k:])
                   for k in range(len(got) + 1))
    return bool(got) and got[0] == expected[0] and \
        matches(expected[1:], got[1:])


def run_example(ex, vg, tool, exe):
    """(filtered stderr lines, exit status) of EX under VG --tool=TOOL."""
    opts = ex.opts
    if tool != "leakcheck":
        opts = [o for o in opts if not o.startswith(LK_ONLY_OPTS)]
    cmd = vg + ["--tool=" + tool, "--command-line-only=yes"] + opts + \
        ["./" + os.path.basename(exe)] + ex.args
    p = subprocess.run(cmd, cwd=os.path.dirname(exe), capture_output=True,
                       text=True, errors="replace", env=lkt.clean_env(),
                       stdin=subprocess.DEVNULL, timeout=300)
    filt = [sys.executable, FILTER, "--keep-loss-records"]
    for d in EXAMPLE_DIRS:
        filt += ["--srcdir", d]
    f = subprocess.run(filt, input=p.stderr, capture_output=True, text=True)
    st = p.returncode if p.returncode >= 0 else 128 - p.returncode
    return strip_blank(f.stdout.split("\n")), st    # the shell's $?


def debian12():
    """True on Debian 12, whose C library and compiler the manual's
    outputs come from."""
    try:
        return open("/etc/debian_version").read().startswith("12")
    except OSError:
        return False


def check_example(name, ex, vg, ref, show):
    """(status, note or problem text)."""
    if ex.error:
        return "FAIL", "docs/manual.md:%d: %s" % (ex.line, ex.error)
    spec = ex.meta.get("valgrind")
    if spec and not lkt.version_in(spec):
        return "SKIP", "the manual shows Valgrind %s's output" % spec
    exe = os.path.join(EXDIR, name.split("/")[-1])
    flags = shlex.split(ex.meta.get("cflags", ""))
    if ex.src.endswith(".cpp"):
        flags.append("-std=c++17")
    err = lkt.compile_prog(ex.src, exe, flags)
    if err:
        return "FAIL", err
    got, st = run_example(ex, vg, "leakcheck", exe)
    if show:
        return "SHOW", "\n".join(["$ valgrind --tool=leakcheck " +
                                   " ".join(ex.opts + ["./" + ex.prog]
                                            + ex.args)] + got +
                                  ["$ echo $?", str(st)])
    problems = []
    how = ex.meta.get("memcheck", "same")
    if not matches(ex.expected, got) and not how.startswith("differs") \
            and not debian12():
        # The manual shows Debian 12's output; another C library and
        # compiler change frames and totals under Memcheck as well.
        mgot, mst = run_example(ex, ref, "memcheck", exe)
        if how == "same" and mgot == got and mst == st:
            return "PASS", ("not Debian 12: not the manual's text, but what "
                            "Memcheck prints here")
    if not matches(ex.expected, got):
        problems.append("docs/manual.md:%d: the manual's text is not what "
                        "leakcheck prints:\n%s" % (
                            ex.line, lkt.short_diff(
                                "\n".join(ex.expected), "\n".join(got),
                                "manual", "leakcheck")))
    if ex.status is not None and st != ex.status:
        problems.append("exit status %d, the manual says %d"
                        % (st, ex.status))
    if not how.startswith("differs"):
        mgot, mst = run_example(ex, ref, "memcheck", exe)
        want = got
        if how == "origins":
            from regtest import strip_origins
            want = strip_blank(strip_origins("\n".join(got) + "\n")
                               .split("\n"))
        elif how != "same":
            problems.append("unknown 'memcheck %s'" % how)
        if mgot != want:
            problems.append("Memcheck prints something else:\n" +
                            lkt.short_diff("\n".join(want),
                                           "\n".join(mgot),
                                           "leakcheck", "memcheck"))
        if mst != st:
            problems.append("exit status: leakcheck %d, memcheck %d"
                            % (st, mst))
    if problems:
        return "FAIL", "\n".join(problems)
    return "PASS", ("Memcheck's too" if not how.startswith("differs")
                    else "not compared with Memcheck")


def check_examples(vg, wanted, show):
    """Runs the manual's examples.  Returns the number of failures."""
    exs = manual_examples(open(MANUAL).read())
    names, seen = [], {}
    for ex in exs:
        seen[ex.prog] = seen.get(ex.prog, 0) + 1
        names.append("docs/example/%s%s" % (
            ex.prog, "" if seen[ex.prog] == 1 else "-%d" % seen[ex.prog]))
    todo = [(n, ex) for n, ex in zip(names, exs) if wanted(n)]
    nfail = 0
    ref = lkt.ref_cmd()
    with concurrent.futures.ThreadPoolExecutor(lkt.jobs()) as pool:
        futs = [pool.submit(check_example, n, ex, vg, ref, show)
                for n, ex in todo]
        for (n, ex), fut in zip(todo, futs):
            try:
                st, note = fut.result()
            except (OSError, subprocess.SubprocessError) as e:
                st, note = "FAIL", str(e)
            if st == "SHOW":
                lkt.out("== %s (docs/manual.md:%d)\n%s\n" % (n, ex.line,
                                                              note))
            elif st == "FAIL":
                nfail += 1
                lkt.record("FAIL", n)
                lkt.out(lkt.indent(note))
            else:
                lkt.record(st, n, note)
    if wanted("docs/examples-used") and not show:
        used = {ex.src for ex in exs if ex.src}
        unused = sorted(f for f in os.listdir(EXAMPLE_DIRS[0])
                        if f.endswith((".c", ".cpp")) and
                        os.path.join(EXAMPLE_DIRS[0], f) not in used)
        if unused:
            nfail += 1
            lkt.record("FAIL", "docs/examples-used")
            lkt.out(lkt.indent("programs no example of docs/manual.md "
                               "runs: " + " ".join(unused)))
        elif not exs:
            nfail += 1
            lkt.record("FAIL", "docs/examples-used", "no examples found")
        else:
            lkt.record("PASS", "docs/examples-used",
                       "%d examples" % len(exs))
    return nfail


def ctest_blocks(text):
    """{name: [lines]} of the blocks after "<!-- ctest: NAME -->"."""
    blocks = {}
    for m in re.finditer(r"^<!-- ctest: (\S+) -->\n\n```\n(.*?)^```$",
                         text, re.S | re.M):
        blocks[m.group(1)] = m.group(2).rstrip("\n").split("\n")
    return blocks


def ctest_tail(out, builddir):
    """CTest's output from its memory-checking summary on, the logs'
    directory replaced by the manual's."""
    lines = out.split("\n")
    for i, l in enumerate(lines):
        if l.startswith("-- Processing memory checking output:"):
            return strip_blank([l.replace(builddir + "/",
                                          "/home/me/demo/build/")
                                for l in lines[i:]])
    return None


def run_ctest(blocks, vg, tool, d):
    """Runs the manual's CTest example with TOOL.  Returns (tail or
    None, log)."""
    shutil.rmtree(d, ignore_errors=True)
    src, build = os.path.join(d, "demo"), os.path.join(d, "demo", "build")
    os.makedirs(src)
    for name in ("CMakeLists.txt", "leakcheck.supp"):
        with open(os.path.join(src, name), "w") as f:
            f.write("\n".join(blocks[name]) + "\n")
    progs = re.search(r"foreach\(prog ([^)]*)\)",
                      "\n".join(blocks["CMakeLists.txt"]))
    for prog in (progs.group(1).split() if progs else []):
        for ed in EXAMPLE_DIRS:
            if os.path.exists(os.path.join(ed, prog + ".c")):
                shutil.copy(os.path.join(ed, prog + ".c"), src)
                break
    cmds = " ".join(l.rstrip("\\").strip() for l in blocks["commands"])
    cmds = cmds.replace("$PWD", src)
    defs = [a for a in shlex.split(cmds) if a.startswith("-DMEMORYCHECK_")]
    defs = [a.replace("--tool=leakcheck", "--tool=" + tool) for a in defs]
    exe = vg[0] if os.sep in vg[0] else (shutil.which(vg[0]) or vg[0])
    extra = ["-DMEMORYCHECK_TYPE=Valgrind",
             "-DMEMORYCHECK_COMMAND=" + os.path.abspath(exe)]
    if len(vg) > 1:     # a launcher with arguments: they go first
        defs = [a.replace('OPTIONS=', 'OPTIONS=' + " ".join(vg[1:]) + " ", 1)
                if a.startswith("-DMEMORYCHECK_COMMAND_OPTIONS=") else a
                for a in defs]
    env = dict(lkt.clean_env(), HOME=d)
    log = ""
    for cmd, cwd in ((["cmake", "-S", ".", "-B", "build"] + defs + extra,
                      src),
                     (["cmake", "--build", "build"], src),
                     (["ctest", "-T", "memcheck"], build)):
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                           errors="replace", env=env, timeout=600,
                           stdin=subprocess.DEVNULL)
        log += "$ %s\n%s%s" % (" ".join(shlex.quote(c) for c in cmd),
                               p.stdout, p.stderr)
        if p.returncode != 0 and cmd[0] != "ctest":
            return None, log
    return ctest_tail(p.stdout, build), log


def check_ctest(vg):
    """(status, note)."""
    if not (shutil.which("cmake") and shutil.which("ctest")):
        return "SKIP", "cmake not found (apt-get install cmake)"
    blocks = ctest_blocks(open(MANUAL).read())
    missing = [n for n in ("CMakeLists.txt", "leakcheck.supp", "commands",
                           "output") if n not in blocks]
    if missing:
        return "FAIL", "docs/manual.md has no ctest block " + " ".join(missing)
    want = strip_blank(blocks["output"])
    problems = []
    for tool, cmd in (("leakcheck", vg), ("memcheck", lkt.ref_cmd())):
        d = os.path.join(lkt.OUT, "docs", "ctest-" + tool)
        got, log = run_ctest(blocks, cmd, tool, d)
        if got is None:
            problems.append("%s: CTest did not get to its memory-checking "
                            "summary:\n%s" % (tool, lkt.indent(log[-3000:])))
        elif got != want:
            problems.append("%s: CTest's summary is not the manual's:\n%s"
                            % (tool, lkt.short_diff("\n".join(want),
                                                    "\n".join(got),
                                                    "manual", tool)))
    if problems:
        return "FAIL", "\n".join(problems)
    return "PASS", "leakcheck and Memcheck"


def main(argv):
    pats = [a for a in argv if not a.startswith("-")]
    show = "--print" in argv

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
    if show:
        check_examples(vg, lambda n: not pats or any(p in n for p in pats),
                       True)
        return 0
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
    nfail += check_examples(vg, wanted, False)
    if wanted("docs/ctest"):
        st, note = check_ctest(vg)
        if st == "FAIL":
            nfail += 1
            lkt.record("FAIL", "docs/ctest")
            lkt.out(lkt.indent(note))
        else:
            lkt.record(st, "docs/ctest", note)
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
