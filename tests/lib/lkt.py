"""Shared helpers for leakcheck's test runners (tests/run-all).

Configuration comes from the environment, so that the same harness can
point at any build:

  LK_TOOL               tool under test (default: leakcheck)
  LK_VALGRIND           command that runs the tool under test
                        (default: <repo>/vg-in-place, or the reference
                        command below when LK_TOOL=memcheck)
  LK_MEMCHECK_VALGRIND  command that runs the reference Memcheck
                        (default: <repo>/vg-in-place, i.e. the Memcheck
                        of the Valgrind the tree was configured against;
                        valgrind from PATH in an unconfigured tree)
  LK_JOBS               parallel jobs (default: number of CPUs)
  LK_RESULTS            file to which PASS/FAIL lines are appended
                        (tests/run-all reads it to print the totals)
"""

import os
import shlex
import subprocess
import sys
import threading

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(TESTS)
OUT = os.path.join(TESTS, "out")

_print_lock = threading.Lock()


def tool_name():
    return os.environ.get("LK_TOOL", "leakcheck")


def ref_cmd():
    v = os.environ.get("LK_MEMCHECK_VALGRIND")
    if v:
        return shlex.split(v)
    in_place = os.path.join(REPO, "vg-in-place")
    return [in_place] if os.path.exists(in_place) else ["valgrind"]


_vg_version = None


def vg_version():
    """(major, minor) of the Valgrind the tests run: that of the reference
    command (the configured Valgrind), e.g. (3, 27)."""
    global _vg_version
    if _vg_version is None:
        import re
        try:
            p = subprocess.run(ref_cmd() + ["--version"], capture_output=True,
                               text=True, timeout=60)
            m = re.search(r"valgrind-(\d+)\.(\d+)", p.stdout)
        except (OSError, subprocess.TimeoutExpired):
            m = None
        _vg_version = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    return _vg_version


def parse_version(text):
    """'3.27' -> (3, 27); ValueError if it is not MAJOR.MINOR."""
    major, dot, minor = text.strip().partition(".")
    if not dot:
        raise ValueError(text)
    return (int(major), int(minor))


def version_in(spec, version=None):
    """True if the running Valgrind (or VERSION) is in SPEC: '3.21-' (3.21
    and later), '-3.20' (up to 3.20), '3.22-3.25', or '3.27' (that one)."""
    v = version or vg_version()
    lo, dash, hi = spec.partition("-")
    if not dash:
        return v == parse_version(lo)
    return ((not lo.strip() or v >= parse_version(lo))
            and (not hi.strip() or v <= parse_version(hi)))


def version_tag(field):
    """Splits an optional leading '[SPEC]' (see version_in) off a field of
    a divergence list: returns (SPEC or None, the rest).  ValueError if
    the tag is malformed."""
    f = field.strip()
    if not f.startswith("["):
        return None, f
    spec, close, rest = f[1:].partition("]")
    if not close:
        raise ValueError("unclosed [ in %r" % field)
    version_in(spec, (0, 0))    # validates
    return spec.strip(), rest.strip()


def _pid_max():
    try:
        with open("/proc/sys/kernel/pid_max") as f:
            return int(f.read())
    except (OSError, ValueError):
        return 1 << 22


def pid_order(pids):
    """Sort keys for the PIDs of one run's processes, in the order they
    were created: PIDs wrap at pid_max (32768 here), and a busy machine
    wraps them within a test; a run that spans the wrap has PIDs near
    both ends, and the small ones came last."""
    nums = [int(p or 0) for p in pids]
    top = _pid_max()
    if nums and max(nums) - min(nums) > top // 2:
        return [n + top if n < top // 2 else n for n in nums]
    return nums


def tool_cmd():
    v = os.environ.get("LK_VALGRIND")
    if v:
        return shlex.split(v)
    if tool_name() == "memcheck":
        return ref_cmd()
    return [os.path.join(REPO, "vg-in-place")]


def jobs():
    try:
        return max(1, int(os.environ.get("LK_JOBS", "")))
    except ValueError:
        return os.cpu_count() or 1


def out(*args):
    """Print atomically (runners use threads)."""
    with _print_lock:
        print(*args, flush=True)


def record(status, name, note=""):
    """Print one result line and append it to $LK_RESULTS."""
    line = "%s %s" % (status, name)
    out(line + (("  (" + note + ")") if note else ""))
    res = os.environ.get("LK_RESULTS")
    if res and status in ("PASS", "FAIL"):
        with _print_lock:
            with open(res, "a") as f:
                f.write("%s %s\n" % (status, name))


def clean_env():
    """Environment for test runs: C locale, no VALGRIND_OPTS (the runs
    also pass --command-line-only=yes, so no .valgrindrc applies)."""
    env = dict(os.environ, LC_ALL="C")
    env.pop("VALGRIND_OPTS", None)
    return env


def preflight(cmd, tool):
    """Check that CMD --tool=TOOL can run a trivial program.
    Returns None if it can, else a one-line reason."""
    exe = cmd[0]
    if os.sep in exe:
        if not os.path.exists(exe):
            return "%s does not exist (tool not built?)" % exe
    try:
        p = subprocess.run(cmd + ["--tool=" + tool, "-q", "/bin/true"],
                           stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return "cannot run %s: %s" % (" ".join(cmd), e)
    if p.returncode != 0:
        msg = (p.stderr.strip() or p.stdout.strip()).splitlines()
        return "'%s --tool=%s -q /bin/true' exited %d: %s" % (
            " ".join(cmd), tool, p.returncode, msg[-1] if msg else "")
    return None


def compile_prog(src, exe, flags):
    """Compile SRC into EXE with -g -O0 plus FLAGS (a list).
    Returns None on success, else the compiler's output."""
    os.makedirs(os.path.dirname(exe), exist_ok=True)
    cxx = src.endswith((".cpp", ".cc", ".cxx", ".C"))
    cc = os.environ.get("CXX" if cxx else "CC", "g++" if cxx else "gcc")
    stamp = exe + ".flags"
    want = " ".join([cc, "-g", "-O0"] + flags)
    try:
        if (os.path.getmtime(exe) >= os.path.getmtime(src)
                and open(stamp).read() == want
                and all(os.path.getmtime(exe) >= os.path.getmtime(h)
                        for h in _local_headers(src))):
            return None
    except OSError:
        pass
    cmd = [cc, "-g", "-O0"] + flags + ["-o", exe, src]
    p = subprocess.run(cmd, capture_output=True, text=True,
                       cwd=os.path.dirname(src))
    if p.returncode != 0:
        return "$ %s\n%s" % (" ".join(cmd), p.stderr + p.stdout)
    with open(stamp, "w") as f:
        f.write(want)
    return None


def _local_headers(src):
    d = os.path.dirname(src)
    hs = []
    try:
        for line in open(src, errors="replace"):
            if line.startswith("#include \""):
                hs.append(os.path.join(d, line.split('"')[1]))
    except OSError:
        pass
    return [h for h in hs if os.path.exists(h)]


def short_diff(a, b, name_a, name_b, limit=80):
    import difflib
    d = list(difflib.unified_diff(a.splitlines(), b.splitlines(),
                                  name_a, name_b, lineterm=""))
    if len(d) > limit:
        d = d[:limit] + ["... (%d more diff lines)" % (len(d) - limit)]
    return "\n".join(d)


def indent(text, prefix="    "):
    return "\n".join(prefix + l for l in text.splitlines())
