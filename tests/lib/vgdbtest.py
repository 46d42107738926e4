#!/usr/bin/env python3
"""gdbserver session tests: monitor commands sent with vgdb, compared
between Memcheck and the tool under test.

Each test is tests/vgdb/NAME.session:

  prog:    client program (tests/vgdb/PROG.c, built with -g -O0)
  vgopts:  Valgrind options (the runner adds --vgdb=yes and a private
           --vgdb-prefix)
  pause    one line per "PAUSE" the client prints; the "cmd:" lines after
           it are sent, one "vgdb --pid=PID CMD" each, while the client
           waits at that pause
  cmd:     a monitor command; ${name} is replaced by the address the
           client printed as "ADDR name 0x..."
  post:    a shell command run in the run directory once the client has
           exited (e.g. callgrind_annotate on an xtree file); its output
           is appended to the transcript.  %p in it stands for the PID
  only:    TOOL -- the test runs under that tool only and is compared with
           NAME.out.exp (hand-written) instead of Memcheck's transcript
  versions: SPEC -- the test runs only against those Valgrind versions
           ('3.21-', '-3.20', '3.22-3.25', '3.27'; lkt.version_in) and is
           skipped (not counted) against the others

The client prints "PAUSE" and then polls stdin (non-blocking) for a
newline, so Valgrind's gdbserver gets control without vgdb needing ptrace.
Every vgdb call and the whole run have timeouts.

The transcript is, per command, "== CMD" and what vgdb printed (the
monitor output), then "== exit" and the Valgrind log; it goes through
tests/regtest/filter_stderr (PIDs, addresses, preload frames).  Allowed
differences between the tools are listed in tests/vgdb/NAME.divergences:
one "LINE-GLOB | REASON" per line; a transcript line of either tool that
matches a glob is dropped before the comparison, and a glob that matches
nothing fails (so the list stays exact).  "[3.21-] LINE-GLOB | REASON"
applies only to runs against those Valgrind versions (lkt.version_in).

Usage: vgdbtest.py [PATTERN...]
"""
import fnmatch
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402

VDIR = os.path.join(lkt.TESTS, "vgdb")
BDIR = os.path.join(lkt.OUT, "vgdb")
FILTER = os.path.join(lkt.TESTS, "regtest", "filter_stderr")
VGDB_TIMEOUT = 60
RUN_TIMEOUT = 300


def parse(name):
    t = {"prog": None, "vgopts": "", "only": None, "versions": None,
         "phases": [], "post": []}
    for n, raw in enumerate(open(os.path.join(VDIR, name + ".session")), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line == "pause":
            t["phases"].append([])
            continue
        k, sep, v = line.partition(":")
        k, v = k.strip(), v.strip()
        if k == "cmd" and t["phases"]:
            t["phases"][-1].append(v)
        elif k == "post":
            t["post"].append(v)
        elif k in ("prog", "vgopts", "only"):
            t[k] = v
        elif k == "versions":
            lkt.version_in(v, (0, 0))        # validates the range
            t[k] = v
        else:
            raise ValueError("%s.session:%d: bad line %r" % (name, n, line))
    if not t["prog"]:
        raise ValueError("%s.session: no prog:" % name)
    return t


def vgdb_cmd(vg_cmd):
    """vgdb next to the valgrind that runs the tool, else on PATH."""
    return os.environ.get("LK_VGDB", "vgdb")


def run_session(t, vg, tool, label):
    """Runs the client under VG --tool=TOOL, driving it through its
    pauses.  Returns (transcript, error)."""
    rundir = os.path.join(BDIR, t["name"], label)
    os.makedirs(rundir, exist_ok=True)
    prefix = os.path.join(rundir, "vgdb-pipe")
    log = os.path.join(rundir, "log")
    exe = os.path.join(BDIR, "bin", t["prog"])
    cmd = vg + ["--tool=" + tool, "--command-line-only=yes", "--vgdb=yes",
                "--vgdb-prefix=" + prefix, "--log-file=" + log] \
        + t["vgopts"].split() + [exe]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True, cwd=rundir, env=lkt.clean_env())
    addrs = {}
    parts = []
    err = None
    deadline = time.time() + RUN_TIMEOUT
    try:
        for phase in t["phases"]:
            while True:
                line = p.stdout.readline()
                if not line:
                    raise RuntimeError("client ended before a PAUSE")
                m = re.match(r"ADDR (\w+) (0x[0-9a-fA-F]+)", line)
                if m:
                    addrs[m.group(1)] = m.group(2)
                if line.strip() == "PAUSE":
                    break
            for c in phase:
                c2 = re.sub(r"\$\{(\w+)\}", lambda m: addrs[m.group(1)], c)
                left = max(5, min(VGDB_TIMEOUT, deadline - time.time()))
                r = subprocess.run([vgdb_cmd(vg), "--vgdb-prefix=" + prefix,
                                    "--pid=%d" % p.pid] + c2.split(),
                                   capture_output=True, text=True,
                                   timeout=left, env=lkt.clean_env())
                parts.append("== " + c + "\n" + r.stdout)
                if r.returncode != 0:
                    parts.append("(vgdb exited %d: %s)\n"
                                 % (r.returncode, r.stderr.strip()))
            p.stdin.write("\n")
            p.stdin.flush()
        p.stdin.close()
        p.wait(timeout=max(5, deadline - time.time()))
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as e:
        err = "%s (run dir %s)" % (e, rundir)
        p.kill()
        p.wait()
    try:
        parts.append("== exit %s\n" % p.returncode + open(log).read())
    except OSError:
        parts.append("== exit %s\n(no log)\n" % p.returncode)
    for c in t["post"]:
        c2 = c.replace("%p", str(p.pid))
        try:
            r = subprocess.run(c2, shell=True, capture_output=True, text=True,
                               cwd=rundir, timeout=120, env=lkt.clean_env())
            parts.append("== post " + c + "\n" + r.stdout + r.stderr)
        except subprocess.TimeoutExpired:
            parts.append("== post " + c + "\n(timed out)\n")
    text = "".join(parts).replace(rundir, "RUNDIR")
    text = text.replace(".%d." % p.pid, ".PID.")
    f = subprocess.run([sys.executable, FILTER, "--srcdir", VDIR],
                       input=text, capture_output=True, text=True)
    with open(os.path.join(rundir, "transcript"), "w") as fh:
        fh.write(f.stdout)
    return f.stdout, err


def read_divergences(name):
    path = os.path.join(VDIR, name + ".divergences")
    divs = []
    if os.path.exists(path):
        for raw in open(path):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            glob, _, reason = line.partition(" | ")
            spec, glob = lkt.version_tag(glob)
            if spec is not None and not lkt.version_in(spec):
                continue              # for another Valgrind version
            divs.append([glob, reason.strip(), 0])
    return divs


def drop_divergent(text, divs):
    out = []
    for line in text.splitlines():
        hit = False
        for d in divs:
            if fnmatch.fnmatchcase(line, d[0]):
                d[2] += 1
                hit = True
                break
        if not hit:
            out.append(line)
    return "\n".join(out) + "\n"


def check(name, tool, vg, ref):
    try:
        t = parse(name)
    except (OSError, ValueError) as e:
        lkt.record("FAIL", "vgdb/" + name, str(e))
        return
    t["name"] = name
    if t["versions"] and not lkt.version_in(t["versions"]):
        lkt.out("SKIP vgdb/%s  (Valgrind %d.%d is not in %s)"
                % ((name,) + lkt.vg_version() + (t["versions"],)))
        return
    src = os.path.join(VDIR, t["prog"] + ".c")
    e = lkt.compile_prog(src, os.path.join(BDIR, "bin", t["prog"]), [])
    if e:
        lkt.record("FAIL", "vgdb/" + name, "compile failed")
        lkt.out(lkt.indent(e))
        return
    if t["only"]:
        if t["only"] != tool:
            lkt.out("SKIP vgdb/%s  (only for %s)" % (name, t["only"]))
            return
        got, err = run_session(t, vg, tool, tool)
        exp_path = os.path.join(VDIR, name + ".out.exp")
        exp = open(exp_path).read() if os.path.exists(exp_path) else ""
        if err or got != exp:
            lkt.record("FAIL", "vgdb/" + name, err or "")
            lkt.out(lkt.indent(lkt.short_diff(exp, got, "expected", tool)))
        else:
            lkt.record("PASS", "vgdb/" + name)
        return
    mc, err_m = run_session(t, ref, "memcheck", "memcheck")
    lk, err_t = run_session(t, vg, tool, tool)
    if err_m or err_t:
        lkt.record("FAIL", "vgdb/" + name, err_m or err_t)
        return
    divs = read_divergences(name) if tool != "memcheck" else []
    mc2 = drop_divergent(mc, divs)
    lk2 = drop_divergent(lk, divs)
    stale = [d for d in divs if d[2] == 0]
    if mc2 != lk2 or stale:
        lkt.record("FAIL", "vgdb/" + name)
        if mc2 != lk2:
            lkt.out(lkt.indent(lkt.short_diff(mc2, lk2, "memcheck", tool)))
        for d in stale:
            lkt.out("    stale divergence (matches nothing): " + d[0])
    else:
        lkt.record("PASS", "vgdb/" + name)


def main(argv):
    pats = argv[1:]
    names = sorted(f[:-len(".session")] for f in os.listdir(VDIR)
                   if f.endswith(".session"))
    if pats:
        names = [n for n in names
                 if any(p in n or fnmatch.fnmatch(n, p) for p in pats)]
    if not names:
        return 0
    lkt.out("== vgdb session tests")
    tool = lkt.tool_name()
    vg, ref = lkt.tool_cmd(), lkt.ref_cmd()
    why = lkt.preflight(vg, tool)
    for n in names:
        if why:
            lkt.record("FAIL", "vgdb/" + n, why)
            continue
        check(n, tool, vg, ref)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
