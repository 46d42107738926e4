#!/usr/bin/env python3
"""Regression-test runner for leakcheck, in the spirit of Valgrind's vg_regtest.

Each test is tests/regtest/NAME.vgtest, a list of "key: value" lines:

  prog:           program to run (built from prog.c or prog.cpp; required)
  args:           program arguments
  vgopts:         Valgrind options (use -q unless the test is about the
                  summary text)
  cflags:         extra compiler flags (e.g. -pthread, -std=c++17)
  prereq:         shell command run in tests/regtest/; the test is
                  skipped (not counted) when it fails
  tool:           the test is only meaningful for this tool (e.g.
                  leakcheck-only behaviour); skipped for other tools
  stderr_filter:  extra filter command run after filter_stderr
  stdout_filter:  filter command for stdout
  exitcode:       expected exit status of the valgrind command
  timeout:        seconds (default 300)
  handwritten:    yes = the expected files are written by hand (they
                  check leakcheck-specific behaviour); --regen skips them
  origins:        yes = a --track-leak-origins test: the expectation is
                  hand-written, and what is left of it once the origin
                  lines (" The ... pointer ..." and the stack under
                  them) are taken out must be what the reference
                  Memcheck prints for the same run without the option
  noxml:          REASON = the XML suite (tests/lib/xmltest.py) skips the
                  test, saying why (e.g. a child that execs: Valgrind
                  leaves its pre-exec document unclosed, under Memcheck
                  too)

A key written KEY@M.N (e.g. "exitcode@3.24: 0") gives the value from
Valgrind M.N on (the highest such version not above the running one),
for what a later Memcheck does differently.

Expected output: NAME.stderr.exp (always compared; missing means empty)
and NAME.stdout.exp (compared when present).  NAME.stderr.exp-TOOL /
NAME.stdout.exp-TOOL are accepted as alternatives when testing TOOL.

The expected files are Memcheck's output through the same filters
(--regen writes them), except for tests marked "tool:".  NAME.STREAM.exp
is Memcheck 3.19's; where a later Memcheck prints something else, its
output is NAME.STREAM.exp-MAJOR.MINOR, which applies from that version on
(the variant with the highest version not above the running Valgrind's
is compared; none: the plain file).  --regen writes the plain file under
3.19 and, under a later Valgrind, a variant for it only when Memcheck's
output differs from the file that would be compared.

Usage: regtest.py [--regen] [--list] [PATTERN...]
  PATTERN selects tests whose name contains it (or matches it as a glob).
"""
import concurrent.futures
import fnmatch
import os
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402

RDIR = os.path.join(lkt.TESTS, "regtest")
BDIR = os.path.join(lkt.OUT, "regtest")
KEYS = {"prog", "args", "vgopts", "cflags", "prereq", "tool",
        "stderr_filter", "stdout_filter", "exitcode", "timeout", "handwritten",
        "origins", "noxml"}

# Options only leakcheck knows, left out of the reference Memcheck's run
# of an "origins: yes" test.
LK_ONLY_OPTS = ("--track-leak-origins=",)


class Test:
    def __init__(self, name):
        self.name = name
        self.f = {}
        self.by_version = {}    # key -> [((major, minor), value)]
        self.error = None
        for n, raw in enumerate(open(os.path.join(RDIR, name + ".vgtest")), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            k, sep, v = line.partition(":")
            k, at, ver = k.strip().partition("@")
            if not sep or k not in KEYS:
                self.error = "%s.vgtest:%d: bad line %r" % (name, n, line)
                continue
            if at:
                try:
                    self.by_version.setdefault(k, []).append(
                        (lkt.parse_version(ver), v.strip()))
                except ValueError:
                    self.error = "%s.vgtest:%d: bad version in %r" % (
                        name, n, line)
                continue
            self.f[k] = v.strip()
        if "prog" not in self.f:
            self.error = self.error or "%s.vgtest: no prog:" % name

    def get(self, k, d=""):
        """The value of key K for the running Valgrind: that of the line
        "K@M.N:" with the highest M.N not above it, else that of "K:"."""
        best = None
        for ver, v in self.by_version.get(k, ()):
            if ver <= lkt.vg_version() and (best is None or ver > best[0]):
                best = (ver, v)
        return best[1] if best else self.f.get(k, d)

    def source(self):
        for ext in (".c", ".cpp"):
            p = os.path.join(RDIR, self.get("prog") + ext)
            if os.path.exists(p):
                return p
        return None

    def exe(self):
        return os.path.join(BDIR, self.get("prog"))


def all_tests():
    return sorted(f[:-7] for f in os.listdir(RDIR) if f.endswith(".vgtest"))


def select(names, pats):
    if not pats:
        return names
    return [n for n in names
            if any(p in n or fnmatch.fnmatch(n, p) for p in pats)]


def run_filter(cmd, text):
    p = subprocess.run(cmd, input=text, capture_output=True, text=True,
                       cwd=RDIR, shell=isinstance(cmd, str))
    if p.returncode != 0:
        raise RuntimeError("filter %s failed: %s" % (cmd, p.stderr.strip()))
    return p.stdout


def run_one(t, vg, tool, lk_only=True):
    """Run test T with VG --tool=TOOL.  Returns (stdout, stderr, status)
    with both outputs filtered.  Without LK_ONLY, leakcheck's own options
    are left out (the reference run of an "origins" test)."""
    opts = shlex.split(t.get("vgopts"))
    if not lk_only:
        opts = [o for o in opts if not o.startswith(LK_ONLY_OPTS)]
    cmd = vg + ["--tool=" + tool, "--command-line-only=yes"] + opts \
        + ["./" + t.get("prog")] + shlex.split(t.get("args"))
    env = lkt.clean_env()
    try:
        p = subprocess.run(cmd, cwd=BDIR, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, env=env,
                           errors="replace",
                           timeout=int(t.get("timeout", "300")),
                           preexec_fn=_no_core)
        so, se, st = p.stdout, p.stderr, p.returncode
    except subprocess.TimeoutExpired as e:
        so = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        se = (e.stderr or b"").decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        se += "\n[regtest: TIMEOUT after %ss]\n" % t.get("timeout", "300")
        st = "timeout"
    se = run_filter([sys.executable, os.path.join(RDIR, "filter_stderr")], se)
    if t.get("stderr_filter"):
        se = run_filter(t.get("stderr_filter"), se)
    if t.get("stdout_filter"):
        so = run_filter(t.get("stdout_filter"), so)
    return so, se, st, cmd


def strip_origins(text):
    """TEXT without the lines --track-leak-origins adds: each sentence
    " The last pointer...", " The pointer..." (after a loss record's
    stack) and the stack lines that follow it."""
    import re
    out, skipping = [], False
    for line in text.splitlines(True):
        if re.match(r"^ The (last )?pointers? ", line):
            skipping = True
            continue
        if skipping and re.match(r"^   (at|by) |^   \(no stack kept\)", line):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


def check_origins_reference(t, matched):
    """An "origins" test: runs the reference Memcheck without leakcheck's
    own options and compares its output with MATCHED (the expected stderr
    text that leakcheck's output equalled) less the origin lines.  Returns
    a problem, or None."""
    try:
        so, se, st, cmd = run_one(t, lkt.ref_cmd(), "memcheck", lk_only=False)
    except RuntimeError as e:
        return str(e)
    want = strip_origins(matched)
    if se == want:
        return None
    return ("without its origin lines, the expectation is not what Memcheck "
            "prints:\n$ (cd tests/out/regtest && %s)\n%s" % (
                " ".join(shlex.quote(c) for c in cmd),
                lkt.short_diff(want, se, "expectation less origins",
                               "memcheck")))


def _no_core():
    import resource
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


BASE_VERSION = (3, 19)    # the Memcheck whose output the plain .exp holds


def versioned_exp(name, stream, version=None):
    """The expected file of NAME's STREAM for the running Valgrind (see
    the module's doc): NAME.STREAM.exp-M.N with the highest M.N not above
    it, else NAME.STREAM.exp."""
    v = version or lkt.vg_version()
    base = os.path.join(RDIR, "%s.%s.exp" % (name, stream))
    best, best_v = base, None
    prefix = os.path.basename(base) + "-"
    for f in os.listdir(RDIR):
        if not f.startswith(prefix):
            continue
        try:
            fv = lkt.parse_version(f[len(prefix):])
        except ValueError:
            continue                    # NAME.STREAM.exp-TOOL
        if fv <= v and (best_v is None or fv > best_v):
            best, best_v = os.path.join(RDIR, f), fv
    return best


def exp_files(name, stream, tool):
    base = versioned_exp(name, stream)
    cands = [base, os.path.join(RDIR, "%s.%s.exp-%s" % (name, stream, tool))]
    return [c for c in cands if os.path.exists(c)]


def regen_write(name, stream, text, optional):
    """Writes Memcheck's output for the running version (see the module's
    doc).  OPTIONAL: a stdout with no output and no file is not written."""
    v = lkt.vg_version()
    current = versioned_exp(name, stream, v)
    try:
        old = open(current).read()
    except OSError:
        old = None
    if old == text or (optional and old is None and not text):
        return
    if v == BASE_VERSION:
        path = os.path.join(RDIR, "%s.%s.exp" % (name, stream))
    else:
        path = os.path.join(RDIR, "%s.%s.exp-%d.%d" % ((name, stream) + v))
    with open(path, "w") as f:
        f.write(text)
    print("wrote %s" % os.path.relpath(path, lkt.REPO))


def check(t, vg, tool, prefail):
    name = "regtest/" + t.name
    if t.error:
        return ("FAIL", name, t.error)
    if t.get("tool") and t.get("tool") != tool:
        return ("SKIP", name, "only for --tool=%s" % t.get("tool"))
    if t.get("prereq"):
        r = subprocess.run(t.get("prereq"), shell=True, cwd=RDIR,
                           capture_output=True)
        if r.returncode != 0:
            return ("SKIP", name, "prereq failed: " + t.get("prereq"))
    if t.source() is None:
        return ("FAIL", name, "no source %s.c/.cpp" % t.get("prog"))
    if not os.path.exists(t.exe()):
        return ("FAIL", name, "program was not built")
    if prefail:
        return ("FAIL", name, prefail)
    try:
        so, se, st, cmd = run_one(t, vg, tool)
    except RuntimeError as e:
        return ("FAIL", name, str(e))
    problems = []
    matched_stderr = None
    compared = []            # the streams compared, for the fallback below
    for stream, got, must in (("stderr", se, True),
                              ("stdout", so, False)):
        exps = exp_files(t.name, stream, tool)
        if not exps:
            if must:
                exps = [None]
            else:
                continue
        compared.append((stream, got))
        best = None
        for e in exps:
            want = open(e).read() if e else ""
            if want == got:
                best = None
                if stream == "stderr":
                    matched_stderr = want
                break
            d = lkt.short_diff(want, got, os.path.basename(e or
                               t.name + "." + stream + ".exp (missing)"),
                               "%s.%s.out" % (t.name, stream))
            if best is None or len(d) < len(best):
                best = d
        else:
            problems.append(best)
        with open(os.path.join(BDIR, "%s.%s.out" % (t.name, stream)), "w") as f:
            f.write(got)
    status_bad = t.get("exitcode") and str(st) != t.get("exitcode")
    if status_bad:
        problems.append("exit status %s, expected %s" % (st, t.get("exitcode")))
    if t.get("origins") == "yes" and matched_stderr is not None:
        p = check_origins_reference(t, matched_stderr)
        if p:
            problems.append(p)
    note = ""
    if problems and not status_bad and t.get("origins") == "yes" \
            and origins_fallback_applies(tool):
        # A --track-leak-origins test on another platform: the part of the
        # output that is Memcheck's must be what this machine's Memcheck
        # prints, and the origin lines (sentences and stacks) must be the
        # expectation's.
        ok, why = origins_fallback(t, se, exp_files(t.name, "stderr", tool))
        if ok:
            note = ("the expected output differs from what Memcheck prints "
                    "on this machine; without its origin lines the tool "
                    "prints what Memcheck prints, and the origin lines are "
                    "the expected ones")
            problems = []
        else:
            problems.append(why)
    elif problems and not status_bad and fallback_applies(t, tool):
        # The expected files are Memcheck's output on the machine that
        # generated them; the C library, libstdc++ and compiler of
        # another (Debian 13's glibc 2.41 and gcc 14, say) change what
        # Memcheck itself prints.  Then this machine's Memcheck is the
        # oracle: the test passes if the tool prints what it prints.
        mso, mse, mst, _ = run_one(t, lkt.ref_cmd(), "memcheck")
        live = {"stderr": mse, "stdout": mso}
        off = [lkt.short_diff(live[stream], got,
                              "memcheck on this machine",
                              "%s.%s.out" % (t.name, stream))
               for stream, got in compared if live[stream] != got]
        if not off:
            note = ("the expected output differs from what Memcheck prints "
                    "on this machine; the tool prints what Memcheck prints")
            problems = []
        else:
            problems.append("and it differs from this machine's Memcheck "
                            "too:\n" + "\n".join(off))
    if problems:
        return ("FAIL", name, "$ (cd tests/out/regtest && %s)\n%s" % (
            " ".join(shlex.quote(c) for c in cmd), "\n".join(problems)))
    return ("PASS", name, note)


def origin_blocks(text):
    """The origin lines of TEXT: each sentence --track-leak-origins adds
    with the stack lines that follow it, in order."""
    import re
    blocks, cur = [], None
    for line in text.splitlines():
        if re.match(r"^ The (last )?pointers? ", line):
            cur = [line]
            blocks.append(cur)
            continue
        if cur is not None and re.match(r"^   (at|by) |^   \(no stack kept\)",
                                        line):
            cur.append(line)
            continue
        cur = None
    return blocks


def origins_fallback_applies(tool):
    return tool != "memcheck" and \
        os.environ.get("LK_REGTEST_FALLBACK", "1") != "0"


def origins_fallback(t, got, exps):
    """(ok, why): GOT less its origin lines equals this machine's Memcheck
    (run without leakcheck's own options), and GOT's origin lines equal
    those of one of the expected files EXPS."""
    try:
        _, mse, _, _ = run_one(t, lkt.ref_cmd(), "memcheck", lk_only=False)
    except RuntimeError as e:
        return False, str(e)
    if strip_origins(got) != mse:
        return False, ("and without its origin lines it differs from this "
                       "machine's Memcheck too:\n" + lkt.short_diff(
                           mse, strip_origins(got), "memcheck on this machine",
                           "output less origins"))
    mine = origin_blocks(got)
    for e in exps:
        if origin_blocks(open(e).read()) == mine:
            return True, ""
    return False, ("the Memcheck part is what this machine's Memcheck prints, "
                   "but the origin lines differ from the expectation's")


def fallback_applies(t, tool):
    """Whether a test whose expected files do not match may be compared
    with this machine's Memcheck instead: only tests whose expectation is
    Memcheck's output (not hand-written or tool-specific ones), and not
    when the tool under test is Memcheck itself (the harness self-check,
    which should show stale expectations)."""
    return (tool != "memcheck" and not t.get("tool")
            and t.get("handwritten") != "yes"
            and os.environ.get("LK_REGTEST_FALLBACK", "1") != "0")


def build(tests):
    """Compile every program once.  Returns {prog: error or None}."""
    res = {}
    progs = {}
    for t in tests:
        if t.error or t.source() is None:
            continue
        progs.setdefault(t.get("prog"), (t.source(), shlex.split(t.get("cflags"))))
    for prog, (src, flags) in sorted(progs.items()):
        other = [t for t in tests if t.get("prog") == prog
                 and shlex.split(t.get("cflags")) != flags]
        if other:
            res[prog] = "tests using %s disagree on cflags" % prog
            continue
        res[prog] = lkt.compile_prog(src, os.path.join(BDIR, prog), flags)
    return res


def regen(names):
    """Write .exp files from the reference Memcheck."""
    vg = lkt.ref_cmd()
    tests = [Test(n) for n in names]
    errs = build(tests)
    rc = 0
    for t in tests:
        if t.get("tool") or t.get("handwritten") == "yes" \
                or t.get("origins") == "yes":
            print("skip %s: expectations are hand-written" % t.name)
            continue
        if errs.get(t.get("prog")):
            print("skip %s: build failed\n%s" % (t.name, errs[t.get("prog")]))
            rc = 1
            continue
        so, se, st, cmd = run_one(t, vg, "memcheck")
        regen_write(t.name, "stderr", se, False)
        regen_write(t.name, "stdout", so, True)
        print("=== %s (exit %s): %s" % (t.name, st, " ".join(cmd)))
        print(se, end="")
        if so:
            print("--- stdout ---")
            print(so, end="")
        if t.get("exitcode") and str(st) != t.get("exitcode"):
            print("!!! exit status %s but the test expects %s"
                  % (st, t.get("exitcode")))
            rc = 1
    return rc


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    names = select(all_tests(), args)
    if "--list" in argv:
        print("\n".join(names))
        return 0
    if "--regen" in argv:
        return regen(names)
    if not names:
        lkt.out("regtest: no test matches %s" % " ".join(args))
        return 0
    tool = lkt.tool_name()
    vg = lkt.tool_cmd()
    lkt.out("== regression tests: %d tests, --tool=%s via %s"
            % (len(names), tool, " ".join(vg)))
    prefail = lkt.preflight(vg, tool)
    if prefail:
        lkt.out("regtest: the tool cannot run: " + prefail)
    tests = [Test(n) for n in names]
    os.makedirs(BDIR, exist_ok=True)
    berr = build(tests)
    for prog, e in sorted(berr.items()):
        if e:
            lkt.out("regtest: cannot build %s:\n%s" % (prog, lkt.indent(e)))
    nfail = 0
    with concurrent.futures.ThreadPoolExecutor(lkt.jobs()) as ex:
        futs = []
        for t in tests:
            pf = prefail
            if berr.get(t.get("prog")):
                pf = "build of %s failed" % t.get("prog")
            futs.append(ex.submit(check, t, vg, tool, pf))
        for fu in futs:
            st, name, msg = fu.result()
            if st == "FAIL":
                nfail += 1
                first, _, rest = msg.partition("\n")
                lkt.record(st, name, first if len(first) < 100 and not rest else "")
                if rest or len(first) >= 100:
                    lkt.out(lkt.indent(msg))
            else:
                lkt.record(st, name, msg)
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
