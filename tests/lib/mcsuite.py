#!/usr/bin/env python3
"""Memcheck's own regression programs under Memcheck and leakcheck.

tests/run-all mcsuite (not in the default list) runs the .vgtest files of
memcheck/tests/ (and its amd64, amd64-linux and linux subdirectories) of
the Valgrind the tests compare with, once under that Valgrind's Memcheck
and once under the tool under test, with the same options, and compares
the two runs.  Valgrind's code is never part of this repository: the
source of the running version is found (or fetched) at run time:

  LK_MCSUITE_SRC     colon-separated list of Valgrind source trees, or of
                     directories holding them (up to two levels down, e.g.
                     DIR/3.27.1-0.2/vg); the tree whose configure.ac says
                     the running version is used
  (otherwise)        tests/out/valgrind/*/source (also that of the tree a
                     version copy was made from), else
                     `tools/debian-valgrind source SUITE` for the suite
                     (LK_MCSUITE_SUITE, else bookworm, trixie, sid) that
                     has the running version

Everything is built and run in tests/out/mcsuite/VERSION/:
  build/   a mirror of the source tree (symbolic links) in which the test
           programs are compiled with the flags their Makefile.am gives
           (a small evaluator of the automake variables and conditionals
           for amd64 Linux with gcc; tests/mcsuite/README.md), and a
           config.h probed on this machine
  mc/ lk/  mirrors of build/ in which Memcheck and the tool run (so that
           files a test writes do not collide between the two runs)
  results/NAME/  the outputs, filtered and normalised

A .vgtest runs as vg_regtest runs it: prereq (skip if it fails), then
  VALGRIND --command-line-only=yes --memcheck:leak-check=no
           --leakcheck:leak-check=no --tool=TOOL VGOPTS ./PROG ARGS
through /bin/sh in the test's directory, then post and cleanup.  Both
stderrs go through tests/regtest/filter_stderr plus a few masks that only
concern the tool's identity (PIDs and times in XML, the banner, the
preload's path); stdout and the post output with addresses masked; the
exit statuses are compared too.  Each test is then

  equal        the same after filtering;
  by design    the same once Memcheck's undefined-value errors are taken
               out (Conditional jump / Use of uninitialised value /
               Syscall param ... uninitialised / Uninitialised byte(s) in
               a client check, their origins, suppressions, -s listing and
               XML errorcounts, the "Use --track-origins" hint, leakcheck's
               note on accepted definedness options, and the error counts
               those errors make up) -- leakcheck does not track
               definedness, by design;
  divergent    anything else: every difference must be listed in
               tests/mcsuite/divergences.txt, else the test fails.

tests/mcsuite/divergences.txt:  [VERSIONS] NAME | KEY GLOB | CATEGORY | REASON
  keys are "stderr[memcheck-only] LINE", "stderr[leakcheck-only] LINE"
  (the same for stdout and post), "exit memcheck=S leakcheck=S",
  "timeout[TOOL]"; a line that matches no difference of a test that ran
  fails as stale.  tests/mcsuite/skip.txt:  [VERSIONS] NAME | REASON.

Environment: LK_MCSUITE_SRC, LK_MCSUITE_SUITE, LK_MCSUITE_TIMEOUT (seconds
per run of one tool, default 300), LK_JOBS (as elsewhere; two jobs run the
two tools of a test side by side), LK_TOOL, LK_VALGRIND,
LK_MEMCHECK_VALGRIND.

Usage: mcsuite.py [--list] [--build-only] [PATTERN...]
  PATTERN selects tests whose name (e.g. "leak-cases-full",
  "amd64/insn_basic") contains it or matches it as a glob.
"""
import concurrent.futures
import difflib
import fnmatch
import glob
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402

MDIR = os.path.join(lkt.TESTS, "mcsuite")
FILTER = os.path.join(lkt.TESTS, "regtest", "filter_stderr")
TEST_DIRS = ["memcheck/tests", "memcheck/tests/amd64",
             "memcheck/tests/amd64-linux", "memcheck/tests/linux"]
TIMEOUT = int(os.environ.get("LK_MCSUITE_TIMEOUT", "300"))
DEBIAN_SUITES = ["bookworm", "trixie", "sid"]


def log(*a):
    lkt.out(*a)


# ---------------------------------------------------------------------
# Which Valgrind, which source
# ---------------------------------------------------------------------

def running_version():
    """The full version of the reference Valgrind, e.g. '3.27.1'."""
    try:
        p = subprocess.run(lkt.ref_cmd() + ["--version"], capture_output=True,
                           text=True, timeout=60)
        m = re.search(r"valgrind-(\d+\.\d+\.\d+)", p.stdout)
        return m.group(1) if m else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def tree_version(d):
    """The version a Valgrind source tree's configure.ac declares."""
    try:
        text = open(os.path.join(d, "configure.ac"), errors="replace").read()
    except OSError:
        return None
    parts = []
    for k in ("major", "minor", "micro"):
        m = re.search(r"m4_define\(\[v_%s_ver\], *\[(\d+)\]\)" % k, text)
        if not m:
            return None
        parts.append(m.group(1))
    return ".".join(parts)


def candidate_trees(root):
    """Valgrind source trees at ROOT or up to two levels below it."""
    found = []
    for pat in ("", "*", "*/*"):
        for d in sorted(glob.glob(os.path.join(root, pat))):
            if os.path.isdir(os.path.join(d, "memcheck", "tests")) \
                    and os.path.exists(os.path.join(d, "configure.ac")):
                found.append(d)
    return found


def outer_out_dirs():
    """tests/out of this tree and, in a version copy
    (.../tests/out/versions/V/src), of the tree it was copied from."""
    dirs = [lkt.OUT]
    m = re.match(r"^(.*)/tests/out/versions/[^/]+/src$", lkt.REPO)
    if m:
        dirs.append(os.path.join(m.group(1), "tests", "out"))
    return dirs


def find_source(version):
    roots = [r for r in os.environ.get("LK_MCSUITE_SRC", "").split(":") if r]
    for d in outer_out_dirs():
        roots.append(os.path.join(d, "valgrind"))
    seen = []
    for r in roots:
        for t in candidate_trees(r):
            v = tree_version(t)
            seen.append("%s (%s)" % (t, v))
            if v == version:
                return os.path.abspath(t), None
    # Fetch it: the Debian suite that has this version.
    tool = os.path.join(lkt.REPO, "tools", "debian-valgrind")
    dest = os.path.join(outer_out_dirs()[-1], "valgrind")
    env_suite = os.environ.get("LK_MCSUITE_SUITE")
    suites = [env_suite] if env_suite else DEBIAN_SUITES
    for s in suites:
        try:
            p = subprocess.run([tool, "version", s, dest], capture_output=True,
                               text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if p.returncode == 0 and p.stdout.strip() == version:
            log("mcsuite: fetching the source of Valgrind %s (Debian %s)"
                % (version, s))
            p = subprocess.run([tool, "source", s, dest], capture_output=True,
                               text=True, timeout=3600)
            if p.returncode == 0:
                t = p.stdout.strip().splitlines()[-1]
                if tree_version(t) == version:
                    return os.path.abspath(t), None
            return None, "tools/debian-valgrind source %s failed: %s" % (
                s, (p.stderr or p.stdout).strip()[-300:])
    return None, ("no source tree of Valgrind %s (set LK_MCSUITE_SRC; seen: %s)"
                  % (version, ", ".join(seen) or "none"))


# ---------------------------------------------------------------------
# Mirror trees
# ---------------------------------------------------------------------

def mirror(src, dst, real_dirs, exclude=()):
    """Make DST a mirror of SRC: each entry of SRC is a symbolic link in
    DST, except the directories of REAL_DIRS (relative paths) and their
    ancestors, which are real directories mirrored the same way.  Real
    files already in DST (build products) are left alone; EXCLUDE names
    top-level entries not to link."""
    real = set()
    for d in real_dirs:
        parts = d.split("/")
        for i in range(len(parts) + 1):
            real.add("/".join(parts[:i]))
    for d in sorted(real, key=lambda x: x.count("/") if x else -1):
        sd = os.path.join(src, d) if d else src
        dd = os.path.join(dst, d) if d else dst
        if not os.path.isdir(sd):
            continue
        if os.path.islink(dd):
            os.unlink(dd)
        os.makedirs(dd, exist_ok=True)
        for e in os.listdir(sd):
            rel = (d + "/" + e) if d else e
            if rel in real or (not d and e in exclude):
                continue
            target = os.path.join(sd, e)
            link = os.path.join(dd, e)
            if os.path.islink(link):
                if os.readlink(link) == target:
                    continue
                os.unlink(link)
            elif os.path.exists(link):
                continue
            os.symlink(target, link)


# ---------------------------------------------------------------------
# config.h: what the test programs ask of it, probed on this machine
# ---------------------------------------------------------------------

FUNCS = ["aligned_alloc", "clock_gettime", "epoll_create", "epoll_pwait",
         "eventfd", "eventfd_read", "getpagesize", "klogctl", "mallinfo",
         "mallinfo2", "mempcpy", "memrchr", "ppoll", "rawmemchr",
         "semtimedop", "signalfd", "stpncpy", "strchrnul", "strndup",
         "utimensat", "pthread_setname_np", "reallocarray", "strlcat",
         "wcsncpy", "wcpncpy", "close_range", "copy_file_range",
         "memfd_create", "preadv", "pwritev", "preadv2", "pwritev2",
         "process_vm_readv", "sbrk", "setcontext", "wcsxfrm"]
HEADERS = ["sys/epoll.h", "sys/eventfd.h", "sys/klog.h", "sys/poll.h",
           "sys/prctl.h", "sys/signalfd.h", "sys/signal.h", "sys/syscall.h",
           "sys/time.h", "sys/types.h", "sys/sysnvl.h", "sys/ioctl.h"]
COMPILES = {
    "HAVE_CLOCK_MONOTONIC":
        "#include <time.h>\nint main(void){struct timespec t;"
        "return clock_gettime(CLOCK_MONOTONIC,&t);}\n",
    "HAVE_STRUCT_STATX_IN_SYS_STAT_H":
        "#define _GNU_SOURCE\n#include <sys/stat.h>\n"
        "int main(void){struct statx x;(void)x;return 0;}\n",
    "HAVE_GNU_LIBC_C17_ALIGNED_ALLOC":
        "#include <features.h>\n#if !defined(__GLIBC__) || __GLIBC__ != 2 || "
        "__GLIBC_MINOR__ < 38\n#error old\n#endif\nint main(void){return 0;}\n",
    "HAVE_AS_AMD64_FXSAVE64":
        "int main(void){__asm__ __volatile__(\"fxsave64 (%rsp)\");return 0;}\n",
    "HAVE_PTHREAD_BARRIER":
        "#include <pthread.h>\nint main(void){pthread_barrier_t b;"
        "return pthread_barrier_init(&b,0,1);}\n",
}


def probe(cc, code, d, link=True):
    src = os.path.join(d, "probe.c")
    with open(src, "w") as f:
        f.write(code)
    cmd = [cc, "-o", os.path.join(d, "probe"), src] + ([] if link else ["-c"])
    if not link:
        cmd = [cc, "-c", "-o", os.path.join(d, "probe.o"), src]
    return subprocess.run(cmd, capture_output=True).returncode == 0


def write_config_h(path):
    """Writes a config.h with the HAVE_ macros the test programs use,
    each probed with the C compiler (as configure would)."""
    if os.path.exists(path):
        return
    d = path + ".probe"
    os.makedirs(d, exist_ok=True)
    cc = os.environ.get("CC", "gcc")
    defs = {"HAVE_GNU_LD": True}
    for fn in FUNCS:
        code = ("char %s(void);\nint main(void){return (int)%s();}\n" % (fn, fn))
        defs["HAVE_" + fn.upper()] = probe(cc, code, d)
    for h in HEADERS:
        code = "#include <%s>\nint main(void){return 0;}\n" % h
        defs["HAVE_" + re.sub(r"[^A-Z0-9]", "_", h.upper())] = probe(cc, code, d, False)
    for k, code in COMPILES.items():
        defs[k] = probe(cc, code, d)
    shutil.rmtree(d, ignore_errors=True)
    lines = ["/* config.h for Valgrind's test programs, written by",
             "   tests/lib/mcsuite.py from probes on this machine. */"]
    for k in sorted(defs):
        lines.append(("#define %s 1" % k) if defs[k] else ("/* #undef %s */" % k))
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.rename(path + ".tmp", path)


# ---------------------------------------------------------------------
# Makefile.am: variables, conditionals, programs
# ---------------------------------------------------------------------

OTHER_ARCH = re.compile(r"X86|PPC|MIPS|ARM|S390|RISCV|NANOMIPS|TILEGX")
OTHER_OS = re.compile(r"DARWIN|SOLARIS|FREEBSD|ILLUMOS|MUSL|BIONIC|ANDROID|"
                      r"CLANG|SUN_STUDIO")


def cond_true(name):
    """Automake conditionals as configure sets them for amd64 Linux, gcc,
    primary platform only; HAVE_* and feature tests are taken as true (a
    program that then does not build is skipped and reported)."""
    if name.startswith("!"):
        return not cond_true(name[1:].strip())
    if OTHER_OS.search(name):
        return False
    if name.startswith(("VGCONF_ARCHS_INCLUDE_", "VGCONF_PLATFORMS_INCLUDE_")):
        return name.endswith(("_AMD64", "_AMD64_LINUX"))
    if OTHER_ARCH.search(name):
        return False
    if name in ("VGCONF_HAVE_PLATFORM_SEC", "VGCONF_HAVE_ABI") \
            or name.startswith(("HAS_ISA_", "VGCONF_PLATVARIANT_IS_")):
        return False
    return True


SUBST = {
    "FLAG_M64": "-m64", "FLAG_M32": "-m32",
    "FLAG_FSIZED_DEALLOCATION": "-fsized-deallocation",
    "FLAG_NO_PIE": "-no-pie", "FLAG_PIE": "-pie",
    "LDFLAG_NO_PIE": "-Wl,-no-pie",
    "FLAG_NO_WARN_EXECSTACK": "-Wl,--no-warn-execstack",
    "FLAG_FNO_STACK_PROTECTOR": "-fno-stack-protector",
    "FLAG_FNO_IPA_ICF": "-fno-ipa-icf",
    "VGCONF_ARCH_PRI": "amd64", "VGCONF_OS": "linux",
    "VGCONF_PLATVARIANT": "vanilla", "PERL": "perl",
}


class Makefile:
    """The parts of a directory's Makefile.am that say how its check
    programs build.  Includes of Makefile.tool-tests.am are replaced by
    that file's flags for amd64 Linux (without the warning flags)."""

    def __init__(self, path, reldir):
        up = "/".join([".."] * len(reldir.split("/")))
        self.vars = {
            "top_srcdir": up, "top_builddir": up, "srcdir": ".",
            "builddir": ".", "abs_top_builddir": up, "EXEEXT": "",
            "AM_FLAG_M3264_PRI": "-m64",
            "AM_CPPFLAGS": ("-I$(top_srcdir) -I$(top_srcdir)/include "
                            "-I$(top_srcdir)/coregrind -I$(top_builddir)/include "
                            "-I$(top_srcdir)/VEX/pub -I$(top_builddir)/VEX/pub "
                            "-DVGA_amd64=1 -DVGO_linux=1 -DVGP_amd64_linux=1 "
                            "-DVGPV_amd64_linux_vanilla=1"),
            "AM_CFLAGS": "-g -fno-stack-protector",
            "AM_CXXFLAGS": "-g -fno-stack-protector",
            "AM_CCASFLAGS": "$(AM_CPPFLAGS)",
            "LDADD": "", "LIBS": "-lm",
        }
        self.error = None
        try:
            text = open(path, errors="replace").read()
        except OSError as e:
            self.error = str(e)
            return
        text = re.sub(r"\\\n", " ", text)
        stack = []
        for line in text.splitlines():
            if line.startswith("\t"):
                continue                        # a recipe
            s = line.split("#", 1)[0].rstrip()
            st = s.strip()
            if not st:
                continue
            m = re.match(r"^if\s+(\S+)$", st)
            if m:
                stack.append(cond_true(m.group(1)))
                continue
            if st == "else" or st.startswith("else "):
                if stack:
                    stack[-1] = not stack[-1]
                continue
            if st == "endif" or st.startswith("endif "):
                if stack:
                    stack.pop()
                continue
            if not all(stack):
                continue
            m = re.match(r"^([A-Za-z0-9_@.]+)\s*(\+=|:=|=)\s*(.*)$", st)
            if m:
                k, op, v = m.groups()
                if op == "+=":
                    self.vars[k] = self.vars.get(k, "") + " " + v
                else:
                    self.vars[k] = v

    def expand(self, s, depth=0):
        if depth > 20:
            return s

        def var(m):
            name = m.group(1) or m.group(2)
            if " " in name or "," in name:
                return ""                       # a make function
            return self.expand(self.vars.get(name, ""), depth + 1)

        s = re.sub(r"\$\(([^()]*)\)|\$\{([^{}]*)\}", var, s)
        s = re.sub(r"@([A-Za-z0-9_]+)@",
                   lambda m: "" if m.group(1).startswith("FLAG_W_")
                   else SUBST.get(m.group(1), ""), s)
        return " ".join(s.split())

    def get(self, k, default=None):
        if k not in self.vars:
            return default
        return self.expand(self.vars[k])

    def programs(self):
        return self.get("check_PROGRAMS", "").split()

    def target(self, name):
        """How to build program NAME: a dict, or None if this Makefile
        does not know it."""
        c = re.sub(r"[^A-Za-z0-9_@]", "_", name)
        if name not in self.programs() and c + "_SOURCES" not in self.vars:
            return None
        srcs = self.get(c + "_SOURCES")
        if srcs is None:
            srcs = name + ".c"
        return {
            "name": name,
            "sources": srcs.split(),
            "cppflags": self.get(c + "_CPPFLAGS", self.get("AM_CPPFLAGS", "")),
            "cflags": self.get(c + "_CFLAGS", self.get("AM_CFLAGS", "")),
            "cxxflags": self.get(c + "_CXXFLAGS", self.get("AM_CXXFLAGS", "")),
            "ccasflags": self.get(c + "_CCASFLAGS", self.get("AM_CCASFLAGS", "")),
            "ldflags": self.get(c + "_LDFLAGS", self.get("AM_LDFLAGS", "")),
            "ldadd": self.get(c + "_LDADD", self.get("LDADD", "")),
            "libs": self.get("LIBS", ""),
        }


_mk_cache = {}
_mk_lock = threading.Lock()


def makefile(src, reldir):
    with _mk_lock:
        if reldir not in _mk_cache:
            _mk_cache[reldir] = Makefile(
                os.path.join(src, reldir, "Makefile.am"), reldir)
        return _mk_cache[reldir]


CXX_EXT = (".cpp", ".cc", ".cxx", ".C")


def build_target(build, reldir, t):
    """Compiles target T of directory RELDIR in the build tree as make
    would (each source to an object with its flags, then the link).
    Returns None or an error text."""
    d = os.path.join(build, reldir)
    objdir = os.path.join(d, ".mcobj")
    os.makedirs(objdir, exist_ok=True)
    exe = os.path.join(d, t["name"])
    cc = os.environ.get("CC", "gcc")
    cxx = os.environ.get("CXX", "g++")
    cmds = []
    objs = []
    gen = []
    is_cxx = False
    srcs = []
    for s in t["sources"]:
        if s.endswith(".h"):
            continue
        if s.endswith(".def"):
            c = s[:-4] + ".c"
            gen.append(("perl gen_insn_test.pl < %s > %s" % (s, c), c))
            s = c
        srcs.append(s)
    base = ("-DHAVE_CONFIG_H -I. -I%s" % t["top"]).split()
    for s in srcs:
        o = os.path.join(".mcobj", "%s-%s.o" % (
            t["name"], re.sub(r"[^A-Za-z0-9_.]", "_", s.rsplit(".", 1)[0])))
        if s.endswith(CXX_EXT):
            is_cxx = True
            cmd = [cxx] + base + t["cppflags"].split() + t["cxxflags"].split()
        elif s.endswith((".S", ".s")):
            cmd = [cc] + base + t["cppflags"].split() + t["ccasflags"].split()
        else:
            cmd = [cc] + base + t["cppflags"].split() + t["cflags"].split()
        cmds.append(cmd + ["-c", "-o", o, s])
        objs.append(o)
    link = [cxx if is_cxx else cc] + \
        (t["cxxflags"] if is_cxx else t["cflags"]).split() + \
        t["ldflags"].split() + ["-o", t["name"]] + objs + \
        t["ldadd"].split() + t["libs"].split()
    cmds.append(link)
    stamp = os.path.join(objdir, t["name"] + ".cmds")
    want = "\n".join(" ".join(c) for c in cmds) + "\n"
    try:
        if open(stamp).read() == want and os.path.exists(exe) and \
                not os.path.islink(exe) and \
                all(os.path.getmtime(os.path.join(d, s)) <= os.path.getmtime(exe)
                    for s in srcs if os.path.exists(os.path.join(d, s))):
            return None
    except OSError:
        pass
    outl = []
    for g, c in gen:
        if os.path.islink(os.path.join(d, c)):
            os.unlink(os.path.join(d, c))
        p = subprocess.run(g, shell=True, cwd=d, capture_output=True, text=True)
        if p.returncode != 0:
            return "$ %s\n%s" % (g, p.stderr)
    if os.path.islink(exe):
        os.unlink(exe)
    for cmd in cmds:
        p = subprocess.run(cmd, cwd=d, capture_output=True, text=True)
        outl.append("$ " + " ".join(cmd) + "\n" + p.stdout + p.stderr)
        if p.returncode != 0:
            if os.path.exists(exe) and not os.path.islink(exe):
                os.unlink(exe)
            return "".join(outl)[-3000:]
    with open(stamp, "w") as f:
        f.write(want)
    return None


# ---------------------------------------------------------------------
# .vgtest files
# ---------------------------------------------------------------------

VGTEST_KEYS = {"prog", "prog-asis", "args", "vgopts", "stdout_filter",
               "stderr_filter", "stdout_filter_args", "stderr_filter_args",
               "progB", "argsB", "stdinB", "stdoutB_filter", "stderrB_filter",
               "stdoutB_filter_args", "stderrB_filter_args", "prereq", "post",
               "cleanup", "env", "envB"}


class VgTest:
    def __init__(self, src, reldir, base):
        self.reldir = reldir
        self.base = base
        sub = reldir[len("memcheck/tests"):].lstrip("/")
        self.name = (sub + "/" + base) if sub else base
        self.f = {"vgopts": "", "args": ""}
        self.env = []
        self.error = None
        path = os.path.join(src, reldir, base + ".vgtest")
        for n, raw in enumerate(open(path, errors="replace"), 1):
            line = raw.rstrip("\n")
            if re.match(r"^\s*(#|$)", line):
                continue
            m = re.match(r"^\s*([A-Za-z_-]+):\s*(.*)$", line)
            if not m or m.group(1) not in VGTEST_KEYS:
                self.error = "%s.vgtest:%d: bad line %r" % (base, n, line)
                continue
            k, v = m.groups()
            if k == "vgopts":
                self.f["vgopts"] += " " + v
            elif k == "env":
                self.env.append(v)
            else:
                self.f[k] = v

    def get(self, k, d=""):
        return self.f.get(k, d)

    def prog_path(self):
        """(directory relative to the top, program name) of the program."""
        if "prog" not in self.f:
            return None
        # The line is shell text: "prog: thread_alloca 30".
        try:
            words = shlex.split(self.f["prog"])
        except ValueError:
            words = self.f["prog"].split()
        if not words:
            return None
        p = os.path.normpath(os.path.join(self.reldir, words[0]))
        return os.path.dirname(p), os.path.basename(p)

    def helper_paths(self):
        """Programs of other directories a prereq runs (../../tests/X)."""
        res = []
        for m in re.finditer(r"((?:\.\./)+[A-Za-z0-9_./-]+)", self.get("prereq")):
            p = os.path.normpath(os.path.join(self.reldir, m.group(1)))
            res.append((os.path.dirname(p), os.path.basename(p)))
        return res


def all_tests(src):
    tests = []
    for d in TEST_DIRS:
        for f in sorted(glob.glob(os.path.join(src, d, "*.vgtest"))):
            tests.append(VgTest(src, d, os.path.basename(f)[:-7]))
    return tests


def select(tests, pats):
    if not pats:
        return tests
    return [t for t in tests
            if any(p in t.name or fnmatch.fnmatch(t.name, p) for p in pats)]


# ---------------------------------------------------------------------
# Skip list and divergences
# ---------------------------------------------------------------------

def read_list(fname, nfields):
    """Lines of a tests/mcsuite list for the running version: (line
    number, fields) with the version tag applied; (n, None, error) for
    malformed lines."""
    res = []
    path = os.path.join(MDIR, fname)
    if not os.path.exists(path):
        return res
    for n, line in enumerate(open(path), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        f = [x.strip() for x in line.split("|")]
        if len(f) != nfields or not all(f):
            res.append((n, None, "%s:%d: need %d non-empty '|'-separated fields"
                        % (fname, n, nfields)))
            continue
        try:
            spec, name = lkt.version_tag(f[0])
        except ValueError as e:
            res.append((n, None, "%s:%d: bad version tag: %s" % (fname, n, e)))
            continue
        if spec is not None and not lkt.version_in(spec):
            continue
        res.append((n, [name] + f[1:], None))
    return res


def is_glob(name):
    return any(c in name for c in "*?[")


def glob_match(key, pattern):
    rx = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c)
                 for c in pattern)
    return re.fullmatch(rx, key, re.S) is not None


# ---------------------------------------------------------------------
# Filtering and normalisation
# ---------------------------------------------------------------------

UNINIT_TEXT = re.compile(
    r"^(Conditional jump or move depends on uninitialised value\(s\)"
    r"|Use of uninitialised value of size \d+"
    r"|Syscall param .* contains uninitialised byte\(s\)"
    r"|Syscall param .* points to uninitialised byte\(s\)"
    r"|Uninitialised byte\(s\) found during client check request)$")
NOTE_UNDEF = re.compile(r"^Note: --[a-z-]+ is a Memcheck option about undefined "
                        r"values; leakcheck accepts it and ignores it\.$")
TRACK_HINT = "Use --track-origins=yes to see where uninitialised values come from"
ERRSUM = re.compile(r"^ERROR SUMMARY: ([\d,]+) errors from ([\d,]+) contexts(.*)$")
CTX = re.compile(r"^([\d,]+) errors in context [\d,]+ of [\d,]+:$")


def tool_masks(text, trees):
    """What only says which tool ran or where: run-tree paths, XML PIDs,
    times and banner, tool names in file and option names."""
    for t, label in trees:
        text = text.replace(t, label)
    text = re.sub(r"<(pid|ppid)>\d+</\1>", r"<\1>...</\1>", text)
    text = re.sub(r"<time>[^<]*</time>", "<time>...</time>", text)
    text = re.sub(r"(<preamble>\s*<line>)[^<]*(</line>\s*<line>)[^<]*(</line>)",
                  r"\1BANNER\2COPYRIGHT\3", text)
    text = re.sub(r"<obj>[^<]*/vgpreload_[^<]*</obj>", "<obj>VGPRELOAD</obj>", text)
    # A preload with debug info (Memcheck's in some packages) gives its
    # frames a file and line, one without (leakcheck's) does not: the
    # text filter equates "(vg_replace_malloc.c:N)" and "(in vgpreload_...)",
    # and this does the same for XML frames and for valgrind.h's inline
    # VALGRIND_PRINTF_BACKTRACE inside the preload.
    text = re.sub(r"(<obj>VGPRELOAD</obj>\s*<fn>[^<]*</fn>)\s*<dir>[^<]*</dir>"
                  r"\s*<file>[^<]*</file>\s*<line>\d+</line>", r"\1", text)
    text = re.sub(r"--tool=(memcheck|leakcheck)\b", "--tool=TOOL", text)
    # Each tool drops the other's --TOOL:leak-check=no from its lists.
    text = re.sub(r"(?m)^.*--(memcheck|leakcheck):leak-check=no.*\n", "", text)
    text = re.sub(r"\b(vgpreload_)?(memcheck|leakcheck)-amd64-linux",
                  r"\1TOOL-amd64-linux", text)
    return text


def filter_stderr(text, srcdirs):
    """tests/regtest/filter_stderr, then PIDs in the middle of a line (a
    program's own message and a Valgrind warning on one line)."""
    cmd = [sys.executable, FILTER]
    for d in srcdirs:
        cmd += ["--srcdir", d]
    p = subprocess.run(cmd, input=text, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("filter_stderr failed: " + p.stderr.strip()[-300:])
    text = re.sub(r"(==|\*\*)\d+\1", r"\1PID\1", p.stdout)
    text = re.sub(r"\(lwpid \d+\)", "(lwpid ...)", text)   # a core panic's threads
    return re.sub(r"(?m)^(\s+(?:at|by) 0x\.+: VALGRIND_PRINTF_BACKTRACE )"
                  r"\(valgrind\.h:\.\.\.\)$", r"\1(vg_replace_malloc.c:...)", text)


def mask_hex(text):
    return re.sub(r"0x[0-9A-Fa-f]+", "0x........", text)


def xml_remove_uninit(text):
    """Takes Memcheck's undefined-value errors out of an XML stream (and
    their <pair>s in <errorcounts>).  Returns (text, contexts, errors)."""
    uniques = []

    def err(m):
        b = m.group(0)
        k = re.search(r"<kind>([A-Za-z]+)</kind>", b)
        kind = k.group(1) if k else ""
        if kind in ("UninitCondition", "UninitValue") or \
                (kind in ("SyscallParam", "ClientCheck")
                 and re.search(r"<what>[^<]*[Uu]ninitialised", b)):
            u = re.search(r"<unique>([^<]*)</unique>", b)
            uniques.append(u.group(1) if u else None)
            return ""
        return b

    text = re.sub(r"<error>.*?</error>\n([ \t]*\n)?", err, text, flags=re.S)
    nerr = 0
    for u in uniques:
        pm = re.search(r"[ \t]*<pair>\s*<count>(\d+)</count>\s*<unique>%s</unique>"
                       r"\s*</pair>\n?" % re.escape(u or "-"), text)
        if pm:
            nerr += int(pm.group(1))
            text = text[:pm.start()] + text[pm.end():]
    if uniques:
        # Protocol 6 (3.26) ends with an <error_summary> that counted them.
        def fix(m):
            n = int(m.group(2)) - (nerr if m.group(1) == "errors" else len(uniques))
            return "<%s>%d</%s>" % (m.group(1), max(0, n), m.group(1))
        text = re.sub(r"<(errors|error_contexts)>(\d+)</\1>", fix, text)
    return text, len(uniques), nerr


PREFIX = re.compile(r"^(==|--|\*\*)(\d+)\1 ?(.*)$")


def text_remove_uninit(raw, markers=("", "")):
    """Takes undefined-value errors out of a raw text log (several
    processes may share it: each line's ==PID== says whose it is): the
    error block (header, stack, origin, up to the blank line), the
    --error-markers around it, a suppression printed after it, its "N
    errors in context" line of the -s listing, leakcheck's note on the
    definedness options and Memcheck's --track-origins hint.  Then each
    process's ERROR SUMMARY loses those contexts, and those errors when
    the -s listing counted them (else the error count becomes N).
    Returns (text, contexts taken out)."""
    begin, end = markers
    lines = raw.split("\n")
    out = []                  # [pid, line] or None (dropped later)
    last = {}                 # pid -> index in out of its last line
    mine = {}                 # pid -> indexes in out of its lines
    state = {}                # pid -> None | "block" | "after" | "supp"
    ctxs = {}
    counted = {}
    cur = None
    for i, line in enumerate(lines):
        m = PREFIX.match(line)
        if m:
            pid, body = m.group(2), m.group(3)
            cur = pid
        else:
            pid, body = cur, line      # suppressions are printed bare
        st = state.get(pid)
        if st == "block":
            if body.strip() == "":
                state[pid] = "after"
            continue
        if st == "after":
            state[pid] = None
            if end and body == end:
                state[pid] = "after-end"
                continue
            if body == "{":
                state[pid] = "supp"
                continue
        elif st == "after-end":
            state[pid] = None
            if body == "{":
                state[pid] = "supp"
                continue
        elif st == "supp":
            if body == "}":
                state[pid] = None
            continue
        if NOTE_UNDEF.match(body) or body == TRACK_HINT:
            continue
        nxt = PREFIX.match(lines[i + 1]) if i + 1 < len(lines) else None
        if UNINIT_TEXT.match(body) and nxt and nxt.group(2) == pid \
                and re.match(r"^ +at 0x", nxt.group(3)):
            state[pid] = "block"
            j = last.get(pid)
            prev = out[j][1] if j is not None and out[j] else None
            pm = CTX.match(prev) if prev else None
            if pm:                       # the -s listing repeats a context
                counted[pid] = counted.get(pid, 0) + int(pm.group(1).replace(",", ""))
                out[j] = None
            else:
                ctxs[pid] = ctxs.get(pid, 0) + 1
                if begin and prev == begin:
                    out[j] = None
            # Warnings printed while describing its address (debug info
            # the core cannot evaluate: "warning: evaluate_Dwarf3_Expr").
            idx = mine.get(pid, [])
            while idx and out[idx[-1]] and out[idx[-1]][1].startswith("warning: "):
                out[idx.pop()] = None
            continue
        last[pid] = len(out)
        mine.setdefault(pid, []).append(len(out))
        out.append([pid, body, line])
    res = []
    for x in out:
        if x is None:
            continue
        pid, body, line = x
        em = ERRSUM.match(body)
        if em and ctxs.get(pid):
            e = int(em.group(1).replace(",", ""))
            c = int(em.group(2).replace(",", ""))
            errs = str(e - counted[pid]) if counted.get(pid) else "N"
            line = line[:len(line) - len(body)] + \
                "ERROR SUMMARY: %s errors from %d contexts%s" % (
                    errs, max(0, c - ctxs[pid]), em.group(3))
        res.append(line)
    return "\n".join(res), sum(ctxs.values())


def normalise(raw, srcdirs, trees, notes, markers):
    """Memcheck's output without what definedness tracking prints:
    (lines, contexts taken out)."""
    text, xctx, xerr = xml_remove_uninit(raw)
    text, tctx = text_remove_uninit(text, markers)
    ctxs = xctx + tctx
    if ctxs:
        notes.append("%d undefined-value error context%s" % (ctxs, "s"[ctxs == 1:]))
    return filter_stderr(tool_masks(text, trees), srcdirs).splitlines(), ctxs


def apply_masks(lines, masks):
    """tests/mcsuite/masks.txt: parts of lines that vary from run to run
    (thread numbers under scheduling), replaced in both tools' output."""
    for rx in masks:
        lines = [rx.sub("<masked>", l) for l in lines]
    return lines


def mask_errsum_count(lines, ref):
    """Where Memcheck's ERROR SUMMARY lost an unknown number of errors
    ("N errors", see text_remove_uninit), the tool's count is masked the
    same way, in the same order of summaries."""
    masked = [l for l in ref if l.startswith("ERROR SUMMARY: N errors")]
    if not masked:
        return lines
    res = []
    k = 0
    refsum = [l for l in ref if l.startswith("ERROR SUMMARY: ")]
    for l in lines:
        if l.startswith("ERROR SUMMARY: "):
            if k < len(refsum) and refsum[k].startswith("ERROR SUMMARY: N errors"):
                l = re.sub(r"^ERROR SUMMARY: [\d,]+ errors", "ERROR SUMMARY: N errors", l)
            k += 1
        res.append(l)
    return res


# ---------------------------------------------------------------------
# Running one test
# ---------------------------------------------------------------------

def _setsid():
    os.setsid()
    import resource
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def shell(cmd, cwd, timeout):
    """Runs CMD with /bin/sh in CWD; returns (stdout, stderr, status text,
    seconds).  On timeout the whole process group is killed."""
    t0 = time.time()
    p = subprocess.Popen(["/bin/sh", "-c", cmd], cwd=cwd,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, preexec_fn=_setsid,
                         env=lkt.clean_env())
    try:
        so, se = p.communicate(timeout=timeout)
        st = p.returncode
        st = ("signal %d" % -st) if st < 0 else ("exit %d" % st)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        so, se = p.communicate()
        st = "timeout"
    return (so.decode(errors="replace"), se.decode(errors="replace"), st,
            time.time() - t0)


def run_tool(t, tree, tool, vg):
    """One run of test T under TOOL in TREE.  Returns a dict."""
    d = os.path.join(tree, t.reldir)
    res = {"status": None, "stdout": "", "stderr": "", "post": None,
           "outer": "", "secs": 0.0}
    if "prog-asis" in t.f:
        prog = t.get("prog-asis")
    elif "prog" in t.f:
        prog = "./" + t.get("prog")
    else:
        prog = ""
    vgopts = t.get("vgopts").replace("${PWD}", d)
    env = " ".join(t.env)
    cmd = ("%s %s --command-line-only=yes --memcheck:leak-check=no "
           "--leakcheck:leak-check=no --tool=%s %s %s %s > %s.stdout.out "
           "2> %s.stderr.out" % (env, " ".join(shlex.quote(c) for c in vg),
                                 tool, vgopts, prog, t.get("args"),
                                 t.base, t.base))
    res["cmd"] = "(cd %s && %s)" % (d, cmd.strip())
    so, se, st, secs = shell(cmd, d, TIMEOUT)
    res["status"], res["secs"] = st, secs
    res["outer"] = so + se
    for k in ("stdout", "stderr"):
        try:
            res[k] = open(os.path.join(d, "%s.%s.out" % (t.base, k)),
                          errors="replace").read()
        except OSError:
            res[k] = ""
    if t.get("post"):
        pso, pse, pst, _ = shell(t.get("post"), d, 120)
        res["post"] = pso + ("" if pst == "exit 0" else "[post: %s]\n" % pst)
    if t.get("cleanup"):
        shell(t.get("cleanup"), d, 120)
    return res


def prereq_ok(t, tree):
    """None if the prereq passes (or there is none), else a reason."""
    if not t.get("prereq"):
        return None
    so, se, st, _ = shell(t.get("prereq"), os.path.join(tree, t.reldir), 120)
    if st == "exit 0":
        return None
    if st == "exit 1":
        return "prereq failed: " + t.get("prereq")
    return "prereq %s: %s (%s)" % (st, t.get("prereq"), (so + se).strip()[-200:])


def diff_keys(stream, a, b, tool):
    """Difference keys between line lists A (Memcheck) and B (TOOL)."""
    keys = []
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        for l in a[i1:i2]:
            keys.append("%s[memcheck-only] %s" % (stream, l))
        for l in b[j1:j2]:
            keys.append("%s[%s-only] %s" % (
                stream, "tool" if tool == "memcheck" else tool, l))
    return keys


class Runner:
    def __init__(self, version, src, work, tool, ref, vg):
        self.version = version
        self.src = src
        self.work = work
        self.build = os.path.join(work, "build")
        self.trees = {"mc": os.path.join(work, "mc"),
                      "lk": os.path.join(work, "lk")}
        self.tool, self.ref, self.vg = tool, ref, vg
        self.results = os.path.join(work, "results")
        self.lock = threading.Lock()
        self.ran = set()              # tests compared (not skipped)
        self.used_global = set()      # divergences.txt lines of NAME globs used
        self.masks = []               # (line, [NAME, REGEX, REASON]) of masks.txt
        self.labels = [(self.trees["mc"], "@TREE@"), (self.trees["lk"], "@TREE@"),
                       (self.build, "@TREE@")]

    # -- build ----------------------------------------------------------
    def prepare(self, tests):
        """Mirror the source, write config.h, build the programs.  Returns
        {(dir, prog): error or None} for every program built or tried."""
        dirs = set(TEST_DIRS) | {"tests"}
        wanted = set()
        for t in tests:
            pp = t.prog_path()
            if pp:
                dirs.add(pp[0])
                wanted.add(pp)
            for h in t.helper_paths():
                dirs.add(h[0])
                wanted.add(h)
        for d in TEST_DIRS:
            for p in makefile(self.src, d).programs():
                wanted.add((d, p))
        self.dirs = sorted(x for x in dirs if os.path.isdir(os.path.join(self.src, x)))
        mirror(self.src, self.build, self.dirs, exclude=("config.h",))
        write_config_h(os.path.join(self.build, "config.h"))
        targets = []
        unknown = {}
        for d, p in sorted(wanted):
            if not os.path.isdir(os.path.join(self.src, d)):
                unknown[(d, p)] = "no directory %s" % d
                continue
            mk = makefile(self.src, d)
            tg = mk.target(p)
            if tg is None:
                if os.path.exists(os.path.join(self.src, d, p)):
                    continue            # a script of the source tree
                unknown[(d, p)] = "%s/Makefile.am does not build %s" % (d, p)
                continue
            tg["top"] = mk.vars["top_srcdir"]
            targets.append((d, tg))
        results = {}
        self.unknown = unknown
        # Shared objects first: programs link against them.
        first = [x for x in targets if x[1]["name"].endswith(".so")]
        rest = [x for x in targets if not x[1]["name"].endswith(".so")]
        for group in (first, rest):
            with concurrent.futures.ThreadPoolExecutor(lkt.jobs()) as ex:
                futs = {ex.submit(build_target, self.build, d, tg): (d, tg["name"])
                        for d, tg in group}
                for fu in futs:
                    results[futs[fu]] = fu.result()
        for tree in self.trees.values():
            mirror(self.build, tree, self.dirs)
        return results

    # -- one test -------------------------------------------------------
    def run_test(self, t, skip, divs, built, pair_jobs):
        """Returns (status, name, class, note, detail)."""
        name = "mcsuite/" + t.name
        if t.error:
            return "FAIL", name, "error", t.error, ""
        if skip:
            return "SKIP", name, "skip-list", skip, ""
        if "progB" in t.f:
            return "SKIP", name, "unsupported", "progB (a second program) is not supported", ""
        pp = t.prog_path()
        if pp and pp in built and built[pp]:
            return "SKIP", name, "build", "%s/%s did not build" % pp, ""
        why = prereq_ok(t, self.trees["mc"])
        if why:
            return "SKIP", name, "prereq", why, ""
        # (A prereq may make the program: "cp ../manuel1 'with space'".)
        if pp and not os.path.exists(os.path.join(self.trees["mc"], pp[0], pp[1])):
            return "SKIP", name, "build", "%s/%s does not exist" % pp, ""

        def one(label):
            tool = "memcheck" if label == "mc" else self.tool
            vg = self.ref if label == "mc" else self.vg
            if label == "lk":
                w = prereq_ok(t, self.trees["lk"])
                if w:
                    return {"status": "prereq", "stdout": "", "stderr": w,
                            "post": None, "outer": "", "secs": 0.0, "cmd": ""}
            return run_tool(t, self.trees[label], tool, vg)

        if pair_jobs >= 2:
            with concurrent.futures.ThreadPoolExecutor(2) as ex:
                fm, fl = ex.submit(one, "mc"), ex.submit(one, "lk")
                m, l = fm.result(), fl.result()
        else:
            m, l = one("mc"), one("lk")
        return self.compare(t, name, m, l, divs)

    def run_test_twice(self, t, skip, divs, built, pair_jobs):
        """run_test; a test that fails on differences is run once more,
        both tools from scratch, and passes if that run agrees (with the
        first run's differences as a note): some programs print what
        varies from run to run (timing, thread interleaving)."""
        r = self.run_test(t, skip, divs, built, pair_jobs)
        if r[0] != "FAIL" or "DIFF " not in r[4]:
            return r
        r2 = self.run_test(t, skip, divs, built, pair_jobs)
        if r2[0] == "FAIL":
            return r2
        return r2[:3] + (r2[3] + "; the first run differed",
                         "NOTE: the first run differed, a rerun agreed:\n"
                         + lkt.indent(r[4]))

    def compare(self, t, name, m, l, divs):
        for r in (m, l):
            bad = re.search(r"(?m)^valgrind: .*(No such file or directory|"
                            r"Permission denied|cannot execute).*$", r["stderr"])
            if bad:
                return ("FAIL", name, "error", "the program did not start: "
                        + bad.group(0), "$ " + r.get("cmd", ""))
        srcdirs = [os.path.join(self.build, t.reldir)]
        tool = self.tool
        out = {}
        for lab, r in (("mc", m), ("lk", l)):
            out[lab] = {
                "stderr": filter_stderr(tool_masks(r["stderr"], self.labels),
                                        srcdirs).splitlines(),
                "stdout": mask_hex(tool_masks(r["stdout"], self.labels)).splitlines(),
                "post": mask_hex(tool_masks(r["post"] or "", self.labels)).splitlines(),
                "outer": filter_stderr(tool_masks(r["outer"], self.labels),
                                       srcdirs).splitlines(),
            }
        masks = [re.compile(f[1]) for n, f in self.masks if f[0] == t.name]
        if masks:
            for lab in out:
                for k in ("stderr", "stdout"):
                    out[lab][k] = apply_masks(out[lab][k], masks)
        rdir = os.path.join(self.results, t.name)
        os.makedirs(rdir, exist_ok=True)
        for lab in ("mc", "lk"):
            for k, v in out[lab].items():
                with open(os.path.join(rdir, "%s.%s" % (lab, k)), "w") as f:
                    f.write("".join(x + "\n" for x in v))
        streams = ("stderr", "stdout", "post", "outer")
        same = all(out["mc"][k] == out["lk"][k] for k in streams) \
            and m["status"] == l["status"]
        times = "mc %.1fs, lk %.1fs" % (m["secs"], l["secs"])
        mine = [d for d in divs if d[1][0] == t.name
                or (is_glob(d[1][0]) and fnmatch.fnmatchcase(t.name, d[1][0]))] \
            if tool != "memcheck" else []
        if same:
            return self.verdict(t, name, "equal", [], mine, times, m, l, rdir)
        # Without what only definedness tracking prints.
        notes = []
        mk = re.findall(r"--error-markers=(\S*)", t.get("vgopts"))
        markers = (tuple((mk[-1].split(",", 1) + [""])[:2]) if mk else ("", ""))
        nm, ctxs = normalise(m["stderr"], srcdirs, self.labels, notes, markers)
        nl, _ = normalise(l["stderr"], srcdirs, self.labels, [], markers)
        nl = mask_errsum_count(nl, nm)
        nm, nl = apply_masks(nm, masks), apply_masks(nl, masks)
        with open(os.path.join(rdir, "mc.stderr.norm"), "w") as f:
            f.write("".join(x + "\n" for x in nm))
        with open(os.path.join(rdir, "lk.stderr.norm"), "w") as f:
            f.write("".join(x + "\n" for x in nl))
        keys = diff_keys("stderr", nm, nl, tool)
        for k in ("stdout", "post", "outer"):
            keys += diff_keys(k, out["mc"][k], out["lk"][k], tool)
        if m["status"] != l["status"]:
            ecode = re.search(r"--error-exitcode=(\d+)", t.get("vgopts"))
            excused = (ctxs and ecode and m["status"] == "exit " + ecode.group(1)
                       and not keys and any(
                           re.match(r"^ERROR SUMMARY: 0 errors", x) for x in out["lk"]["stderr"]))
            if excused:
                notes.append("exit status from undefined-value errors")
            else:
                keys.append("exit memcheck=%s %s=%s" % (m["status"], tool, l["status"]))
        for lab, r in (("memcheck", m), (tool, l)):
            if r["status"] == "timeout":
                keys.append("timeout[%s]" % lab)
        if not keys:
            return self.verdict(t, name, "by-design", [], mine, times, m, l, rdir,
                                "; ".join(notes))
        return self.verdict(t, name, "divergent", keys, mine, times, m, l, rdir,
                            "; ".join(notes))

    def verdict(self, t, name, cls, keys, mine, times, m, l, rdir, note=""):
        used = set()
        unexplained = []
        for k in keys:
            hit = [d for d in mine if glob_match(k, d[1][1])]
            for d in hit:
                used.add(d[0])
            if not hit:
                unexplained.append(k)
        stale = [d for d in mine if d[0] not in used and not is_glob(d[1][0])]
        with self.lock:
            self.ran.add(t.name)
            self.used_global |= {d[0] for d in mine if d[0] in used}
        cats = sorted({d[1][2] for d in mine if d[0] in used})
        if cls == "divergent" and not unexplained and not stale:
            note = "documented: %s" % ", ".join(cats) + ("; " + note if note else "")
        info = "%s%s, %s" % (cls, (": " + note) if note else "", times)
        if not unexplained and not stale:
            return "PASS", name, cls, info, ""
        msg = []
        # Exit statuses and timeouts first: a long list would hide them.
        unexplained.sort(key=lambda k: 0 if k.startswith(("exit ", "timeout[")) else 1)
        for k in unexplained[:40]:
            msg.append("DIFF " + k)
        if len(unexplained) > 40:
            msg.append("... %d more differences" % (len(unexplained) - 40))
        for d in stale:
            msg.append("STALE divergences.txt:%d matches nothing: %s | %s"
                       % (d[0], d[1][0], d[1][1]))
        msg.append("outputs: %s" % os.path.relpath(rdir, lkt.REPO))
        msg.append("$ " + m.get("cmd", ""))
        msg.append("$ " + l.get("cmd", ""))
        return "FAIL", name, cls, info, "\n".join(msg)


def main(argv):
    pats = [a for a in argv if not a.startswith("-")]
    tool, ref, vg = lkt.tool_name(), lkt.ref_cmd(), lkt.tool_cmd()
    version = running_version()
    if not version:
        lkt.record("FAIL", "mcsuite/setup", "cannot tell the version of %s"
                   % " ".join(ref))
        return 1
    src, why = find_source(version)
    if not src:
        lkt.record("FAIL", "mcsuite/setup", why)
        return 1
    tests = select(all_tests(src), pats)
    if "--list" in argv:
        print("\n".join(t.name for t in tests))
        return 0
    work = os.path.join(lkt.OUT, "mcsuite", version)
    log("== Memcheck's regression programs (Valgrind %s, %s): %d tests, "
        "memcheck via %s vs --tool=%s via %s"
        % (version, src, len(tests), " ".join(ref), tool, " ".join(vg)))
    if not tests:
        return 0
    t0 = time.time()
    runner = Runner(version, src, work, tool, ref, vg)
    built = runner.prepare(tests)
    nbuilt = sum(1 for e in built.values() if not e)
    bad = sorted(k for k, e in built.items() if e)
    log("mcsuite: %d programs built, %d did not build (%s) in %.0fs"
        % (nbuilt, len(bad), ", ".join("%s/%s" % k for k in bad) or "-",
           time.time() - t0))
    with open(os.path.join(work, "build.log"), "w") as f:
        for k in bad:
            f.write("== %s/%s\n%s\n" % (k + (built[k],)))
    if "--build-only" in argv:
        return 0
    prefail = lkt.preflight(vg, tool)
    if prefail:
        lkt.record("FAIL", "mcsuite/setup", "the tool cannot run: " + prefail)
        return 1
    nfail = 0
    skips = read_list("skip.txt", 2)
    divs = read_list("divergences.txt", 4)
    names = {t.name for t in all_tests(src)}
    for fname, lst in (("skip.txt", skips), ("divergences.txt", divs)):
        for n, f, err in lst:
            if err:
                lkt.record("FAIL", "mcsuite/lists", err)
                nfail += 1
            elif not is_glob(f[0]) and f[0] not in names:
                lkt.record("FAIL", "mcsuite/lists", "%s:%d names no test of "
                           "Valgrind %s: %s" % (fname, n, version, f[0]))
                nfail += 1
    masks = read_list("masks.txt", 3)
    for n, f, err in masks:
        if err:
            lkt.record("FAIL", "mcsuite/lists", err)
            nfail += 1
            continue
        try:
            re.compile(f[1])
        except re.error as e:
            lkt.record("FAIL", "mcsuite/lists", "masks.txt:%d: %s" % (n, e))
            nfail += 1
        if f[0] not in names:
            lkt.record("FAIL", "mcsuite/lists", "masks.txt:%d names no test of "
                       "Valgrind %s: %s" % (n, version, f[0]))
            nfail += 1
    runner.masks = [(n, f) for n, f, err in masks if not err]
    skips = {f[0]: f[1] for n, f, err in skips if not err}
    divs = [(n, f) for n, f, err in divs if not err]
    jobs = lkt.jobs()
    pair = 2 if jobs >= 2 else 1
    counts = {}
    rows = []
    with concurrent.futures.ThreadPoolExecutor(max(1, jobs // pair)) as ex:
        futs = [ex.submit(runner.run_test_twice, t, skips.get(t.name), divs,
                          built, pair)
                for t in tests]
        for fu in futs:
            try:
                st, name, cls, info, detail = fu.result()
            except Exception as e:     # a harness error fails that test only
                st, name, cls, info, detail = "FAIL", "mcsuite/?", "error", repr(e), ""
            if st == "FAIL":
                nfail += 1
            if st == "SKIP":
                cls = "skip:" + cls
            counts[cls] = counts.get(cls, 0) + 1
            rows.append("%s\t%s\t%s\t%s" % (name, st, cls, info))
            lkt.record(st, name, info)
            if detail:
                log(lkt.indent(detail))
    # A line for several tests (NAME is a glob) is stale when tests it
    # names ran and none of them needed it; checked on whole runs only (a
    # few tests chosen by name need not show the difference).
    for n, f in (divs if not pats and tool != "memcheck" else []):
        if is_glob(f[0]) and n not in runner.used_global and \
                any(fnmatch.fnmatchcase(x, f[0]) for x in runner.ran):
            lkt.record("FAIL", "mcsuite/divergences.txt", "line %d matches no "
                       "difference of the tests it names: %s | %s" % (n, f[0], f[1]))
            nfail += 1
    order = ["equal", "by-design", "divergent", "error"]
    ran = sum(counts.get(k, 0) for k in order)
    summary = ("mcsuite %s: %d tests ran (%s); %d skipped (%s); %d programs "
               "built, %d did not; %.0fs"
               % (version, ran,
                  ", ".join("%d %s" % (counts[k], k) for k in order if counts.get(k)),
                  sum(v for k, v in counts.items() if k.startswith("skip:")),
                  ", ".join("%d %s" % (v, k[5:]) for k, v in sorted(counts.items())
                            if k.startswith("skip:")) or "-",
                  nbuilt, len(bad), time.time() - t0))
    log(summary)
    with open(os.path.join(work, "summary.tsv"), "w") as f:
        f.write("\n".join(sorted(rows)) + "\n# " + summary + "\n")
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
