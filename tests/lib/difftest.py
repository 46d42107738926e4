#!/usr/bin/env python3
"""Differential tests: run each program of tests/diff/programs.list natively,
under Memcheck and under the tool being tested, and compare per process.

programs.list: one program per line, fields separated by "|":
    NAME | SOURCE | CFLAGS | ARGS | EXTRA VALGRIND OPTIONS [| FLAGS]
SOURCE is relative to tests/diff/programs/; "-" means an empty field.
@DIFFDIR@ in the options stands for tests/diff (e.g. for --suppressions).
FLAGS (optional): "no-native" for programs whose native run is undefined
(e.g. a double free that glibc aborts on): then only the two tools'
stdout and exit status are compared with each other; "frames=N" to
compare N frames of each stack instead of $LK_DIFF_FRAMES (whole stacks,
for programs that test stack traces); "lkopt=OPTION" (repeatable) for an
option given to the tool under test only, not to Memcheck (a leakcheck
option that must not change what is compared, e.g. --size-classes=yes).
Both tools run with
    --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all
plus the extra options, each with --log-file=DIR/TOOL.%p so that forked
children get their own logs.  Processes are matched by the "proc=NAME"
tags the program prints with VALGRIND_PRINTF, else by PID order.

Compared, per process: HEAP SUMMARY, "All heap blocks were freed",
LEAK SUMMARY (every kind, heuristic lines, suppressed), the multiset of
loss records (kind, direct, indirect, blocks, top N function names;
N = $LK_DIFF_FRAMES, default 4), the multiset of other errors (header,
first description line, top N functions), the fatal-signal line and the
ERROR SUMMARY counts.  Across runs: the program's stdout and exit status
must be the same natively, under Memcheck and under the tool.

Allowed differences are listed in tests/diff/divergences.txt:
    PROGRAM | WHAT | REASON | ISSUE
WHAT is a glob (only * and ? are special) matched against the
difference keys printed on mismatch
(e.g. "main: record[memcheck-only] definitely lost 16+0/1 *").  A
divergence that matches no difference is itself a failure.  Divergences
apply only when testing leakcheck (not when comparing Memcheck with
itself).  PROGRAM may start with a Valgrind version range, "[3.21-] prog"
(also "[-3.20]", "[3.22-3.25]", "[3.27]"): the line then applies only to
runs against those versions (lkt.version_in).

Option sweeps (tests/diff/sweeps.list): one option set per line,
    OPTIONS | PROGRAM, PROGRAM...
runs each named program of programs.list once more with OPTIONS added
after its own, under both tools, compared as above; the result is named
diff/sweep:LABEL:PROGRAM, LABEL being OPTIONS without the leading dashes
and with "," between options (e.g. sweep:freelist-vol=0:heap-errors).
The program's own divergences.txt lines apply to its sweeps too (without
the check that each one matches something); a line can also name one
sweep, "sweep:LABEL:PROGRAM", and then must match.

Usage: difftest.py [PATTERN...]
"""
import collections
import concurrent.futures
import copy
import fnmatch
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402
import vglog  # noqa: E402

DDIR = os.path.join(lkt.TESTS, "diff")
PDIR = os.path.join(DDIR, "programs")
BDIR = os.path.join(lkt.OUT, "diff")
BASE_OPTS = ["--leak-check=full", "--show-leak-kinds=all",
             "--errors-for-leak-kinds=all"]
TIMEOUT = int(os.environ.get("LK_DIFF_TIMEOUT", "600"))


class Prog:
    def __init__(self, lineno, line):
        f = [x.strip() for x in line.split("|")]
        self.error = None
        if len(f) not in (5, 6):
            self.error = "programs.list:%d: expected 5 or 6 '|'-separated fields" % lineno
            f += [""] * 6
        f = ["" if x == "-" else x for x in f] + [""]
        self.name, self.src, cflags, args, vgopts, flags = f[:6]
        self.flags = flags.replace(",", " ").split()
        self.frames = None
        self.lkopts = []
        for x in self.flags:
            if x.startswith("frames=") and x[7:].isdigit():
                self.frames = int(x[7:])
            elif x.startswith("lkopt=--"):
                self.lkopts.append(x[6:])
            elif x not in ("no-native",):
                self.error = "programs.list:%d: unknown flag %s" % (lineno, x)
        self.cflags = shlex.split(cflags)
        self.args = shlex.split(args)
        self.vgopts = shlex.split(vgopts.replace("@DIFFDIR@", DDIR))
        self.exe = os.path.join(BDIR, "bin", self.name)
        self.rundir = os.path.join(BDIR, "run", self.name)
        self.base = None              # for a sweep: the program's own name


def sweep_label(opts):
    return ",".join(o[2:] if o.startswith("--") else o for o in opts)


def read_sweeps(progs):
    """The sweeps of tests/diff/sweeps.list, as Progs of their own."""
    by_name = {p.name: p for p in progs}
    out = []
    path = os.path.join(DDIR, "sweeps.list")
    if not os.path.exists(path):
        return out
    for n, line in enumerate(open(path), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        f = [x.strip() for x in line.split("|")]
        bad = None
        if len(f) != 2 or not f[0] or not f[1]:
            bad = "sweeps.list:%d: expected OPTIONS | PROGRAM, ..." % n
            f = (f + ["", ""])[:2]
        opts = shlex.split(f[0])
        for name in [x.strip() for x in f[1].split(",") if x.strip()] or [""]:
            base = by_name.get(name)
            if base is None:
                p = Prog(n, "sweep:%s:%s | - | - | - | -" % (sweep_label(opts), name))
                p.error = bad or "sweeps.list:%d: unknown program %r" % (n, name)
                out.append(p)
                continue
            p = copy.copy(base)
            p.name = "sweep:%s:%s" % (sweep_label(opts), name)
            p.base = base.name
            p.vgopts = base.vgopts + opts
            p.exe = base.exe          # built once, as the program's own
            p.rundir = os.path.join(BDIR, "run", "sweep",
                                    re.sub(r"[^A-Za-z0-9_.,=+-]", "_",
                                           sweep_label(opts)), name)
            if bad:
                p.error = bad
            out.append(p)
    return out


def read_list():
    progs = []
    for n, line in enumerate(open(os.path.join(DDIR, "programs.list")), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            progs.append(Prog(n, line))
    return progs


def read_divergences():
    divs = []
    path = os.path.join(DDIR, "divergences.txt")
    for n, line in enumerate(open(path), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        f = [x.strip() for x in line.split("|")]
        if len(f) != 4 or not all(f):
            divs.append(("", "", "divergences.txt:%d: need 4 non-empty fields"
                         % n, "", n))
            continue
        try:
            spec, prog = lkt.version_tag(f[0])
        except ValueError as e:
            divs.append(("", "", "divergences.txt:%d: bad version tag: %s" % (n, e), "", n))
            continue
        if spec is not None and not lkt.version_in(spec):
            continue                  # for another Valgrind version
        divs.append((prog, f[1], f[2], f[3], n))
    return divs


def glob_match(key, pattern):
    """Glob with only * and ? special (brackets in keys stay literal)."""
    rx = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c)
                 for c in pattern)
    return re.fullmatch(rx, key, re.S) is not None


def _no_core():
    import resource
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(cmd, cwd):
    """Run CMD; returns (stdout, exit status as text)."""
    os.makedirs(cwd, exist_ok=True)
    try:
        p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT, preexec_fn=_no_core,
                           env=lkt.clean_env())
    except subprocess.TimeoutExpired as e:
        return (e.stdout or b"").decode(errors="replace"), "timeout", ""
    st = p.returncode
    st = ("signal %d" % -st) if st < 0 else ("exit %d" % st)
    return (p.stdout.decode(errors="replace"), st,
            p.stderr.decode(errors="replace"))


def run_tool(prog, vg, tool, label):
    d = os.path.join(prog.rundir, label)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    own = prog.lkopts if tool != "memcheck" else []
    cmd = vg + ["--tool=" + tool, "--command-line-only=yes"] + BASE_OPTS + prog.vgopts + own + \
        ["--log-file=" + os.path.join(d, label + ".%p"), prog.exe] + prog.args
    so, st, se = run(cmd, d)
    logs = {}
    for f in glob.glob(os.path.join(d, label + ".*")):
        m = re.match(r".*\.(\d+)$", f)
        if m:
            logs[int(m.group(1))] = open(f, errors="replace").read()
    return so, st, se, logs, cmd


def procs(logs, nframes):
    """Key each process's parsed log by its proc= tag, else by PID rank
    (creation order, across a PID wrap)."""
    pids = list(logs)
    order = dict(zip(pids, lkt.pid_order(pids)))
    parsed = [vglog.parse(logs[pid], nframes)
              for pid in sorted(pids, key=lambda p: order[p])]
    out = collections.OrderedDict()
    for rank, p in enumerate(parsed):
        key = p["tags"][-1] if p["tags"] else "#%d" % rank
        while key in out:
            key += "'"
        out[key] = p
    return out


def fmt_rec(r):
    kind, d, i, b, fr = r
    return "%s %d+%d/%d %s" % (kind, d, i, b, " < ".join(fr))


def fmt_err(e):
    h, desc, fr = e
    return "%s [%s] %s" % (h, desc, " < ".join(fr))


def compare(m, t, tool):
    """Return a list of (key, detail) differences between parsed runs."""
    diffs = []
    mk, tk = list(m), list(t)
    if mk != tk:
        diffs.append(("processes", "memcheck %s, %s %s" % (mk, tool, tk)))
    for k in mk:
        if k not in t:
            continue
        a, b = m[k], t[k]
        for field in ("heap", "all_freed", "signal", "summary", "hints"):
            if a[field] != b[field]:
                diffs.append(("%s: %s" % (k, field),
                              "memcheck %s, %s %s" % (a[field], tool, b[field])))
        for kind in sorted(set(a["leak"]) | set(b["leak"])):
            va, vb = a["leak"].get(kind), b["leak"].get(kind)
            if va != vb:
                diffs.append(("%s: leak %s" % (k, kind),
                              "memcheck %s, %s %s" % (va, tool, vb)))
        for what, fmt in (("records", fmt_rec), ("errors", fmt_err)):
            ca = collections.Counter(a[what])
            cb = collections.Counter(b[what])
            for r in sorted(ca - cb, key=str):
                for _ in range((ca - cb)[r]):
                    diffs.append(("%s: %s[memcheck-only] %s" % (k, what[:-1], fmt(r)), ""))
            for r in sorted(cb - ca, key=str):
                for _ in range((cb - ca)[r]):
                    diffs.append(("%s: %s[%s-only] %s" % (k, what[:-1], tool, fmt(r)), ""))
        for x, name in ((a, "memcheck"), (b, tool)):
            if x["unparsed"]:
                diffs.append(("%s: unparsed[%s]" % (k, name),
                              "; ".join(x["unparsed"])))
    return diffs


def check(prog, tool, vg, ref, nframes, divs, prefail):
    name = "diff/" + prog.name
    if prog.error:
        return "FAIL", name, prog.error
    src = os.path.join(PDIR, prog.src)
    if not os.path.exists(src):
        return "FAIL", name, "no source " + src
    err = lkt.compile_prog(src, prog.exe, prog.cflags)
    if err:
        return "FAIL", name, "build failed:\n" + err
    nso, nst, _ = run([prog.exe] + prog.args, os.path.join(prog.rundir, "native"))
    mso, mst, mse, mlogs, mcmd = run_tool(prog, ref, "memcheck", "memcheck")
    if not mlogs:
        return "FAIL", name, "memcheck wrote no log: " + mse.strip()[-300:]
    if prefail:
        return "FAIL", name, prefail
    tso, tst, tse, tlogs, tcmd = run_tool(prog, vg, tool, tool)
    if not tlogs:
        return "FAIL", name, "%s wrote no log (%s): %s" % (
            tool, tst, tse.strip()[-300:])
    if prog.frames is not None:
        nframes = prog.frames
    m, t = procs(mlogs, nframes), procs(tlogs, nframes)
    diffs = compare(m, t, tool)
    if "no-native" in prog.flags:
        # The native run is undefined: compare the tool with Memcheck.
        nso, nst, nlabel = mso, mst, "memcheck"
    else:
        nlabel = "native"
        if mst != nst:
            diffs.append(("exit", "native %s, memcheck %s (the program's "
                                  "behaviour changed under Memcheck)" % (nst, mst)))
        if mso != nso:
            diffs.append(("stdout", "memcheck differs from native:\n" +
                          lkt.short_diff(nso, mso, "native", "memcheck", 20)))
    if tst != nst:
        diffs.append(("exit", "%s %s, %s %s" % (nlabel, nst, tool, tst)))
    if tso != nso:
        diffs.append(("stdout", "--tool=%s differs from %s:\n" % (tool, nlabel) +
                      lkt.short_diff(nso, tso, nlabel, tool, 20)))
    # Apply divergences (only meaningful for leakcheck).
    mine = [d for d in divs if d[0] in (prog.name, prog.base)] \
        if tool != "memcheck" else []
    unexplained = []
    used = set()
    for key, detail in diffs:
        hit = [d for d in mine if glob_match(key, d[1])]
        if hit:
            for d in hit:
                used.add(d[4])
        else:
            unexplained.append((key, detail))
    # A program's own lines need not match in each of its sweeps.
    stale = [d for d in mine if d[4] not in used and d[0] == prog.name]
    notes = []
    for d in mine:
        if d[4] in used:
            notes.append("allowed divergence (divergences.txt:%d, %s): %s"
                         % (d[4], d[3], d[1]))
    if unexplained or stale:
        msg = []
        for key, detail in unexplained:
            msg.append("DIFF %s" % key + (("\n" + lkt.indent(detail, "       "))
                                          if detail else ""))
        for d in stale:
            msg.append("STALE divergences.txt:%d matches nothing: %s | %s"
                       % (d[4], d[0], d[1]))
        msg.append("logs: %s" % os.path.relpath(prog.rundir, lkt.REPO))
        msg.append("$ %s" % " ".join(shlex.quote(c) for c in tcmd))
        return "FAIL", name, "\n".join(notes + msg)
    return "PASS", name, "\n".join(notes)


def check_twice(prog, tool, vg, ref, nframes, divs, prefail):
    """Runs check(); a comparison that fails is run once more from scratch.

    A few words of a process's memory are not the same from run to run:
    ld.so keeps rdtsc cycle counts in its .bss (relocate_time, for
    LD_DEBUG=statistics), and such a word can happen to fall inside a heap
    block and count as a pointer -- under either tool.  When the rerun
    agrees, the test passes and the first run's differences are printed as
    a note; a difference that comes back fails as usual."""
    st, name, msg = check(prog, tool, vg, ref, nframes, divs, prefail)
    if st != "FAIL" or prefail or "DIFF " not in msg:
        return st, name, msg
    st2, name2, msg2 = check(prog, tool, vg, ref, nframes, divs, prefail)
    if st2 == "FAIL":
        return st2, name2, msg2
    note = ("NOTE: the first run differed and a rerun of both tools agreed "
            "(nondeterministic program state, see tests/README.md); "
            "first run:\n" + lkt.indent(msg))
    return st2, name2, "\n".join(x for x in (msg2, note) if x)


def main(argv):
    pats = [a for a in argv if not a.startswith("-")]
    progs = read_list()
    progs += read_sweeps(progs)
    if pats:
        progs = [p for p in progs
                 if any(x in p.name or fnmatch.fnmatch(p.name, x) for x in pats)]
    if not progs:
        lkt.out("diff: no program matches %s" % " ".join(pats))
        return 0
    tool, vg, ref = lkt.tool_name(), lkt.tool_cmd(), lkt.ref_cmd()
    nframes = int(os.environ.get("LK_DIFF_FRAMES", "4"))
    lkt.out("== differential tests: %d programs, memcheck via %s vs --tool=%s via %s"
            % (len(progs), " ".join(ref), tool, " ".join(vg)))
    prefail = lkt.preflight(vg, tool)
    if prefail:
        lkt.out("diff: the tool cannot run: " + prefail)
    divs = read_divergences()
    bad = [d for d in divs if not d[0]]
    names = {p.name for p in read_list()}
    names |= {p.name for p in read_sweeps(read_list())}
    nfail = 0
    for d in divs:
        if d[0] and d[0] not in names:
            bad.append(d[:2] + ("divergences.txt:%d names unknown program %s"
                                % (d[4], d[0]),) + d[3:])
    for d in bad:
        nfail += 1
        lkt.record("FAIL", "diff/divergences.txt", d[2])
    # A sweep shares its program's binary: build each one once, before
    # the parallel runs (check() then finds it up to date).
    built = set()
    for p in progs:
        src = os.path.join(PDIR, p.src)
        if p.error or p.exe in built or not os.path.exists(src):
            continue
        built.add(p.exe)
        lkt.compile_prog(src, p.exe, p.cflags)
    with concurrent.futures.ThreadPoolExecutor(lkt.jobs()) as ex:
        futs = [ex.submit(check_twice, p, tool, vg, ref, nframes, divs, prefail)
                for p in progs]
        for fu in futs:
            st, name, msg = fu.result()
            if st == "FAIL":
                nfail += 1
            lkt.record(st, name)
            if msg:
                lkt.out(lkt.indent(msg))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
