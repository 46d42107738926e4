#!/usr/bin/env python3
"""Package tests: the Debian package builds, installs, works and goes away.

The tree is copied (tests/lib/synctree.py) to tests/out/package/src and
built there with `dpkg-buildpackage -us -uc -b` (DEB_BUILD_OPTIONS=nocheck:
the unit suite runs the unit tests) against the Valgrind that
`pkg-config valgrind` names.

  package/build       the .deb is built
  package/depends     it depends on exactly that Valgrind's Debian version
                      (tools/valgrind-deb-version)
  package/contents    the tool and its preload library in
                      /usr/libexec/valgrind, the man page, the XML schema,
                      the docs and the copyright file; nothing else
  package/preload-extent
                      the packaged preload has Memcheck's address-space
                      extent (tools/pad-preload), stripping or not
  package/lintian     lintian reports no error and no warning

Then, as root and when that Valgrind is the installed system one:

  package/install     dpkg -i succeeds
  package/run-example valgrind --tool=leakcheck (the installed launcher and
                      tool) on examples/leaky.c prints the LEAK SUMMARY
                      that the installed Memcheck prints
  package/suppressions-by-object
                      entries naming Memcheck's preload by object
                      (tests/regtest/supp-preload-obj.supp) apply to the
                      installed tool as to the installed Memcheck
  package/in-place-beside-installed
                      the tree's ./vg-in-place is rebuilt and runs with the
                      package installed (its mirror of the tool directory
                      must skip the installed leakcheck/)
  package/man         man -aw valgrind-leakcheck finds the package's page
  package/installed:consumers/...
                      tests/lib/consumers.py (CTest, Test::Valgrind) with
                      the installed valgrind as both tool and reference
  package/xml-schema  an --xml=yes document of the installed tool is valid
                      against the installed schema (xmllint)
  package/purge       dpkg -P removes every file the package installed

A tool installed before by `make install` (files owned by no package) is
put back after the purge.  Otherwise those steps print SKIP lines with
the reason (not counted).

Usage: packagetest.py [PATTERN...]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402

PKG = "valgrind-leakcheck"
BDIR = os.path.join(lkt.OUT, "package")
TOOLDIR = "/usr/libexec/valgrind"
EXPECTED = [
    TOOLDIR + "/leakcheck-amd64-linux",
    TOOLDIR + "/vgpreload_leakcheck-amd64-linux.so",
    TOOLDIR + "/leakcheck/vgpreload_memcheck-amd64-linux.so",
    "/usr/share/man/man1/valgrind-leakcheck.1.gz",
    "/usr/share/xml/leakcheck/leakcheck-xml.xsd",
    "/usr/share/doc/%s/copyright" % PKG,
    "/usr/share/doc/%s/manual.md.gz" % PKG,
    "/usr/share/doc/%s/compatibility.md.gz" % PKG,
    "/usr/share/doc/%s/examples/overrun.c" % PKG,  # the manual's programs
    "/usr/share/lintian/overrides/%s" % PKG,
]
ALLOWED_DIRS = (TOOLDIR + "/", "/usr/share/doc/%s/" % PKG,
                "/usr/share/man/man1/", "/usr/share/xml/leakcheck/",
                "/usr/share/lintian/overrides/")


def run(cmd, **kw):
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    kw.setdefault("errors", "replace")
    return subprocess.run(cmd, **kw)


def leak_summary(text):
    return [re.sub(r"^==\d+== ", "", l) for l in text.splitlines()
            if re.search(r"(definitely|indirectly|possibly) lost:|"
                         r"still reachable:|suppressed: .* blocks$", l)]


class Runner:
    def __init__(self, pats):
        self.pats = pats
        self.nfail = 0

    def wanted(self, name):
        return not self.pats or any(p in name for p in self.pats)

    def result(self, name, problems, note=""):
        if not self.wanted(name):
            return
        if problems:
            self.nfail += 1
            lkt.record("FAIL", name, note)
            lkt.out(lkt.indent("\n".join(problems)))
        else:
            lkt.record("PASS", name, note)


def build(r):
    """Builds the package; returns the .deb's path or None."""
    missing = [p for p, exe in (("dpkg-dev", "dpkg-buildpackage"),
                                ("debhelper", "dh"), ("pandoc", "pandoc"))
               if not shutil.which(exe)]
    if run(["dpkg-query", "-W", "-f=${Status}", "build-essential"]
           ).stdout.strip() != "install ok installed":
        missing.append("build-essential")
    if missing:
        r.result("package/build", ["missing: apt-get install " +
                                   " ".join(missing)])
        return None
    src = os.path.join(BDIR, "src")
    for f in os.listdir(BDIR) if os.path.isdir(BDIR) else []:
        if f.endswith((".deb", ".changes", ".buildinfo")):
            os.unlink(os.path.join(BDIR, f))
    p = run([sys.executable, os.path.join(lkt.REPO, "tests", "lib",
                                          "synctree.py"), src])
    if p.returncode != 0:
        r.result("package/build", ["could not copy the tree: " + p.stderr])
        return None
    env = dict(os.environ, DEB_BUILD_OPTIONS="nocheck")
    log = os.path.join(BDIR, "build.log")
    with open(log, "w") as f:
        p = run(["dpkg-buildpackage", "-us", "-uc", "-b"], cwd=src, env=env,
                stdout=f, stderr=subprocess.STDOUT, capture_output=False)
    debs = [f for f in os.listdir(BDIR)
            if f.startswith(PKG + "_") and f.endswith(".deb")]
    if p.returncode != 0 or len(debs) != 1:
        tail = open(log, errors="replace").read().splitlines()[-25:]
        r.result("package/build", ["dpkg-buildpackage exited %d (%s)"
                                   % (p.returncode, log)] + tail)
        return None
    r.result("package/build", [], debs[0])
    return os.path.join(BDIR, debs[0])


def check_static(r, deb):
    want = run([os.path.join(lkt.REPO, "tools", "valgrind-deb-version")])
    dep = run(["dpkg-deb", "-f", deb, "Depends"]).stdout.strip()
    need = "valgrind (= %s)" % want.stdout.strip()
    r.result("package/depends",
             [] if want.returncode == 0 and need in dep.split(", ") else
             ["Depends: %r, expected it to hold %r (%s)"
              % (dep, need, want.stderr.strip())], dep)
    files = [l.split(None, 5)[5].lstrip(".") for l in
             run(["dpkg-deb", "-c", deb]).stdout.splitlines()
             if not l.startswith("d")]
    files = [f.split(" -> ")[0] for f in files]
    problems = ["missing: " + f for f in EXPECTED if f not in files]
    problems += ["unexpected: " + f for f in files
                 if not f.startswith(ALLOWED_DIRS)]
    r.result("package/contents", problems, "%d files" % len(files))
    if r.wanted("package/preload-extent"):
        # The packaged preload keeps Memcheck's address-space extent
        # (tools/pad-preload; stripping would undo it).
        x = os.path.join(BDIR, "x")
        shutil.rmtree(x, ignore_errors=True)
        run(["dpkg-deb", "-x", deb, x])
        pad = os.path.join(lkt.REPO, "tools", "pad-preload")
        vgtool = run(["sh", "-c", "sed -n 's/^VG_TOOLDIR = //p' Makefile"],
                     cwd=lkt.REPO).stdout.strip()
        mine = run([sys.executable, pad, "--extent",
                    x + TOOLDIR + "/leakcheck/vgpreload_memcheck-amd64-linux.so"])
        theirs = run([sys.executable, pad, "--extent",
                      vgtool + "/vgpreload_memcheck-amd64-linux.so"])
        r.result("package/preload-extent",
                 [] if mine.returncode == 0 and mine.stdout == theirs.stdout
                 and mine.stdout.strip() else
                 ["packaged preload %s%s, Memcheck's %s%s" % (
                     mine.stdout.strip(), mine.stderr.strip(),
                     theirs.stdout.strip(), theirs.stderr.strip())],
                 mine.stdout.strip())
    if r.wanted("package/lintian"):
        if not shutil.which("lintian"):
            r.result("package/lintian", ["missing: apt-get install lintian"])
        else:
            changes = [os.path.join(BDIR, f) for f in os.listdir(BDIR)
                       if f.endswith(".changes")]
            p = run(["lintian", "--no-cfg", deb] + changes)
            tags = [l for l in p.stdout.splitlines()
                    if re.match(r"^[EW]: ", l)]
            r.result("package/lintian", tags + (
                ["lintian exited %d: %s" % (p.returncode, p.stderr.strip())]
                if p.returncode not in (0, 1) or (p.returncode and not tags)
                else []))
    return files


def skip(names, why):
    lkt.out("SKIP %s  (%s)" % (", ".join(names), why))


INSTALLED = ["package/install", "package/run-example",
             "package/suppressions-by-object",
             "package/in-place-beside-installed", "package/man",
             "package/installed:consumers", "package/xml-schema",
             "package/purge"]


def installed_tests(r, deb, files):
    # A tool that `make install` put there (owned by no package) comes back
    # after the purge.
    saved = tempfile.mkdtemp(prefix="lk-pkg-")
    kept = []
    for f in EXPECTED[:3]:
        if os.path.lexists(f) and run(["dpkg", "-S", f]).returncode != 0:
            shutil.copy2(f, saved, follow_symlinks=False)
            kept.append(f)
    try:
        p = run(["dpkg", "-i", deb])
        r.result("package/install", [] if p.returncode == 0 else
                 ["dpkg -i exited %d" % p.returncode, p.stdout, p.stderr],
                 "with %d file(s) of an earlier make install set aside"
                 % len(kept) if kept else "")
        if p.returncode != 0:
            return
        exe = os.path.join(BDIR, "leaky")
        err = lkt.compile_prog(os.path.join(lkt.REPO, "examples", "leaky.c"),
                               exe, [])
        if err:
            r.result("package/run-example", [err])
        else:
            out = {}
            for tool in ("leakcheck", "memcheck"):
                q = run(["valgrind", "--tool=" + tool, "--leak-check=full",
                         exe], env=lkt.clean_env())
                out[tool] = (q.returncode, leak_summary(q.stderr))
            ok = out["leakcheck"] == out["memcheck"] and out["leakcheck"][1]
            r.result("package/run-example", [] if ok else [
                "leakcheck: %r\nmemcheck:  %r" % (out["leakcheck"],
                                                  out["memcheck"])],
                "; ".join(out["leakcheck"][1][:1]))
        if r.wanted("package/suppressions-by-object"):
            # Entries naming Memcheck's preload by object
            # (obj:*vgpreload_memcheck*) apply to the installed tool.
            src = os.path.join(lkt.REPO, "tests", "regtest",
                               "supp-preload-obj.c")
            sexe = os.path.join(BDIR, "supp-preload-obj")
            err = lkt.compile_prog(src, sexe, [])
            got = {}
            for tool in ("leakcheck", "memcheck"):
                q = run(["valgrind", "--tool=" + tool, "-q", "-s",
                         "--leak-check=full", "--suppressions=" +
                         src[:-2] + ".supp", sexe], env=lkt.clean_env())
                got[tool] = sorted(
                    re.sub(r"^(==|--)\d+(==|--) ", "", l)
                    for l in q.stderr.splitlines()
                    if "used_suppression" in l or "ERROR SUMMARY" in l)
            same = not err and got["leakcheck"] == got["memcheck"] and \
                any("used_suppression" in l for l in got["memcheck"])
            r.result("package/suppressions-by-object", [] if same else [
                err or "leakcheck:\n%s\nmemcheck:\n%s" % (
                    "\n".join(got["leakcheck"]), "\n".join(got["memcheck"]))])
        if r.wanted("package/in-place-beside-installed"):
            # ./vg-in-place mirrors the tool directory, which now holds the
            # installed tool's leakcheck/ directory: the mirror is rebuilt.
            stamp = os.path.join(lkt.REPO, "in-place-stamp")
            if os.path.exists(stamp):
                os.unlink(stamp)
            q = run(["make", "-C", lkt.REPO, "in-place-stamp"])
            t = run([os.path.join(lkt.REPO, "vg-in-place"),
                     "--tool=leakcheck", "-q", "/bin/true"])
            r.result("package/in-place-beside-installed",
                     [] if q.returncode == 0 and t.returncode == 0 else
                     ["make in-place-stamp exited %d:\n%s\nvg-in-place "
                      "exited %d: %s" % (q.returncode, q.stderr[-1500:],
                                         t.returncode, t.stderr[-500:])])
        # man -aw: every page of that name (a `make install` may have put
        # one under /usr/local too); the package's must be among them.
        q = run(["man", "-aw", "valgrind-leakcheck"])
        page = "/usr/share/man/man1/valgrind-leakcheck.1.gz"
        r.result("package/man", [] if page in q.stdout.split() else
                 ["man -aw valgrind-leakcheck: %r %s (expected %s)"
                  % (q.stdout.strip(), q.stderr.strip(), page)], page)
        if r.wanted("package/installed:consumers"):
            res = os.path.join(BDIR, "consumers-results.txt")
            open(res, "w").close()
            env = dict(os.environ, LK_VALGRIND="/usr/bin/valgrind",
                       LK_MEMCHECK_VALGRIND="/usr/bin/valgrind",
                       LK_RESULTS=res)
            q = run([sys.executable, os.path.join(lkt.REPO, "tests", "lib",
                                                  "consumers.py")], env=env)
            lines = open(res).read().split("\n")
            got = [l.split(" ", 1) for l in lines if l]
            if not got:
                r.result("package/installed:consumers",
                         ["consumers.py recorded nothing (exit %d)\n%s"
                          % (q.returncode, q.stdout[-2000:])])
            for status, name in got:
                r.result("package/installed:" + name,
                         [] if status == "PASS" else
                         ["see the consumers' output:\n" + q.stdout[-3000:]])
            for l in q.stdout.splitlines():
                if l.startswith("SKIP "):
                    lkt.out("SKIP package/installed:" + l[5:])
        if r.wanted("package/xml-schema"):
            xsd = "/usr/share/xml/leakcheck/leakcheck-xml.xsd"
            xml = os.path.join(BDIR, "leaky.xml")
            if not shutil.which("xmllint"):
                r.result("package/xml-schema",
                         ["missing: apt-get install libxml2-utils"])
            else:
                run(["valgrind", "--tool=leakcheck", "--xml=yes",
                     "--xml-file=" + xml, exe], env=lkt.clean_env())
                q = run(["xmllint", "--noout", "--schema", xsd, xml])
                r.result("package/xml-schema", [] if q.returncode == 0 else
                         [q.stderr.strip()])
    finally:
        p = run(["dpkg", "-P", PKG])
        left = [f for f in files if os.path.lexists(f)]
        gone = run(["dpkg", "-s", PKG]).returncode != 0
        r.result("package/purge", [] if p.returncode == 0 and not left and
                 gone else ["dpkg -P exited %d; still installed: %s; files "
                            "left: %s" % (p.returncode, not gone,
                                          " ".join(left))])
        for f in kept:
            os.makedirs(os.path.dirname(f), exist_ok=True)
            shutil.copy2(os.path.join(saved, os.path.basename(f)), f,
                         follow_symlinks=False)
        shutil.rmtree(saved, ignore_errors=True)


def main(argv):
    r = Runner([a for a in argv if not a.startswith("-")])
    if lkt.tool_name() != "leakcheck":
        lkt.record("PASS", "package/skipped", "the package is leakcheck's")
        return 0
    prefix = run(["pkg-config", "--variable=prefix", "valgrind"]).stdout.strip()
    modver = run(["pkg-config", "--modversion", "valgrind"]).stdout.strip()
    lkt.out("== package tests: valgrind-leakcheck built against Valgrind %s "
            "(%s)" % (modver, prefix))
    os.makedirs(BDIR, exist_ok=True)
    deb = build(r)
    if not deb:
        return 1
    files = check_static(r, deb)
    if os.geteuid() != 0:
        skip(INSTALLED, "installing needs root")
    elif prefix != "/usr":
        skip(INSTALLED, "built against Valgrind %s at %s, not the system's: "
             "installing it needs that valgrind package installed" %
             (modver, prefix))
    elif run(["dpkg", "-s", PKG]).returncode == 0:
        r.result("package/install", ["%s is installed already: remove it "
                                     "(dpkg -P %s) to run these tests"
                                     % (PKG, PKG)])
    else:
        installed_tests(r, deb, files)
    return 1 if r.nfail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
