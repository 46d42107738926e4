#!/usr/bin/env python3
"""Suppression tests that need more than one run: generate, feed back, ask.

Cases are listed in tests/supp/cases.list (its header explains the
format and the modes).  For each case both the tool under test and
Memcheck run the same steps in their own directory
(tests/out/supp/NAME/TOOL/), and the results are compared:

  roundtrip-text / roundtrip-xml
      1. run with --gen-suppressions=all (text log, or --xml=yes and the
         <rawtext> of each <error>'s <suppression>);
      2. name the generated entries gen-1, gen-2, ... and write gen.supp;
      3. run again with -s --suppressions=gen.supp.
      Checked: the generated entries equal Memcheck's (object paths of
      the preload libraries normalised); the second run reports no error
      ("ERROR SUMMARY: 0 errors from 0 contexts"), no loss record, and
      uses every entry (-s used_suppression list); its filtered output
      (tests/regtest/filter_stderr) equals Memcheck's.
  ask
      --gen-suppressions=yes, answering the prompts from stdin; the
      filtered output (prompts, generated entries) equals Memcheck's.
  compare
      one run; the filtered output equals Memcheck's (the installed
      default.supp's directory is masked).

Usage: supptest.py [PATTERN...]
"""
import concurrent.futures
import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402

SDIR = os.path.join(lkt.TESTS, "supp")
BDIR = os.path.join(lkt.OUT, "supp")
FILTER = os.path.join(lkt.TESTS, "regtest", "filter_stderr")
TIMEOUT = int(os.environ.get("LK_DIFF_TIMEOUT", "600"))
MODES = ("roundtrip-text", "roundtrip-xml", "ask", "compare")


class Case:
    def __init__(self, lineno, line):
        f = [x.strip() for x in line.split("|")]
        self.error = None
        if len(f) not in (6, 7):
            self.error = "cases.list:%d: expected 6 or 7 '|'-separated fields" % lineno
            f += [""] * 7
        f = ["" if x == "-" else x for x in f] + [""]
        self.name, self.mode, self.src, cflags, args, opts, flags = f[:7]
        if self.mode not in MODES and not self.error:
            self.error = "cases.list:%d: unknown mode %s" % (lineno, self.mode)
        self.cflags = shlex.split(cflags)
        self.bindir = os.path.join(BDIR, "bin", self.name)
        self.args = [a.replace("@BINDIR@", self.bindir) for a in shlex.split(args)]
        self.opts = shlex.split(opts)
        self.lib = None
        self.answers = ""
        for fl in flags.split():
            k, _, v = fl.partition("=")
            if k == "lib":
                src, _, name = v.partition(":")
                self.lib = (src, name)
            elif k == "answers":
                self.answers = v
            elif not self.error:
                self.error = "cases.list:%d: unknown flag %s" % (lineno, fl)
        self.exe = os.path.join(self.bindir, os.path.splitext(
            os.path.basename(self.src))[0])

    def build(self):
        if self.lib:
            src, name = self.lib
            out = os.path.join(self.bindir, name)
            os.makedirs(self.bindir, exist_ok=True)
            p = subprocess.run(["gcc", "-g", "-O0", "-shared", "-fPIC", "-o",
                                out, os.path.join(lkt.TESTS, src)],
                               capture_output=True, text=True)
            if p.returncode:
                return p.stderr
        extra = ["-ldl"] if self.lib else []
        return lkt.compile_prog(os.path.join(lkt.TESTS, self.src), self.exe,
                                self.cflags + extra)


def read_cases():
    cases = []
    for n, line in enumerate(open(os.path.join(SDIR, "cases.list")), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            cases.append(Case(n, line))
    return cases


def _no_core():
    import resource
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(cmd, cwd, stdin_text=None):
    try:
        p = subprocess.run(cmd, cwd=cwd, input=stdin_text,
                           stdin=None if stdin_text is not None else subprocess.DEVNULL,
                           capture_output=True, text=True, errors="replace",
                           timeout=TIMEOUT, preexec_fn=_no_core,
                           env=lkt.clean_env())
        return p.stdout, p.stderr, p.returncode
    except subprocess.TimeoutExpired:
        return "", "[supptest: TIMEOUT]", "timeout"


def filt(text):
    p = subprocess.run([sys.executable, FILTER, "--srcdir",
                        os.path.join(lkt.TESTS, "supp", "programs"),
                        "--srcdir", os.path.join(lkt.TESTS, "xml", "programs"),
                        "--srcdir", os.path.join(lkt.TESTS, "diff", "programs")],
                       input=text, capture_output=True, text=True)
    out = p.stdout
    out = re.sub(r"[^ \"]*/default\.supp", ".../default.supp", out)
    # the --gen-suppressions=yes prompt has no newline: the next line's
    # prefix follows it
    out = re.sub(r"(==|--)\d+\1", r"\1PID\1", out)
    return out


def norm_entry(e):
    return re.sub(r"obj:[^\n]*/vgpreload_[A-Za-z0-9]+-([a-z0-9]+-[a-z]+)\.so",
                  r"obj:*/vgpreload_TOOL-\1.so", e)


def entries_from_log(text):
    """Suppressions printed by --gen-suppressions: unprefixed lines from
    '{' to '}'."""
    out, cur = [], None
    for line in text.splitlines():
        if re.match(r"^(==|--|\*\*)\d+\1", line):
            continue
        if line == "{":
            cur = [line]
        elif cur is not None:
            cur.append(line)
            if line == "}":
                out.append("\n".join(cur))
                cur = None
    return out


def entries_from_xml(text):
    root = ET.fromstring(text)
    out = []
    for e in root.findall("error"):
        s = e.find("suppression")
        if s is not None:
            out.append((s.find("rawtext").text or "").strip("\n"))
    return out


def name_entries(entries):
    res = []
    for i, e in enumerate(entries, 1):
        res.append(e.replace("<insert_a_suppression_name_here>", "gen-%d" % i, 1))
    return "\n".join(res) + "\n"


def roundtrip(case, vg, tool, d, xml):
    """Returns (entries, second-run text, problems)."""
    problems = []
    os.makedirs(d, exist_ok=True)
    cmd1 = vg + ["--tool=" + tool, "--command-line-only=yes"] + case.opts + \
        ["--gen-suppressions=all", "--log-file=run1.log"]
    if xml:
        cmd1 += ["--xml=yes", "--xml-file=run1.xml"]
    so, se, st = run(cmd1 + [case.exe] + case.args, d)
    try:
        if xml:
            entries = entries_from_xml(open(os.path.join(d, "run1.xml")).read())
        else:
            entries = entries_from_log(open(os.path.join(d, "run1.log")).read())
    except (OSError, ET.ParseError) as e:
        return [], "", ["run 1: %s" % e]
    if not entries:
        problems.append("run 1 generated no suppression")
    with open(os.path.join(d, "gen.supp"), "w") as f:
        f.write(name_entries(entries))
    cmd2 = vg + ["--tool=" + tool, "--command-line-only=yes"] + case.opts + \
        ["-s", "--suppressions=gen.supp", "--log-file=run2.log"]
    run(cmd2 + [case.exe] + case.args, d)
    try:
        log2 = open(os.path.join(d, "run2.log")).read()
    except OSError as e:
        return entries, "", problems + ["run 2: %s" % e]
    f2 = filt(log2)
    if not re.search(r"^ERROR SUMMARY: 0 errors from 0 contexts \(suppressed: [1-9]",
                     f2, re.M):
        problems.append("run 2 still reports errors: %s" % (
            [l for l in f2.splitlines() if l.startswith("ERROR SUMMARY")][:1]))
    recs = [l for l in f2.splitlines() if " in loss record " in l]
    if recs:
        problems.append("run 2 still shows loss records: %s" % recs[0])
    # Equal errors in different places can generate equal entries (same
    # kind, same frames); the core then uses the first copy only.
    used = set(re.findall(r"^used_suppression: +\d+ (gen-\d+) ", f2, re.M))
    used_bodies = {entries[int(u[4:]) - 1] for u in used}
    unused = ["gen-%d" % i for i in range(1, len(entries) + 1)
              if entries[i - 1] not in used_bodies]
    if unused:
        problems.append("generated entries not used in run 2: %s" % " ".join(unused))
    return [norm_entry(e) for e in entries], f2, problems


def check(case, tool, vg, ref, prefail):
    name = "supp/" + case.name
    if case.error:
        return "FAIL", name, case.error
    err = case.build()
    if err:
        return "FAIL", name, "build failed:\n" + err
    if prefail:
        return "FAIL", name, prefail
    base = os.path.join(BDIR, case.name)
    shutil.rmtree(base, ignore_errors=True)
    problems = []
    if case.mode.startswith("roundtrip"):
        xml = case.mode == "roundtrip-xml"
        te, tf, tp = roundtrip(case, vg, tool, os.path.join(base, tool), xml)
        me, mf, mp = roundtrip(case, ref, "memcheck",
                               os.path.join(base, "memcheck"), xml)
        problems += tp + ["(memcheck) " + x for x in mp]
        if te != me:
            problems.append("generated entries differ from Memcheck's:\n" +
                            lkt.short_diff("\n".join(me), "\n".join(te),
                                           "memcheck", tool))
        if tf != mf:
            problems.append("second run differs from Memcheck's:\n" +
                            lkt.short_diff(mf, tf, "memcheck", tool))
    else:
        outs = {}
        for label, cmdvg in ((tool, vg), ("memcheck", ref)):
            d = os.path.join(base, label)
            os.makedirs(d, exist_ok=True)
            cmd = cmdvg + ["--tool=" + label, "--command-line-only=yes"] + \
                case.opts
            answers = None
            if case.mode == "ask":
                cmd.append("--gen-suppressions=yes")
                answers = "".join("\n" if c == "-" else c + "\n"
                                  for c in case.answers)
            so, se, st = run(cmd + [case.exe] + case.args, d, answers)
            outs[label] = (filt(se), so, st)
            with open(os.path.join(d, "stderr.out"), "w") as f:
                f.write(outs[label][0])
        (tf, tso, tst), (mf, mso, mst) = outs[tool], outs["memcheck"]
        if tf != mf:
            problems.append("output differs from Memcheck's:\n" +
                            lkt.short_diff(mf, tf, "memcheck", tool))
        if (tso, tst) != (mso, mst):
            problems.append("stdout/exit status differ: memcheck %r %s, %s %r %s"
                            % (mso[-200:], mst, tool, tso[-200:], tst))
        if case.mode == "ask" and "Print suppression ?" not in tf:
            problems.append("no --gen-suppressions=yes prompt in the output")
        if case.name.startswith("default-supp") and "--default-suppressions=no" \
                not in case.opts and "default.supp:" not in tf:
            problems.append("no default.supp entry was used")
    if problems:
        return "FAIL", name, "\n".join(problems + [
            "outputs: " + os.path.relpath(base, lkt.REPO)])
    return "PASS", name, ""


def main(argv):
    pats = [a for a in argv if not a.startswith("-")]
    cases = read_cases()
    if pats:
        cases = [c for c in cases if any(x in c.name or fnmatch.fnmatch(c.name, x)
                                         for x in pats)]
    if not cases:
        lkt.out("supp: no case matches %s" % " ".join(pats))
        return 0
    tool, vg, ref = lkt.tool_name(), lkt.tool_cmd(), lkt.ref_cmd()
    lkt.out("== suppression tests: %d cases, memcheck via %s vs --tool=%s via %s"
            % (len(cases), " ".join(ref), tool, " ".join(vg)))
    prefail = lkt.preflight(vg, tool)
    nfail = 0
    with concurrent.futures.ThreadPoolExecutor(lkt.jobs()) as ex:
        for st, name, msg in ex.map(lambda c: check(c, tool, vg, ref, prefail),
                                    cases):
            if st == "FAIL":
                nfail += 1
            lkt.record(st, name)
            if msg:
                lkt.out(lkt.indent(msg))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
