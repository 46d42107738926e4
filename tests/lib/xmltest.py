#!/usr/bin/env python3
"""XML tests: every regression and differential program again with --xml=yes.

Each case runs once under Memcheck and once under the tool being tested,
with --xml=yes --xml-file=DIR/TOOL.%p.xml (text goes to --log-file), and
then, per process:

  * the document must be well-formed (Python's XML parser) and valid
    against docs/leakcheck-xml.xsd (xmllint --noout --schema; if xmllint
    is missing, one SKIP line says so and only well-formedness is
    checked);
  * <protocolversion> must be the running Valgrind's (expected_protocol:
    4; 5 from 3.23 with --track-fds; 6 from 3.26) and the tool's
    <protocoltool> "memcheck" (what XML consumers accept; docs/xml.md);
  * every error but a descriptor's FdNotClosed has a stack after its
    <what>/<xwhat> (the schema cannot say that);
  * the sequence of events must equal Memcheck's: <status> states,
    <error>s (tid, kind, <fd>/<path>, <what> or <xwhat> text with
    <leakedbytes> and <leakedblocks>, <auxwhat>/<xauxwhat> texts, every
    stack's function names, and the <suppression> with
    --gen-suppressions=all: skind, skaux, frames), <clientmsg> texts,
    <fatal_signal> (signal, code, event, stack), top-level <suppression>s,
    and (protocol 6) <heap_summary>, <all_heap_blocks_freed> and
    <leak_summary>, every number; then <errorcounts> (count and which
    error), <suppcounts> (count and name) and <error_summary>.
Addresses are masked (0x...), object paths of any tool's preload are
mapped to vgpreload_TOOL.so; unique ids are compared through the errors
they name.

Cases:
  regtest/NAME   every tests/regtest/NAME.vgtest that is not hand-written
                 or tool-specific, with its vgopts (XML forces
                 --leak-check=full), skipped when its options cannot be
                 combined with --xml=yes (--help, --gen-suppressions=yes);
  diff/NAME      every line of tests/diff/programs.list, with the
                 differential tests' options;
  xml/NAME       every line of tests/xml/cases.list (same format as
                 programs.list; SOURCE is relative to tests/; the FLAGS
                 field may say "xml-fd" or "xml-socket" to use that
                 destination instead of --xml-file, "expect-exit=N" for
                 runs that must stop with status N, "no-memcheck" to
                 skip the comparison, "tool=NAME" for a case that only
                 that tool can run (--xml-protocoltool), "origins" for a
                 --track-leak-origins case: Memcheck runs without the
                 option, and the tool's documents, less each origin
                 <auxwhat> and the <stack> after it, must equal its
                 (and there must be at least one).

Allowed differences are listed in tests/xml/divergences.txt, in the
differential tests' format (CASE | WHAT glob | REASON | ISSUE, where
CASE is e.g. diff/sigsegv); a listed difference that no longer occurs
fails as stale.  They apply only when the tool is not Memcheck.

Usage: xmltest.py [PATTERN...]
"""
import collections
import copy
import concurrent.futures
import difflib
import fnmatch
import glob
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402
import regtest  # noqa: E402
import difftest  # noqa: E402

XDIR = os.path.join(lkt.TESTS, "xml")
BDIR = os.path.join(lkt.OUT, "xml")
XSD = os.path.join(lkt.REPO, "docs", "leakcheck-xml.xsd")
TIMEOUT = int(os.environ.get("LK_DIFF_TIMEOUT", "600"))


# ----------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------

class Case:
    def __init__(self, name, exe, args, opts, cwd, flags=(), build=None,
                 skip=None, error=None):
        self.name = name          # "regtest/leak-cases"
        self.exe = exe
        self.args = args
        self.opts = opts
        self.cwd = cwd            # where the program runs
        self.flags = list(flags)
        self.build = build        # callable returning None or an error
        self.skip = skip
        self.error = error
        self.expect_exit = None
        for f in self.flags:
            if f.startswith("expect-exit="):
                self.expect_exit = f.split("=", 1)[1]


def regtest_cases():
    cases = []
    tests = [regtest.Test(n) for n in regtest.all_tests()]
    for t in tests:
        name = "regtest/" + t.name
        if t.error:
            cases.append(Case(name, None, [], [], None, error=t.error))
            continue
        opts = shlex.split(t.get("vgopts"))
        skip = None
        if t.get("noxml"):
            skip = t.get("noxml")
        elif t.get("handwritten") == "yes" or t.get("tool"):
            skip = "hand-written expectations (leakcheck-only behaviour)"
        elif any(o in ("--help", "-h", "--help-debug", "--version")
                 or o.startswith("--gen-suppressions=yes")
                 or o.startswith("--xml") for o in opts):
            skip = "its options cannot be combined with --xml=yes"
        elif t.source() is None:
            cases.append(Case(name, None, [], [], None,
                              error="no source for %s" % t.get("prog")))
            continue

        def build(t=t):
            src = t.source()
            return lkt.compile_prog(src, t.exe(), shlex.split(t.get("cflags")))
        c = Case(name, t.exe(), shlex.split(t.get("args")), opts,
                 regtest.BDIR, build=build, skip=skip)
        c.prereq = t.get("prereq")
        cases.append(c)
    return cases


def list_cases(listfile, srcdir, prefix, bindir, ddir_subst):
    cases = []
    for n, line in enumerate(open(listfile), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        p = difftest.Prog(n, line)
        name = prefix + p.name
        if p.error and "unknown flag" not in p.error:
            cases.append(Case(name, None, [], [], None, error=p.error))
            continue
        f = [x.strip() for x in line.split("|")]
        flags = f[5].replace(",", " ").split() if len(f) > 5 else []
        opts = shlex.split(f[4].replace("@DIFFDIR@", difftest.DDIR)
                           .replace("@XMLDIR@", XDIR)) if f[4] != "-" else []
        if prefix == "diff/":
            opts = difftest.BASE_OPTS + opts
        src = os.path.join(srcdir, p.src)
        exe = os.path.join(bindir, p.name)

        def build(src=src, exe=exe, cflags=p.cflags):
            if not os.path.exists(src):
                return "no source " + src
            return lkt.compile_prog(src, exe, cflags)
        cases.append(Case(name, exe, p.args, opts,
                          os.path.join(BDIR, "run", name), flags=flags,
                          build=build))
    return cases


def all_cases():
    cases = regtest_cases()
    cases += list_cases(os.path.join(difftest.DDIR, "programs.list"),
                        difftest.PDIR, "diff/", os.path.join(BDIR, "bin"),
                        difftest.DDIR)
    xl = os.path.join(XDIR, "cases.list")
    if os.path.exists(xl):
        cases += list_cases(xl, lkt.TESTS, "xml/",
                            os.path.join(BDIR, "bin"), XDIR)
    return cases


# ----------------------------------------------------------------------
# Running
# ----------------------------------------------------------------------

def _no_core():
    import resource
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class SocketListener(threading.Thread):
    """A minimal valgrind-listener: accepts connections, stores each
    connection's bytes as one document."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.docs = []
        self.threads = []

    def run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            buf = []
            self.docs.append(buf)
            t = threading.Thread(target=self._read, args=(conn, buf),
                                 daemon=True)
            t.start()
            self.threads.append(t)

    @staticmethod
    def _read(conn, buf):
        while True:
            b = conn.recv(65536)
            if not b:
                break
            buf.append(b)
        conn.close()

    def finish(self):
        for t in self.threads:
            t.join(10)
        self.sock.close()
        return [b"".join(d).decode(errors="replace") for d in self.docs]


def run_tool(case, vg, tool, label):
    """Runs CASE under TOOL; returns (list of (docname, text), status, stderr, cmd)."""
    d = os.path.join(BDIR, "run", case.name, label)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    # "lkopt=OPTION" flags (tests/diff/programs.list): for the tool under
    # test only.
    own = [f[6:] for f in case.flags if f.startswith("lkopt=--")] \
        if tool != "memcheck" else []
    cmd = vg + ["--tool=" + tool, "--command-line-only=yes"] + case.opts + own \
        + ["--xml=yes", "--log-file=" + os.path.join(d, label + ".log")]
    pass_fds = ()
    listener = None
    rfd = wfd = None
    if "xml-fd" in case.flags:
        rfd, wfd = os.pipe()
        cmd.append("--xml-fd=%d" % wfd)
        pass_fds = (wfd,)
    elif "xml-socket" in case.flags:
        listener = SocketListener()
        listener.start()
        cmd.append("--xml-socket=127.0.0.1:%d" % listener.port)
    else:
        cmd.append("--xml-file=" + os.path.join(d, label + ".%p.xml"))
    cmd += [case.exe] + case.args
    env = lkt.clean_env()
    docs = []
    try:
        if rfd is not None:
            p = subprocess.Popen(cmd, cwd=case.cwd, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 pass_fds=pass_fds, preexec_fn=_no_core, env=env)
            os.close(wfd)
            chunks = []
            reader = threading.Thread(
                target=lambda: chunks.append(os.fdopen(rfd, "rb").read()))
            reader.start()
            so, se = p.communicate(timeout=TIMEOUT)
            reader.join(TIMEOUT)
            st = p.returncode
            text = b"".join(chunks).decode(errors="replace")
            with open(os.path.join(d, label + ".fd.xml"), "w") as f:
                f.write(text)
        else:
            p = subprocess.run(cmd, cwd=case.cwd, stdin=subprocess.DEVNULL,
                               capture_output=True, timeout=TIMEOUT,
                               preexec_fn=_no_core, env=env)
            so, se, st = p.stdout, p.stderr, p.returncode
    except subprocess.TimeoutExpired:
        return [], "timeout", "", cmd
    if listener:
        for i, text in enumerate(listener.finish()):
            with open(os.path.join(d, "%s.socket%d.xml" % (label, i)), "w") as f:
                f.write(text)
    for f in sorted(glob.glob(os.path.join(d, "*.xml"))):
        docs.append((f, open(f, errors="replace").read()))
    st = ("signal %d" % -st) if isinstance(st, int) and st < 0 else (
        "exit %s" % st)
    return docs, st, se.decode(errors="replace"), cmd


# ----------------------------------------------------------------------
# Checking one document
# ----------------------------------------------------------------------

_xmllint = shutil.which("xmllint")


def validate(path):
    """None if PATH is valid against the schema, else xmllint's complaint.
    (Only called when xmllint exists.)"""
    p = subprocess.run([_xmllint, "--noout", "--schema", XSD, path],
                       capture_output=True, text=True)
    if p.returncode == 0:
        return None
    return (p.stderr.strip() or p.stdout.strip())[-1500:]


def mask(s):
    s = re.sub(r"0x[0-9A-Fa-f]+", "0x...", s or "")
    return s


def norm_obj(o):
    o = o or ""
    return re.sub(r"^.*/vgpreload_[A-Za-z0-9]+-([a-z0-9]+-[a-z]+)\.so$",
                  r"vgpreload_TOOL-\1.so", o)


def text(e, tag):
    x = e.find(tag)
    return None if x is None else (x.text or "")


def stack_fns(st):
    return [text(fr, "fn") or "???" for fr in st.findall("frame")]


def fmt_supp(s):
    fr = []
    for sf in s.findall("sframe"):
        c = list(sf)
        if c:
            v = c[0].text or ""
            fr.append("%s:%s" % (c[0].tag, norm_obj(v) if c[0].tag == "obj"
                                 else v))
    return "supp(%s%s: %s)" % (text(s, "skind"),
                               (" " + text(s, "skaux")) if s.find("skaux")
                               is not None else "", " ".join(fr))


def error_key(e):
    """Everything compared about one <error>, as one string, and a short
    summary for messages."""
    parts = ["tid=%s" % text(e, "tid")]
    if e.find("threadname") is not None:
        parts.append("thread=%s" % text(e, "threadname"))
    kind = text(e, "kind")
    parts.append(kind)
    if e.find("fd") is not None:
        parts.append("fd=%s path=%s" % (text(e, "fd"), text(e, "path")))
    xw = e.find("xwhat")
    if xw is not None:
        what = "%s {leakedbytes=%s leakedblocks=%s}" % (
            text(xw, "text"), text(xw, "leakedbytes"), text(xw, "leakedblocks"))
    else:
        what = mask(text(e, "what"))
    parts.append(repr(what))
    first = None
    seen_what = False
    for c in e:
        if c.tag in ("what", "xwhat"):
            seen_what = True
        elif not seen_what:
            continue
        elif c.tag == "stack":
            fns = stack_fns(c)
            if first is None:
                first = fns
            parts.append("stack[" + " < ".join(fns) + "]")
        elif c.tag == "auxwhat":
            parts.append("aux=" + repr(mask(c.text)))
        elif c.tag == "xauxwhat":
            parts.append("xaux=" + repr(mask(text(c, "text"))) + " " +
                         "%s:%s" % (text(c, "file"), text(c, "line")))
        elif c.tag == "suppression":
            parts.append(fmt_supp(c))
    summary = "%s %s %s" % (kind, what.splitlines()[0] if what else "",
                            " < ".join((first or [])[:4]))
    return " | ".join(parts), summary


def error_has_stack(e):
    """Whether the element after <what>/<xwhat> is a <stack>."""
    tags = [c.tag for c in e]
    for w in ("what", "xwhat"):
        if w in tags:
            i = tags.index(w)
            return i + 1 < len(tags) and tags[i + 1] == "stack"
    return False


def flat(e):
    """An element's leaves as 'path=text' in document order, e.g.
    'definitely_lost/bytes=1,024 (+16)'."""
    out = []

    def walk(x, path):
        kids = list(x)
        if not kids:
            out.append("%s=%s" % ("/".join(path), (x.text or "").strip()))
        for k in kids:
            walk(k, path + [k.tag])
    walk(e, [])
    return out


def expected_protocol(opts, version=None):
    """The <protocolversion> the core of Valgrind VERSION (default: the
    running one) writes for a run with options OPTS."""
    v = version or lkt.vg_version()
    if v >= (3, 26):
        return "6"
    if v >= (3, 23):
        fds = "no"
        for o in opts:
            if o.startswith("--track-fds="):
                fds = o.split("=", 1)[1]
        return "5" if fds != "no" else "4"
    return "4"


def parse_doc(txt):
    """Returns (facts, problems).  facts: dict with 'events' (list of
    (key, summary)), 'counts', 'supps', 'tags', 'ptool', 'pversion'."""
    root = ET.fromstring(txt)
    facts = {"events": [], "counts": [], "supps": [], "tags": [],
             "errsum": [], "stackless": [],
             "ptool": text(root, "protocoltool"),
             "pversion": text(root, "protocolversion"),
             "pid": text(root, "pid")}
    uniq = {}
    for c in root:
        if c.tag == "status":
            k = "status " + text(c, "state")
            facts["events"].append((k, k))
        elif c.tag == "error":
            k, s = error_key(c)
            uniq[text(c, "unique")] = s
            facts["events"].append(("error " + k, "error " + s))
            if not error_has_stack(c) and text(c, "kind") != "FdNotClosed":
                facts["stackless"].append(s)
        elif c.tag in ("heap_summary", "leak_summary"):
            k = "%s %s" % (c.tag, " ".join(flat(c)))
            facts["events"].append((k, k))
        elif c.tag == "stack":     # --track-fds, Valgrind < 3.23
            k = "stack [%s]" % " < ".join(stack_fns(c))
            facts["events"].append((k, k))
        elif c.tag == "all_heap_blocks_freed":
            k = "all_heap_blocks_freed %s" % (c.text or "").strip()
            facts["events"].append((k, k))
        elif c.tag == "error_summary":
            facts["errsum"].append(" ".join(flat(c)))
        elif c.tag == "clientmsg":
            t = (text(c, "text") or "").strip()
            m = re.match(r"^proc=(\S+)", t)
            if m:
                facts["tags"].append(m.group(1))
            k = "clientmsg tid=%s %r" % (text(c, "tid"), t)
            facts["events"].append((k, k))
        elif c.tag == "fatal_signal":
            st = c.find("stack")
            k = "fatal_signal %s %s code=%s %s [%s]" % (
                text(c, "signo"), text(c, "signame"), text(c, "sicode"),
                text(c, "event") or "",
                " < ".join(stack_fns(st)) if st is not None else "")
            facts["events"].append((k, k))
        elif c.tag == "suppression":
            k = "suppression " + fmt_supp(c)
            facts["events"].append((k, k))
        elif c.tag == "errorcounts":
            for pr in c.findall("pair"):
                u = text(pr, "unique")
                facts["counts"].append("%s x %s" % (
                    text(pr, "count"), uniq.get(u, "unknown unique " + u)))
        elif c.tag == "suppcounts":
            for pr in c.findall("pair"):
                facts["supps"].append("%s x %s" % (text(pr, "count"),
                                                   text(pr, "name")))
    return facts


def compare_seq(key, a, b, tool):
    """Differences between two sequences of (fullkey, summary)."""
    diffs = []
    sm = difflib.SequenceMatcher(a=[x[0] for x in a], b=[x[0] for x in b],
                                 autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        for x in a[i1:i2]:
            diffs.append(("%s[memcheck-only] %s" % (key, x[1]), x[0]))
        for x in b[j1:j2]:
            diffs.append(("%s[%s-only] %s" % (key, tool, x[1]), x[0]))
    return diffs


def compare(mp, tp, tool):
    diffs = []
    mk, tk = list(mp), list(tp)
    if mk != tk:
        diffs.append(("processes", "memcheck %s, %s %s" % (mk, tool, tk)))
    for k in mk:
        if k not in tp:
            continue
        a, b = mp[k], tp[k]
        diffs += compare_seq(k + ": event", a["events"], b["events"], tool)
        diffs += compare_seq(k + ": errorcounts",
                             [(x, x) for x in a["counts"]],
                             [(x, x) for x in b["counts"]], tool)
        ca, cb = collections.Counter(a["supps"]), collections.Counter(b["supps"])
        for x in sorted(ca - cb):
            diffs.append(("%s: suppcounts[memcheck-only] %s" % (k, x), ""))
        for x in sorted(cb - ca):
            diffs.append(("%s: suppcounts[%s-only] %s" % (k, tool, x), ""))
        if a["errsum"] != b["errsum"]:
            diffs.append(("%s: error_summary memcheck %s, %s %s"
                          % (k, a["errsum"], tool, b["errsum"]), ""))
    return diffs


ORIGIN_AUX = ("aux='The last pointer", "aux='The pointer")


def strip_origins(facts):
    """Takes the leak-origin <auxwhat>s (and the <stack> after each) out
    of the error keys of FACTS.  Returns how many it took out."""
    n = 0
    events = []
    for key, summary in facts["events"]:
        parts = key.split(" | ")
        kept, i = [], 0
        while i < len(parts):
            if parts[i].startswith(ORIGIN_AUX):
                n += 1
                i += 1
                if i < len(parts) and parts[i].startswith("stack["):
                    i += 1
                continue
            kept.append(parts[i])
            i += 1
        events.append((" | ".join(kept), summary))
    facts["events"] = events
    return n


def procs(docs):
    """{process key: facts} for parsed documents; proc= tags else PID rank
    (creation order, across a PID wrap)."""
    order = lkt.pid_order([f["pid"] for f in docs])
    parsed = [docs[i] for i in sorted(range(len(docs)),
                                      key=lambda i: order[i])]
    out = collections.OrderedDict()
    for rank, p in enumerate(parsed):
        key = p["tags"][-1] if p["tags"] else "#%d" % rank
        while key in out:
            key += "'"
        out[key] = p
    return out


def check_docs(docs, tool, label, want_ptool, want_pversion):
    """Well-formedness, schema and protocol checks.  Returns (facts list,
    problems)."""
    facts, problems = [], []
    if not docs:
        problems.append("%s wrote no XML document" % label)
    for path, txt in docs:
        rel = os.path.relpath(path, lkt.REPO)
        try:
            f = parse_doc(txt)
        except ET.ParseError as e:
            problems.append("%s: not well-formed: %s" % (rel, e))
            continue
        if _xmllint:
            v = validate(path)
            if v:
                problems.append("%s: not valid against docs/leakcheck-xml.xsd:\n%s"
                                % (rel, lkt.indent(v)))
        if f["pversion"] != want_pversion:
            problems.append("%s: protocolversion %s, expected %s"
                            % (rel, f["pversion"], want_pversion))
        for e in f["stackless"]:
            problems.append("%s: error without a stack: %s" % (rel, e))
        order = [e[0] for e in f["events"]]
        st = [x for x in order if x.startswith("status ")]
        if st not in ([], ["status RUNNING"], ["status FINISHED"],
                      ["status RUNNING", "status FINISHED"]):
            problems.append("%s: status sequence %s" % (rel, st))
        elif "status FINISHED" in order:
            late = [x for x in order[order.index("status FINISHED"):]
                    if x.startswith(("clientmsg", "fatal_signal"))]
            if late:
                problems.append("%s: %s after FINISHED" % (rel, late[0]))
        if want_ptool and f["ptool"] != want_ptool:
            problems.append("%s: protocoltool %s, expected %s"
                            % (rel, f["ptool"], want_ptool))
        facts.append(f)
    return facts, problems


def check(case, tool, vg, ref, divs, prefail):
    name = case.name
    if case.error:
        return "FAIL", name, case.error
    if case.skip:
        return "SKIP", name, case.skip
    only = [f.split("=", 1)[1] for f in case.flags if f.startswith("tool=")]
    if only and tool not in only:
        return "SKIP", name, "only for --tool=%s" % only[0]
    if getattr(case, "prereq", ""):
        r = subprocess.run(case.prereq, shell=True, cwd=regtest.RDIR,
                           capture_output=True)
        if r.returncode != 0:
            return "SKIP", name, "prereq failed: " + case.prereq
    err = case.build_error
    if err:
        return "FAIL", name, "build failed:\n" + err
    if prefail:
        return "FAIL", name, prefail
    os.makedirs(case.cwd, exist_ok=True)
    problems = []
    tdocs, tst, tse, tcmd = run_tool(case, vg, tool, tool)
    origins = "origins" in case.flags
    want = None if "no-memcheck" in case.flags else "memcheck"
    for f in case.flags:
        if f.startswith("protocoltool="):
            want = f.split("=", 1)[1]
    pversion = expected_protocol(case.opts)
    tfacts, p = check_docs(tdocs, tool, tool, want, pversion)
    problems += p
    if origins:
        # --track-leak-origins: the origin <auxwhat> and its <stack> come
        # on top of what Memcheck writes; they must be there.
        n = sum(strip_origins(f) for f in tfacts)
        if n == 0:
            problems.append("%s wrote no leak-origin <auxwhat>" % tool)
    if case.expect_exit is not None and tst != "exit " + case.expect_exit:
        problems.append("%s %s, expected exit %s" % (tool, tst, case.expect_exit))
    diffs = []
    if "no-memcheck" not in case.flags:
        mcase = case
        if origins:
            mcase = copy.copy(case)
            mcase.opts = [o for o in case.opts
                          if not o.startswith(regtest.LK_ONLY_OPTS)]
        mdocs, mst, mse, mcmd = run_tool(mcase, ref, "memcheck", "memcheck")
        mfacts, p = check_docs(mdocs, "memcheck", "memcheck", "memcheck",
                               pversion)
        problems += ["(memcheck) " + x for x in p]
        if mst != tst:
            diffs.append(("exit", "memcheck %s, %s %s" % (mst, tool, tst)))
        diffs += compare(procs(mfacts), procs(tfacts), tool)
    mine = [d for d in divs if d[0] == name] if tool != "memcheck" else []
    unexplained, used = [], set()
    for key, detail in diffs:
        hit = [d for d in mine if difftest.glob_match(key, d[1])]
        for d in hit:
            used.add(d[4])
        if not hit:
            unexplained.append((key, detail))
    stale = [d for d in mine if d[4] not in used]
    notes = ["allowed divergence (tests/xml/divergences.txt:%d, %s): %s"
             % (d[4], d[3], d[1]) for d in mine if d[4] in used]
    if problems or unexplained or stale:
        msg = list(problems)
        for key, detail in unexplained:
            msg.append("DIFF %s" % key + (("\n" + lkt.indent(detail, "       "))
                                          if detail and detail != key else ""))
        for d in stale:
            msg.append("STALE tests/xml/divergences.txt:%d matches nothing: %s | %s"
                       % (d[4], d[0], d[1]))
        msg.append("outputs: %s" % os.path.relpath(
            os.path.join(BDIR, "run", name), lkt.REPO))
        msg.append("$ %s" % " ".join(shlex.quote(c) for c in tcmd))
        return "FAIL", name, "\n".join(notes + msg)
    return "PASS", name, "\n".join(notes)


def read_divergences():
    divs = []
    path = os.path.join(XDIR, "divergences.txt")
    if not os.path.exists(path):
        return divs
    for n, line in enumerate(open(path), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        f = [x.strip() for x in line.split("|")]
        if len(f) != 4 or not all(f):
            divs.append(("", "", "tests/xml/divergences.txt:%d: need 4 "
                         "non-empty fields" % n, "", n))
            continue
        try:
            spec, prog = lkt.version_tag(f[0])
        except ValueError as e:
            divs.append(("", "", "tests/xml/divergences.txt:%d: bad version tag: %s" % (n, e), "", n))
            continue
        if spec is not None and not lkt.version_in(spec):
            continue                  # for another Valgrind version
        divs.append((prog, f[1], f[2], f[3], n))
    return divs


def main(argv):
    pats = [a for a in argv if not a.startswith("-")]
    cases = all_cases()
    if pats:
        cases = [c for c in cases
                 if any(x in c.name or fnmatch.fnmatch(c.name, x) for x in pats)]
    if not cases:
        lkt.out("xml: no case matches %s" % " ".join(pats))
        return 0
    tool, vg, ref = lkt.tool_name(), lkt.tool_cmd(), lkt.ref_cmd()
    lkt.out("== XML tests: %d cases, memcheck via %s vs --tool=%s via %s"
            % (len(cases), " ".join(ref), tool, " ".join(vg)))
    if not _xmllint:
        lkt.out("SKIP xml/schema-validation  (xmllint not found: apt-get "
                "install libxml2-utils; only well-formedness is checked)")
    prefail = lkt.preflight(vg, tool)
    if prefail:
        lkt.out("xml: the tool cannot run: " + prefail)
    divs = read_divergences()
    nfail = 0
    names = {c.name for c in all_cases()}
    for d in divs:
        if not d[0]:
            nfail += 1
            lkt.record("FAIL", "xml/divergences.txt", d[2])
        elif d[0] not in names:
            nfail += 1
            lkt.record("FAIL", "xml/divergences.txt",
                       "line %d names unknown case %s" % (d[4], d[0]))
    # Build serially (several cases share programs), then run in parallel.
    built = {}
    for c in cases:
        c.build_error = None
        if c.build and not c.error and not c.skip:
            if c.exe not in built:
                built[c.exe] = c.build()
            c.build_error = built[c.exe]
    with concurrent.futures.ThreadPoolExecutor(lkt.jobs()) as ex:
        futs = [ex.submit(check, c, tool, vg, ref, divs, prefail)
                for c in cases]
        for fu in futs:
            st, name, msg = fu.result()
            if st == "FAIL":
                nfail += 1
            lkt.record(st, "xml:" + name, msg if st == "SKIP" else "")
            if msg and st != "SKIP":
                lkt.out(lkt.indent(msg))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
