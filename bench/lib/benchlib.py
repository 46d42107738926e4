# benchlib.py -- shared harness for leakcheck's benchmarks (bench/run-*)
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Python 3 standard library only.  Measurements, never pass/fail: every
# number is printed, targets are printed next to them, nothing is asserted.
#
# How a measurement is taken
#   * Every run is wrapped in /usr/bin/time -f '%e %U %S %M' (Debian package
#     `time`) for user/sys seconds and peak RSS (KiB, the largest single
#     process of the run); wall time is measured here with perf_counter.
#   * Configurations are interleaved: round r runs every configuration once,
#     in an order rotated by r, so slow drifts of the machine hit all
#     configurations alike.
#   * The tables report medians over the rounds and say how many runs.
#   * The client's stdout goes to /dev/null, its stderr (with Valgrind's
#     messages) to a per-run log under the output directory.

import csv
import datetime
import json
import math
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(BENCH_DIR)
TIME_BIN = "/usr/bin/time"


def die(msg):
    sys.stderr.write("bench: %s\n" % msg)
    sys.exit(2)


def note(msg):
    sys.stderr.write("bench: %s\n" % msg)
    sys.stderr.flush()


# ---------------------------------------------------------------------------
# Valgrind launcher and tool detection
# ---------------------------------------------------------------------------

def valgrind_launcher():
    """BENCH_VALGRIND (a command, may have words), default ./vg-in-place at
    the repository root."""
    v = os.environ.get("BENCH_VALGRIND")
    if v:
        words = shlex.split(v)
    else:
        words = [os.path.join(REPO_ROOT, "vg-in-place")]
    exe = words[0]
    if os.sep in exe:
        if not os.access(exe, os.X_OK):
            die("valgrind launcher %s not found or not executable.\n"
                "  Build the tool first (autoreconf -fi && ./configure && "
                "make -j2 at the repository root),\n"
                "  or point BENCH_VALGRIND at another launcher, e.g. "
                "BENCH_VALGRIND=valgrind (memcheck/none only)." % exe)
        words[0] = os.path.abspath(exe)
    return words


def launchers(specs):
    """The Valgrinds to measure, [(label, launcher words)]: one per
    --valgrind SPEC ("LABEL=COMMAND" or "COMMAND"; the label defaults to
    the version COMMAND --version prints), or the single default launcher
    (label None) when there is no SPEC."""
    if not specs:
        return [(None, valgrind_launcher())]
    out = []
    for spec in specs:
        label, eq, cmd = spec.partition("=")
        if not eq or not label or any(ch in label for ch in " /"):
            label, cmd = None, spec
        words = shlex.split(cmd)
        if not words:
            die("--valgrind %r names no command" % spec)
        if os.sep in words[0] and not os.access(words[0], os.X_OK):
            die("valgrind launcher %s not found or not executable" % words[0])
        if os.sep in words[0]:
            # Some workloads run in their own directory (git-blame).
            words[0] = os.path.abspath(words[0])
        if label is None:
            try:
                v = subprocess.run(words + ["--version"],
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, timeout=60)
                label = v.stdout.decode().strip().replace("valgrind-", "")
            except (OSError, subprocess.TimeoutExpired):
                label = ""
            label = label or "vg%d" % (len(out) + 1)
        if label in [l for l, _ in out]:
            die("two Valgrinds labelled %s: give LABEL=COMMAND" % label)
        out.append((label, words))
    return out


def per_valgrind(configs, vgs):
    """The columns to run: with one Valgrind, CONFIGS as they are; with
    several, native once and every other column once per Valgrind, named
    LABEL:NAME, interleaved in the same rounds."""
    if len(vgs) == 1:
        for c in configs:
            c.launcher = vgs[0][1]
        return configs
    out = [c for c in configs if c.args is None]
    for label, words in vgs:
        for c in configs:
            if c.args is None:
                continue
            k = Config("%s:%s" % (label, c.name), c.args,
                       "%s (%s)" % (c.label, label))
            k.launcher = words
            out.append(k)
    return out


def split_rows(rows):
    """{label: rows} for a run of several Valgrinds (config LABEL:NAME),
    each with its columns renamed NAME and the native rows included; {}
    for a run of one."""
    labels = []
    for r in rows:
        lab, colon, _ = r["config"].partition(":")
        if colon and lab not in labels:
            labels.append(lab)
    out = {}
    for lab in labels:
        rs = []
        for r in rows:
            l2, colon, name = r["config"].partition(":")
            if not colon:
                rs.append(r)
            elif l2 == lab:
                rs.append(dict(r, config=name))
        out[lab] = rs
    return out


def probe(launcher, args):
    """Run the launcher with ARGS on /bin/true.  Returns (ok, first error
    line)."""
    try:
        p = subprocess.run(launcher + args + ["/bin/true"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, str(e)
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode != 0:
        lines = [l for l in err.splitlines() if l.strip()]
        return False, (lines[0] if lines else "exit status %d" % p.returncode)
    return True, ""


def launcher_description(launcher):
    """One line saying which Valgrind and which tool build we run."""
    desc = " ".join(launcher)
    try:
        ver = subprocess.run(launcher + ["--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=60)
        desc += " (%s)" % ver.stdout.decode().strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    exe = launcher[0]
    if os.sep in exe:
        d = os.path.dirname(os.path.realpath(exe))
        try:
            rev = subprocess.run(["git", "-C", d, "describe", "--always",
                                  "--dirty"], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, timeout=60)
            r = rev.stdout.decode().strip()
            if r:
                desc += ", tool build %s at %s" % (r, d)
        except (OSError, subprocess.TimeoutExpired):
            pass
    return desc


def load_description(rows):
    """How busy the machine was with other work during the runs: other work
    (a build, a test suite) makes every number slower and noisier."""
    oc = [r["other_cpus"] for r in rows
          if isinstance(r.get("other_cpus"), float) and
          not math.isnan(r["other_cpus"])]
    ls = [r["load1"] for r in rows if isinstance(r.get("load1"), float)]
    if not oc or not ls:
        return "n/a"
    n = sum(1 for r in rows if contended(r))
    rows = [r for r in rows if isinstance(r.get("other_cpus"), float) and
            not math.isnan(r["other_cpus"])]
    return ("other processes used a median of %.2f and at most %.2f of the "
            "%d cores during a run; %d of %d runs (of 0.25 s or more) were "
            "contended (others used more than the %d spare core(s), so wall "
            "time suffered: compare the CPU-time figures); 1-minute load average before a "
            "run: median %.2f, max %.2f"
            % (statistics.median(oc), max(oc), os.cpu_count() or 0, n,
               len(rows), (os.cpu_count() or 1) - 1,
               statistics.median(ls), max(ls)))


def contended(row):
    """True when other processes wanted more than the cores this
    (single-threaded) run left free."""
    oc = row.get("other_cpus")
    if not isinstance(oc, float) or math.isnan(oc):
        return False
    return oc > (os.cpu_count() or 1) - 1 + 0.1


def cpu_s(row):
    try:
        return row["user_s"] + row["sys_s"]
    except (KeyError, TypeError):
        return float("nan")


def machine_description():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    deb = ""
    try:
        with open("/etc/debian_version") as f:
            deb = "Debian " + f.read().strip()
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = "%.0f GiB" % (kb / 1048576.0)
    except (OSError, ValueError, IndexError):
        pass
    return "%s, %s, %d cores, %s, %s" % (platform.node(), cpu,
                                          os.cpu_count() or 0, mem, deb)


# ---------------------------------------------------------------------------
# Configurations
# ---------------------------------------------------------------------------

class Config:
    """One column: native (args is None) or Valgrind with tool args."""

    def __init__(self, name, args, label=None):
        self.name = name
        self.args = args          # None = native
        self.label = label or name
        self.available = True
        self.why = ""
        self.launcher = None      # set by per_valgrind

    def command(self, client, extra=()):
        if self.args is None:
            return list(client)
        return list(self.launcher) + list(self.args) + list(extra) + \
            list(client)


def detect(configs):
    """Mark unavailable configurations (tool missing, option rejected)."""
    for c in configs:
        if c.args is None:
            continue
        ok, why = probe(c.launcher, c.args)
        if not ok:
            c.available = False
            c.why = why
            note("skipping %s: %s" % (c.label, why))
    return [c for c in configs if c.available]


# ---------------------------------------------------------------------------
# Running and timing
# ---------------------------------------------------------------------------

def check_time_bin():
    if not os.access(TIME_BIN, os.X_OK):
        die("%s is missing: apt-get install time" % TIME_BIN)


def _cpu_busy_s():
    """System-wide busy CPU seconds so far (all cores, all processes)."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        # user nice system idle iowait irq softirq steal ...
        busy = v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)
        return busy / float(os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return float("nan")


def _proc_cpu_s(pid):
    """CPU seconds (user+sys) process PID has used so far."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            rest = f.read().rsplit(")", 1)[1].split()
        # fields 14 and 15 of stat(5); rest[0] is field 3
        return (int(rest[11]) + int(rest[12])) / \
            float(os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return float("nan")


class _MarkerWatch:
    """Copies a child's stderr to the log and, when a Valgrind line whose
    text starts with one of MARKERS passes, notes the CPU time the
    Valgrind process (PID taken from the line's ==PID== prefix) has used
    so far.  This times a phase of the run (the leak search) in CPU
    seconds, which other work on the machine hardly disturbs."""

    def __init__(self, stream, log, markers):
        self.stream, self.log, self.markers = stream, log, markers
        self.cpu = {}
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        for raw in iter(self.stream.readline, b""):
            self.log.write(raw)
            m = _PREFIX.match(raw.decode("utf-8", "replace").rstrip("\n"))
            if not m:
                continue
            for mk in self.markers:
                if mk not in self.cpu and m.group(7).startswith(mk):
                    self.cpu[mk] = _proc_cpu_s(int(m.group(6)))

    def join(self):
        self.thread.join()


def run_timed(cmd, log_path, stdin_path=None, cwd=None, env=None,
              timeout=3600, markers=None):
    """Run CMD; returns a dict with wall_s, user_s, sys_s, maxrss_kb, exit,
    load1, other_cpus and, with MARKERS, cpu_at: {marker: CPU seconds of
    the Valgrind process when its line was printed}."""
    fd, tpath = tempfile.mkstemp(prefix="bench-time-")
    os.close(fd)
    full = [TIME_BIN, "-f", "%e %U %S %M", "-o", tpath] + list(cmd)
    load1 = round(os.getloadavg()[0], 2)
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    watch = None
    try:
        with open(log_path, "wb") as log:
            c0 = _cpu_busy_s()
            t0 = time.perf_counter()
            p = subprocess.Popen(full, stdin=stdin, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE if markers else log,
                                 cwd=cwd, env=env)
            if markers:
                watch = _MarkerWatch(p.stderr, log, markers)
            try:
                rc = p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                rc = "timeout"
            t1 = time.perf_counter()
            c1 = _cpu_busy_s()
            if watch:
                watch.join()
                p.stderr.close()
    finally:
        if stdin_path:
            stdin.close()
    res = {"wall_s": round(t1 - t0, 4), "user_s": float("nan"),
           "sys_s": float("nan"), "maxrss_kb": float("nan"), "exit": rc,
           "load1": load1}
    try:
        with open(tpath) as f:
            lines = [l for l in f.read().splitlines() if l.strip()]
        os.unlink(tpath)
        parts = lines[-1].split()
        res["user_s"] = float(parts[1])
        res["sys_s"] = float(parts[2])
        res["maxrss_kb"] = float(parts[3])
    except (OSError, IndexError, ValueError):
        pass
    # CPU used by everything else while this run ran (other users of the
    # machine, and the harness itself), in cores: 0 on an idle machine.
    # /proc/stat counts in clock ticks (10 ms), so short runs say nothing.
    res["other_cpus"] = round(max(0.0, (c1 - c0 - res["user_s"] -
                                        res["sys_s"]) / res["wall_s"]), 2) \
        if res["wall_s"] >= 0.25 else float("nan")
    if watch:
        res["cpu_at"] = watch.cpu
    return res


# Valgrind's line prefix: "==PID== " or, with --time-stamp=yes,
# "==DD:HH:MM:SS.mmm PID== ".
_PREFIX = re.compile(r"^==(?:(\d+):(\d+):(\d+):(\d+)\.(\d+) )?(\d+)== ?(.*)$")


def parse_valgrind_log(path):
    """Extract what the tables use from a Valgrind log."""
    out = {"errors": "", "contexts": "", "heap_summary_t": None,
           "leak_summary_t": None, "definite": "", "indirect": "",
           "possible": "", "reachable": "", "suppressed": "",
           "in_use_blocks": "", "fatal": ""}
    try:
        with open(path, "r", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return out
    for line in lines:
        m = _PREFIX.match(line)
        if not m:
            continue
        text = m.group(7)
        t = None
        if m.group(1) is not None:
            d, h, mi, s, ms = (int(x) for x in m.group(1, 2, 3, 4, 5))
            t = ((d * 24 + h) * 60 + mi) * 60 + s + ms / 1000.0
        if text.startswith("HEAP SUMMARY:"):
            out["heap_summary_t"] = t
        elif text.startswith("LEAK SUMMARY:"):
            out["leak_summary_t"] = t
        elif text.startswith("All heap blocks were freed"):
            out["leak_summary_t"] = t
            out["definite"] = "0 (all freed)"
        elif text.startswith("ERROR SUMMARY:"):
            mm = re.search(r"ERROR SUMMARY: (\d+) errors from (\d+) contexts",
                           text)
            if mm and out["errors"] == "":
                out["errors"], out["contexts"] = mm.group(1), mm.group(2)
        elif "in use at exit:" in text:
            mm = re.search(r"in ([\d,]+) blocks", text)
            if mm:
                out["in_use_blocks"] = mm.group(1).replace(",", "")
        elif "Process terminating" in text or "valgrind: the 'impossible'" \
                in text or "Valgrind's memory management" in text:
            out["fatal"] = out["fatal"] or text.strip()
        else:
            for key, label in (("definite", "definitely lost:"),
                               ("indirect", "indirectly lost:"),
                               ("possible", "possibly lost:"),
                               ("reachable", "still reachable:"),
                               ("suppressed", "suppressed:")):
                if text.strip().startswith(label):
                    mm = re.search(r"([\d,]+) bytes in ([\d,]+) blocks", text)
                    if mm:
                        out[key] = "%s B / %s blk" % (mm.group(1), mm.group(2))
    hs, ls = out["heap_summary_t"], out["leak_summary_t"]
    out["scan_s"] = round(ls - hs, 3) if (hs is not None and ls is not None) \
        else float("nan")
    return out


# ---------------------------------------------------------------------------
# Statistics and formatting
# ---------------------------------------------------------------------------

def median(xs):
    xs = [x for x in xs if isinstance(x, (int, float)) and not math.isnan(x)]
    return statistics.median(xs) if xs else float("nan")


def ratio(a, b):
    if a is None or b is None or math.isnan(a) or math.isnan(b) or b == 0:
        return float("nan")
    return a / b


def geomean(xs):
    xs = [x for x in xs if not math.isnan(x) and x > 0]
    if not xs:
        return float("nan")
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def fmt(x, digits=2):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return "%.*f" % (digits, x)


def fmt_ratio(x, target=None):
    if x is None or math.isnan(x):
        return "n/a"
    s = "%.2fx" % x
    if target is not None:
        s += " (%s %.2f)" % ("ok ≤" if x <= target else "over", target)
    return s


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(out)


def rotated(seq, r):
    if not seq:
        return []
    r %= len(seq)
    return list(seq[r:]) + list(seq[:r])


def stamp():
    return datetime.datetime.now().strftime("%Y%m%d-%H%M%S")


def write_csv(path, rows, fields):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def bench_env():
    """A fixed environment for the clients: same for every configuration."""
    env = dict(os.environ)
    env["LC_ALL"] = "C"
    env["LANG"] = "C"
    env.pop("MALLOC_CHECK_", None)
    env.pop("MALLOC_PERTURB_", None)
    env.pop("LD_PRELOAD", None)
    return env


_FLOATS = ("wall_s", "user_s", "sys_s", "maxrss_kb", "load1", "other_cpus",
           "scan_s", "scan_cpu_s", "scale")


def read_csv(path):
    """Rows of a CSV written by write_csv, with numbers as numbers."""
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            for k in _FLOATS:
                if k in r:
                    try:
                        r[k] = float(r[k])
                    except ValueError:
                        r[k] = float("nan")
            for k in ("run", "exit"):
                if k in r and r[k].lstrip("-").isdigit():
                    r[k] = int(r[k])
            rows.append(r)
    return rows


def meta_path(csv_path):
    return os.path.splitext(csv_path)[0] + ".json"


def write_meta(csv_path, meta):
    with open(meta_path(csv_path), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")


def read_meta(csv_path):
    try:
        with open(meta_path(csv_path)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def new_meta(vgs, runs, scale, notes):
    """VGS: [(label, launcher)] (see launchers)."""
    meta = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "machine": machine_description(),
            "valgrind": "; ".join(launcher_description(l) for _, l in vgs),
            "runs": runs, "scale": scale, "notes": notes}
    if len(vgs) > 1:
        meta["valgrinds"] = {lab: launcher_description(l) for lab, l in vgs}
    return meta


def meta_for(meta, label):
    """The header facts of one Valgrind of a several-Valgrind run."""
    m = dict(meta)
    m["valgrind"] = meta.get("valgrinds", {}).get(label, label)
    return m


def emit(md, csv_path, logdir=None):
    """Print the markdown and save it next to the CSV."""
    md_path = os.path.splitext(csv_path)[0] + ".md"
    with open(md_path, "w") as f:
        f.write(md + "\n")
    print(md)
    note("raw data: %s" % csv_path)
    note("table: %s" % md_path)
    if logdir:
        note("logs: %s" % logdir)
