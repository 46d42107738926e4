#!/usr/bin/env python3
"""Consumer tests: real programs that read Memcheck's output, fed by the tool.

  consumers/ctest        CMake's CTest in memory-check mode
                         (`ctest -T memcheck`) on tests/consumers/ctest/,
                         with MEMORYCHECK_COMMAND = the valgrind command and
                         MEMORYCHECK_COMMAND_OPTIONS = CTest's default
                         options with --tool=TOOL; CTest parses the text
                         logs.  The defects per test and the "Memory
                         checking results" (type - count) must be the same
                         with the tool as with Memcheck.
  consumers/test-valgrind
                         Debian's Test::Valgrind (libtest-valgrind-perl)
                         through tests/consumers/test-valgrind.pl: Memcheck's
                         arguments, --xml=yes --xml-fd=N, XML::Twig parsing,
                         TAP with one test per error kind.  The TAP (kind,
                         ok/not ok, count) must be the same with the tool as
                         with Memcheck.

A missing package gives a SKIP line naming it, not a pass.
Usage: consumers.py [PATTERN...]
"""
import fnmatch
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402

CDIR = os.path.join(lkt.TESTS, "consumers")
BDIR = os.path.join(lkt.OUT, "consumers")
TIMEOUT = int(os.environ.get("LK_DIFF_TIMEOUT", "600"))

# CTest's own default for MEMORYCHECK_COMMAND_OPTIONS (cmCTestMemCheckHandler).
CTEST_DEFAULT_OPTS = ["-q", "--tool=memcheck", "--leak-check=yes",
                      "--show-reachable=yes", "--num-callers=50"]


def env(home):
    e = lkt.clean_env()
    os.makedirs(home, exist_ok=True)
    e["HOME"] = home          # no ~/.valgrindrc, no Test::Valgrind cache
    return e


def resolve(vg):
    """The command with its executable as an absolute path (CTest and
    Test::Valgrind check that the file exists)."""
    exe = vg[0] if os.sep in vg[0] else (shutil.which(vg[0]) or vg[0])
    return [os.path.abspath(exe)] + vg[1:]


def sh(cmd, cwd, e):
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                           errors="replace", timeout=TIMEOUT, env=e,
                           stdin=subprocess.DEVNULL)
        return p.returncode, p.stdout + p.stderr
    except (OSError, subprocess.TimeoutExpired) as x:
        return -1, str(x)


# ----------------------------------------------------------------------
# CTest
# ----------------------------------------------------------------------

def ctest_run(vg, tool, d):
    """Configures, builds and memchecks the project.  Returns (facts, log)."""
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    e = env(os.path.join(d, "home"))
    vg = resolve(vg)
    opts = vg[1:] + [("--tool=" + tool) if o == "--tool=memcheck" else o
                     for o in CTEST_DEFAULT_OPTS]
    rc, out = sh(["cmake", "-S", os.path.join(CDIR, "ctest"), "-B", d,
                  "-DMEMORYCHECK_TYPE=Valgrind",
                  "-DMEMORYCHECK_COMMAND=" + vg[0],
                  "-DMEMORYCHECK_COMMAND_OPTIONS=" + " ".join(opts)], d, e)
    log = "$ cmake ...\n" + out
    if rc != 0:
        return None, log
    rc, out = sh(["cmake", "--build", d], d, e)
    log += "$ cmake --build\n" + out
    if rc != 0:
        return None, log
    rc, out = sh(["ctest", "-T", "memcheck"], d, e)
    log += "$ ctest -T memcheck\n" + out
    with open(os.path.join(d, "ctest.log"), "w") as f:
        f.write(log)
    facts = {"defects": {}, "results": {}}
    for m in re.finditer(r"MemCheck: #\d+: (\S+) \.+\s+Defects: (\d+)", out):
        facts["defects"][m.group(1)] = int(m.group(2))
    sect = out.split("Memory checking results:", 1)
    if len(sect) == 2:
        for line in sect[1].splitlines():
            m = re.match(r"^(.+?) - (\d+)$", line.strip())
            if m:
                facts["results"][m.group(1)] = int(m.group(2))
    if "Processing memory checking output" not in out:
        return None, log
    return facts, log


def check_ctest(tool, vg, ref):
    name = "consumers/ctest"
    for exe in ("cmake", "ctest"):
        if not shutil.which(exe):
            return "SKIP", name, "%s not found (apt-get install cmake)" % exe
    mf, mlog = ctest_run(ref, "memcheck", os.path.join(BDIR, "ctest-memcheck"))
    if mf is None:
        return "FAIL", name, "CTest with Memcheck failed:\n" + lkt.indent(mlog[-2000:])
    tf, tlog = ctest_run(vg, tool, os.path.join(BDIR, "ctest-" + tool))
    if tf is None:
        return "FAIL", name, "CTest with %s failed:\n%s" % (
            tool, lkt.indent(tlog[-2000:]))
    want_types = {"Memory Leak", "FIM", "Mismatched deallocation", "IPW"}
    problems = []
    if set(mf["results"]) != want_types:
        problems.append("Memcheck's CTest results are not the expected kinds "
                        "(the test program changed?): %s" % mf["results"])
    for what in ("defects", "results"):
        if mf[what] != tf[what]:
            problems.append("%s: memcheck %s, %s %s" % (what, mf[what], tool,
                                                        tf[what]))
    if problems:
        return "FAIL", name, "\n".join(problems + [
            "logs: " + os.path.relpath(BDIR, lkt.REPO) + "/ctest-*/ctest.log"])
    return "PASS", name, ""


# ----------------------------------------------------------------------
# Test::Valgrind
# ----------------------------------------------------------------------

def tap_facts(out):
    """{kind: (ok, count)} from Test::Valgrind's TAP (count from the
    'got: N' diagnostic of a failed test)."""
    res = {}
    for line in out.splitlines():
        m = re.match(r"^(not ok|ok) \d+ - (\S+)", line)
        if m:
            res[m.group(2)] = (m.group(1), 0)
    # The diagnostics (on stderr, so not interleaved with the TAP lines):
    #   Failed test 'KIND' / at ... / got: N / expected: 0
    failed = None
    for line in out.splitlines():
        m = re.match(r"^#\s+Failed test '(\S+)'", line)
        if m:
            failed = m.group(1)
            continue
        m = re.match(r"^#\s+got: (\d+)", line)
        if m and failed in res:
            res[failed] = (res[failed][0], int(m.group(1)))
            failed = None
    return res


def tv_run(vg, tool, d, exe):
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    e = env(os.path.join(d, "home"))
    vg = resolve(vg)
    if len(vg) > 1:
        # Test::Valgrind runs one executable: wrap a multi-word command.
        w = os.path.join(d, "valgrind-wrapper")
        with open(w, "w") as f:
            f.write("#!/bin/sh\nexec %s \"$@\"\n" % " ".join(vg))
        os.chmod(w, 0o755)
        vg = [w]
    rc, out = sh(["perl", os.path.join(CDIR, "test-valgrind.pl"), vg[0],
                  tool, exe, "all"], d, e)
    with open(os.path.join(d, "tap.out"), "w") as f:
        f.write(out)
    return tap_facts(out), out


def check_test_valgrind(tool, vg, ref):
    name = "consumers/test-valgrind"
    if not shutil.which("perl"):
        return "SKIP", name, "perl not found"
    for mod, pkg in (("Test::Valgrind", "libtest-valgrind-perl"),
                     ("XML::Twig", "libxml-twig-perl")):
        rc, _ = sh(["perl", "-M" + mod, "-e", "1"], BDIR, lkt.clean_env())
        if rc != 0:
            return "SKIP", name, "Perl module %s not found (apt-get install %s)" % (
                mod, pkg)
    # Without sized deallocation: 'delete p' on a new[] block would call
    # operator delete(void*, size_t), for which Memcheck 3.22 on reports
    # a second error, MismatchedAllocateDeallocateSize, a kind
    # Test::Valgrind 1.19's report class does not know -- its parser
    # then dies ("Invalid kind ...") and every later kind reads "ok"
    # (docs/xml.md).  The plain operator delete(void*) keeps the one
    # MismatchedFree every Valgrind reports.
    exe = os.path.join(BDIR, "bin", "defects")
    err = lkt.compile_prog(os.path.join(CDIR, "defects.cpp"), exe,
                           ["-fno-builtin", "-Wno-mismatched-new-delete",
                            "-fno-sized-deallocation"])
    if err:
        return "FAIL", name, "build failed:\n" + err
    mf, mout = tv_run(ref, "memcheck", os.path.join(BDIR, "tv-memcheck"), exe)
    tf, tout = tv_run(vg, tool, os.path.join(BDIR, "tv-" + tool), exe)
    problems = []
    if not mf:
        problems.append("no TAP from Test::Valgrind with Memcheck:\n" +
                        lkt.indent(mout[-1500:]))
    elif not tf:
        problems.append("no TAP from Test::Valgrind with %s:\n%s" % (
            tool, lkt.indent(tout[-1500:])))
    else:
        for kind in sorted(set(mf) | set(tf)):
            if mf.get(kind) != tf.get(kind):
                problems.append("%s: memcheck %s, %s %s" % (
                    kind, mf.get(kind), tool, tf.get(kind)))
    if problems:
        return "FAIL", name, "\n".join(problems + [
            "outputs: " + os.path.relpath(BDIR, lkt.REPO) + "/tv-*/tap.out"])
    return "PASS", name, ""


def main(argv):
    pats = [a for a in argv if not a.startswith("-")]
    tests = [("consumers/ctest", check_ctest),
             ("consumers/test-valgrind", check_test_valgrind)]
    if pats:
        tests = [t for t in tests
                 if any(p in t[0] or fnmatch.fnmatch(t[0], p) for p in pats)]
    if not tests:
        lkt.out("consumers: no test matches %s" % " ".join(pats))
        return 0
    tool, vg, ref = lkt.tool_name(), lkt.tool_cmd(), lkt.ref_cmd()
    lkt.out("== consumer tests: memcheck via %s vs --tool=%s via %s"
            % (" ".join(ref), tool, " ".join(vg)))
    os.makedirs(BDIR, exist_ok=True)
    prefail = lkt.preflight(vg, tool)
    nfail = 0
    for name, fn in tests:
        if prefail:
            st, msg = "FAIL", prefail
        else:
            st, _, msg = fn(tool, vg, ref)
        if st == "FAIL":
            nfail += 1
        lkt.record(st, name, msg if st == "SKIP" else "")
        if msg and st != "SKIP":
            lkt.out(lkt.indent(msg))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
