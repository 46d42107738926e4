#!/usr/bin/env python3
"""SARIF tests: --sarif-file checked field by field against the XML.

Each case of tests/sarif/cases.list runs under the tool with --xml=yes
--xml-file=DIR/lk.%p.xml --sarif-file=DIR/lk.%p.sarif
--sarif-srcroot=tests/, and once more without --sarif-file.  Results per
case (sarif/CASE/CHECK):

  schema      every SARIF document validates against the SARIF 2.1.0
              schema kept in tests/sarif/ (python3-jsonschema; the
              interpreter running this, else /usr/bin/python3);
  roundtrip   per process (documents paired by pid), the results that
              are not suppressed are the XML's <error>s in order: ruleId =
              <kind>, message = <what>/<xwhat> text, every stack as a
              codeFlow with the same functions (and each auxiliary
              stack's message = the <auxwhat> before it), leakedBytes /
              leakedBlocks = the XML's, threadFlow id = <tid>,
              occurrenceCount = the <errorcounts> count of the error's
              <unique> when above 1 (else absent), a loss record's
              <auxwhat>s without a stack = its message-only related
              locations (one that ends in ':' followed by "(no stack
              kept)", as in the text); the kinds the case names are
              there;
  fields      the rest, on our own output: rules (id, name, short and
              full description, help, default level; ruleIndex points at
              the rule), levels by kind, the location (the innermost
              frame with source outside Valgrind's preload, relative to
              SRCROOT, line as in the XML), related locations (one per
              auxiliary stack), partialFingerprints, invocations
              (command line, arguments, exit code, working directory,
              process id = the XML's <pid>), artifacts (every index
              used points at its URI), originalUriBaseIds;
  suppressed  (flag) suppressed results carry suppressions[{kind:
              external}] naming a suppression, and name exactly the
              suppressions of the XML's <suppcounts>;
  unchanged   the XML documents and the log are those of the run without
              --sarif-file (its options and pid masked); with "text", a
              text-only run too;
  fingerprint (flag) the source copied to another directory and built
              there, run with that directory as srcroot: the same
              fingerprints, result by result;
  fork        (flag) text runs only (a forked child's XML document goes
              into its parent's file under some Valgrinds): one SARIF file
              per log, with that pid, whose results are that log's errors
              and loss records; the logs unchanged.

Outputs: tests/out/sarif/CASE/.
"""

import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402

SDIR = os.path.join(lkt.TESTS, "sarif")
BDIR = os.path.join(lkt.OUT, "sarif")
SCHEMA = os.path.join(SDIR, "sarif-schema-2.1.0.json")
TIMEOUT = int(os.environ.get("LK_DIFF_TIMEOUT", "600"))

# The level of each kind, as docs/sarif.md states it.
LEVELS = {
    "InvalidRead": "error", "InvalidWrite": "error", "InvalidFree": "error",
    "MismatchedFree": "error", "MismatchedAllocateDeallocateSize": "error",
    "MismatchedAllocateDeallocateAlignment": "error",
    "SyscallParam": "error", "Overlap": "error", "ClientCheck": "error",
    "InvalidMemPool": "error", "FishyValue": "warning",
    "ReallocSizeZero": "warning", "InvalidAlignment": "warning",
    "InvalidSizeAndAlignment": "warning", "InvalidSize": "warning",
    "Leak_DefinitelyLost": "error", "Leak_IndirectlyLost": "warning",
    "Leak_PossiblyLost": "warning", "Leak_StillReachable": "note",
}

VALIDATE = r'''
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.validators.validator_for(schema)(
    schema, format_checker=jsonschema.FormatChecker())
bad = 0
for f in sys.argv[2:]:
    try:
        doc = json.load(open(f))
    except ValueError as e:
        print("%s: not JSON: %s" % (f, e)); bad += 1; continue
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    for e in errs[:5]:
        print("%s: %s at /%s" % (f, e.message[:300],
                                 "/".join(str(p) for p in e.path)))
    bad += bool(errs)
sys.exit(1 if bad else 0)
'''


def validator_python():
    """An interpreter that has jsonschema, or None."""
    for py in (sys.executable, "/usr/bin/python3"):
        if py and os.path.exists(py) and subprocess.run(
                [py, "-c", "import jsonschema"],
                capture_output=True).returncode == 0:
            return py
    return None


class Case:
    def __init__(self, line):
        f = [x.strip() for x in line.split("|")]
        if len(f) < 5:
            raise ValueError("need 5 or 6 fields: " + line)
        self.name = f[0]
        self.src = os.path.join(lkt.TESTS, f[1])
        self.cflags = shlex.split(f[2]) if f[2] != "-" else []
        self.args = shlex.split(f[3]) if f[3] != "-" else []
        self.opts = shlex.split(f[4].replace("@TESTS@", lkt.TESTS)) \
            if f[4] != "-" else []
        self.flags = {}
        for fl in (f[5].split() if len(f) > 5 else []):
            k, _, v = fl.partition("=")
            self.flags[k] = v
        self.dir = os.path.join(BDIR, self.name)
        self.exe = os.path.join(self.dir, "bin", self.name)

    def kinds(self):
        want = []
        for k in filter(None, self.flags.get("kinds", "").split(",")):
            k, _, since = k.partition("@")
            if since and lkt.vg_version() < tuple(int(x) for x in since.split(".")):
                continue
            want.append(k)
        return want


def run(case, label, exe, cwd, extra, xml=True):
    """Runs EXE under the tool; returns (dir, exit status)."""
    d = os.path.join(case.dir, label)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    cmd = lkt.tool_cmd() + ["--tool=" + lkt.tool_name(),
                            "--command-line-only=yes"] + case.opts
    cmd += ["--log-file=" + os.path.join(d, "lk.%p.log")]
    if xml:
        cmd += ["--xml=yes", "--xml-file=" + os.path.join(d, "lk.%p.xml")]
    cmd += extra + [exe] + case.args
    with open(os.path.join(d, "cmd"), "w") as f:
        f.write(" ".join(shlex.quote(c) for c in cmd) + "\n")
    p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=TIMEOUT,
                       env=lkt.clean_env())
    return d, p.returncode


def pid_of(path):
    m = re.search(r"\.(\d+)\.[a-z]+$", path)
    return int(m.group(1)) if m else None


def ordered(pids):
    """PIDS in the order their processes were created (lkt.pid_order)."""
    pids = list(pids)
    return [p for _, p in sorted(zip(lkt.pid_order(pids), pids))]


def by_pid(d, ext):
    return {pid_of(f): f for f in glob.glob(os.path.join(d, "lk.*." + ext))}


# ----------------------------------------------------------------------
# The XML side
# ----------------------------------------------------------------------

def xtext(e, tag):
    x = e.find(tag)
    return None if x is None else (x.text or "")


def xml_frames(st):
    return [{"fn": xtext(fr, "fn") or "???", "file": xtext(fr, "file"),
             "dir": xtext(fr, "dir"), "line": xtext(fr, "line"),
             "obj": xtext(fr, "obj") or ""} for fr in st.findall("frame")]


def xml_errors(path):
    """[(error dict)], suppcount names, pid."""
    root = ET.parse(path).getroot()
    counts = {}
    ec = root.find("errorcounts")
    if ec is not None:
        for pr in ec.findall("pair"):
            counts[xtext(pr, "unique")] = int(xtext(pr, "count"))
    errs = []
    for e in root.findall("error"):
        x = {"kind": xtext(e, "kind"), "tid": xtext(e, "tid"), "stacks": [],
             "aux": [], "count": counts.get(xtext(e, "unique"))}
        xw = e.find("xwhat")
        if xw is not None:
            x["what"] = xtext(xw, "text")
            x["bytes"] = int(xtext(xw, "leakedbytes"))
            x["blocks"] = int(xtext(xw, "leakedblocks"))
        else:
            x["what"] = (xtext(e, "what") or "").rstrip("\n")
        label = None
        for c in e:
            if c.tag == "auxwhat":
                if label is not None:
                    x["aux"].append(label)
                label = c.text or ""
            elif c.tag == "stack":
                x["stacks"].append((label, xml_frames(c)))
                label = None
        if label is not None:
            x["aux"].append(label)
        errs.append(x)
    supps = set()
    sc = root.find("suppcounts")
    if sc is not None:
        for pr in sc.findall("pair"):
            supps.add(xtext(pr, "name"))
    return errs, supps, xtext(root, "pid")


# ----------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------

def preload(fr_obj, fr_file):
    return "vgpreload_" in os.path.basename(fr_obj or "") or \
        os.path.basename(fr_file or "") in ("vg_replace_malloc.c",
                                             "vg_replace_strmem.c")


def flow_fns(flow):
    """Function names of a codeFlow's single threadFlow, innermost first."""
    tfs = flow.get("threadFlows", [])
    if len(tfs) != 1:
        return None
    locs = tfs[0].get("locations", [])
    return [l["location"]["logicalLocations"][0]["name"]
            for l in reversed(locs)]


def mask(s):
    return re.sub(r"0x[0-9A-Fa-f]+", "0x...", s or "")


def roundtrip(errs, results, want_kinds):
    """Problems between the XML errors and the unsuppressed results."""
    probs = []
    shown = [r for r in results if not r.get("suppressions")]
    if len(shown) != len(errs):
        probs.append("%d XML errors, %d SARIF results not suppressed" %
                     (len(errs), len(shown)))
    for i, (x, r) in enumerate(zip(errs, shown)):
        where = "error %d (%s)" % (i + 1, x["kind"])
        if r.get("ruleId") != x["kind"]:
            probs.append("%s: ruleId %r" % (where, r.get("ruleId")))
        if r.get("message", {}).get("text") != x["what"]:
            probs.append("%s: message %r, XML %r" %
                         (where, r.get("message", {}).get("text"), x["what"]))
        flows = r.get("codeFlows", [])
        if len(flows) != len(x["stacks"]):
            probs.append("%s: %d codeFlows, %d XML stacks" %
                         (where, len(flows), len(x["stacks"])))
        for k, ((label, frames), fl) in enumerate(zip(x["stacks"], flows)):
            fns = flow_fns(fl)
            if fns != [f["fn"] for f in frames]:
                probs.append("%s: stack %d functions %s, XML %s" % (
                    where, k, fns, [f["fn"] for f in frames]))
            want_msg = x["what"] if k == 0 else label
            if k > 0 and mask(fl.get("message", {}).get("text")) != mask(want_msg):
                probs.append("%s: stack %d message %r, XML auxwhat %r" % (
                    where, k, fl.get("message", {}).get("text"), want_msg))
            tfs = fl.get("threadFlows", [{}])
            if tfs and tfs[0].get("id") != x["tid"]:
                probs.append("%s: threadFlow id %r, XML tid %r" %
                             (where, tfs[0].get("id"), x["tid"]))
        # occurrenceCount: the <errorcounts> count when above 1; none for
        # a loss record (not in <errorcounts>) or an error seen once
        want_n = x["count"] if x["count"] is not None and x["count"] > 1 else None
        if r.get("occurrenceCount") != want_n:
            probs.append("%s: occurrenceCount %r, XML errorcounts %r" %
                         (where, r.get("occurrenceCount"), x["count"]))
        # the auxiliary texts without a stack (an origin whose stack was
        # not kept) are message-only related locations, for loss records
        if x["kind"].startswith("Leak_"):
            notes = [l.get("message", {}).get("text")
                     for l in r.get("relatedLocations", [])
                     if "physicalLocation" not in l]
            # (an origin's stack not kept: the text's words added)
            want_notes = [a + " (no stack kept)" if a.endswith(":") else a
                          for a in x["aux"]]
            if notes != want_notes:
                probs.append("%s: related locations without a stack %r, "
                             "XML <auxwhat>s without one %r" %
                             (where, notes, x["aux"]))
        props = r.get("properties", {})
        if "bytes" in x and (props.get("leakedBytes") != x["bytes"] or
                             props.get("leakedBlocks") != x["blocks"]):
            probs.append("%s: leaked %s/%s, XML %s/%s" % (
                where, props.get("leakedBytes"), props.get("leakedBlocks"),
                x["bytes"], x["blocks"]))
    for k in want_kinds:
        if not any(x["kind"] == k for x in errs):
            probs.append("kind %s: not in the XML" % k)
        if not any(r.get("ruleId") == k for r in shown):
            probs.append("kind %s: no SARIF result" % k)
    return probs


def fields(doc, errs, xml_pid, srcroot, cwd, exe, exit_code, args=()):
    """Problems with the fields of one document."""
    probs = []
    if doc.get("version") != "2.1.0" or len(doc.get("runs", [])) != 1:
        return ["version or runs wrong"]
    run = doc["runs"][0]
    drv = run.get("tool", {}).get("driver", {})
    if drv.get("name") != "leakcheck":
        probs.append("driver name %r" % drv.get("name"))
    rules = drv.get("rules", [])
    ids = [r.get("id") for r in rules]
    if len(set(ids)) != len(ids):
        probs.append("duplicate rule ids")
    for r in rules:
        for f in ("shortDescription", "fullDescription", "help"):
            if not r.get(f, {}).get("text"):
                probs.append("rule %s: no %s" % (r.get("id"), f))
        if not r.get("name") or r.get("name") == r.get("id"):
            probs.append("rule %s: name %r (must differ from the id)" %
                         (r.get("id"), r.get("name")))
        if r.get("defaultConfiguration", {}).get("level") != LEVELS.get(r.get("id")):
            probs.append("rule %s: default level %r, want %r" % (
                r.get("id"), r.get("defaultConfiguration", {}).get("level"),
                LEVELS.get(r.get("id"))))
    # originalUriBaseIds
    want_base = "file://" + srcroot.rstrip("/") + "/"
    if run.get("originalUriBaseIds", {}).get("SRCROOT", {}).get("uri") != want_base:
        probs.append("originalUriBaseIds %r, want SRCROOT %s" %
                     (run.get("originalUriBaseIds"), want_base))
    arts = run.get("artifacts", [])
    used = set()

    def check_al(al, what):
        if "index" in al:
            i = al["index"]
            if not (0 <= i < len(arts)) or arts[i].get("location", {}).get("uri") != al.get("uri") \
                    or arts[i].get("location", {}).get("uriBaseId") != al.get("uriBaseId"):
                probs.append("%s: artifact index %s does not match %r" % (what, i, al))
            used.add(i)

    results = run.get("results", [])
    shown = [r for r in results if not r.get("suppressions")]
    for n, r in enumerate(results):
        what = "result %d (%s)" % (n + 1, r.get("ruleId"))
        rid = r.get("ruleId")
        ri = r.get("ruleIndex")
        if ri is None or not (0 <= ri < len(rules)) or rules[ri].get("id") != rid:
            probs.append("%s: ruleIndex %r does not name it" % (what, ri))
        if r.get("level") != LEVELS.get(rid):
            probs.append("%s: level %r, want %r" % (what, r.get("level"), LEVELS.get(rid)))
        fp = r.get("partialFingerprints", {}).get("leakcheckStack/v1", "")
        if not re.fullmatch(r"[0-9a-f]{16}:[1-9][0-9]*", fp):
            probs.append("%s: partialFingerprints %r" % (what, r.get("partialFingerprints")))
        for fl in r.get("codeFlows", []):
            for tf in fl.get("threadFlows", []):
                for l in tf.get("locations", []):
                    check_al(l["location"].get("physicalLocation", {}).get("artifactLocation", {}), what)
        for l in r.get("locations", []) + r.get("relatedLocations", []):
            check_al(l.get("physicalLocation", {}).get("artifactLocation", {}), what)
    # location and related locations against the XML
    for x, r in zip(errs, shown):
        what = "%s %r" % (x["kind"], x["what"][:40])
        frames = x["stacks"][0][1] if x["stacks"] else []
        pick = next((f for f in frames if f["file"] and not preload(f["obj"], f["file"])), None) \
            or next((f for f in frames if f["file"]), None)
        locs = r.get("locations", [])
        if pick is None:
            continue
        if len(locs) != 1:
            probs.append("%s: %d locations" % (what, len(locs)))
            continue
        pl = locs[0].get("physicalLocation", {})
        al = pl.get("artifactLocation", {})
        path = os.path.normpath(os.path.join(pick["dir"] or "", pick["file"]))
        if path.startswith(srcroot.rstrip("/") + "/"):
            want = {"uri": os.path.relpath(path, srcroot), "uriBaseId": "SRCROOT"}
        elif path.startswith("/"):
            want = {"uri": "file://" + path}
        else:                    # no directory in the debug information
            want = {"uri": path}
        got = {k: al.get(k) for k in want}
        if got != want or str(pl.get("region", {}).get("startLine")) != pick["line"]:
            probs.append("%s: location %r line %r, want %r line %s" % (
                what, al, pl.get("region", {}).get("startLine"), want, pick["line"]))
        if locs[0].get("logicalLocations", [{}])[0].get("name") != pick["fn"]:
            probs.append("%s: location function %r, want %r" % (
                what, locs[0].get("logicalLocations"), pick["fn"]))
        rel = [l for l in r.get("relatedLocations", []) if "physicalLocation" in l]
        if [mask(l.get("message", {}).get("text")) for l in rel] != \
                [mask(lab) for lab, _ in x["stacks"][1:]]:
            probs.append("%s: related locations %r, XML auxiliary stacks %r" % (
                what, [l.get("message", {}).get("text") for l in rel],
                [lab for lab, _ in x["stacks"][1:]]))
    if used != set(range(len(arts))):
        probs.append("artifacts %s listed but not used" % sorted(set(range(len(arts))) - used))
    # invocations
    invs = run.get("invocations", [])
    if len(invs) != 1:
        probs.append("%d invocations" % len(invs))
    else:
        inv = invs[0]
        cl = inv.get("commandLine", "")
        if exe not in cl or "--sarif-file=" not in cl or not cl.startswith("valgrind "):
            probs.append("commandLine %r" % cl)
        if (inv.get("arguments") or [None])[0] != "--tool=leakcheck":
            probs.append("arguments %r do not start with --tool=leakcheck" %
                         inv.get("arguments"))
        argv = inv.get("arguments", [])
        if exe not in argv or argv[argv.index(exe) + 1:] != list(args):
            probs.append("arguments %r do not end with %s %s" % (argv, exe, list(args)))
        try:
            if shlex.split(cl) != ["valgrind"] + argv:
                probs.append("commandLine %r is not valgrind + arguments %r" % (cl, argv))
        except ValueError as e:
            probs.append("commandLine %r: %s" % (cl, e))
        if inv.get("executionSuccessful") is not True:
            probs.append("executionSuccessful %r" % inv.get("executionSuccessful"))
        if exit_code is not None and inv.get("exitCode") != exit_code:
            probs.append("exitCode %r, want %r" % (inv.get("exitCode"), exit_code))
        if inv.get("workingDirectory", {}).get("uri") != "file://" + cwd.rstrip("/") + "/":
            probs.append("workingDirectory %r, want %s" % (inv.get("workingDirectory"), cwd))
        if str(inv.get("processId")) != str(xml_pid):
            probs.append("processId %r, XML pid %r" % (inv.get("processId"), xml_pid))
    return probs


def suppressed_check(results, xml_supps):
    probs = []
    sup = [r for r in results if r.get("suppressions")]
    if not sup:
        probs.append("no suppressed result")
    names = set()
    for r in sup:
        s = r["suppressions"]
        if len(s) != 1 or s[0].get("kind") != "external":
            probs.append("%s: suppressions %r" % (r.get("ruleId"), s))
            continue
        n = s[0].get("properties", {}).get("suppressionName")
        if not n or n not in (s[0].get("justification") or ""):
            probs.append("%s: no suppression name in %r" % (r.get("ruleId"), s))
        names.add(n)
    if names != xml_supps:
        probs.append("suppressions named %s, XML suppcounts %s" %
                     (sorted(map(str, names)), sorted(xml_supps)))
    return probs


def masked_log(path, pid):
    txt = open(path, errors="replace").read()
    out = []
    for line in txt.splitlines():
        if "--sarif-" in line:
            continue
        # The pid where Valgrind prints it (==PID==, --pid=PID, the vgdb
        # pipes' -PID-by-), not wherever the number appears: a pid of 2026
        # matched the year in the preamble's copyright line (a fresh
        # Debian 13 chroot).
        line = re.sub(r"(?<=[=*-])%d(?![0-9])" % pid, "PID", line)
        line = re.sub(r"Parent PID: \d+", "Parent PID: PPID", line)
        line = re.sub(r"<pid>\d+</pid>", "<pid>PID</pid>", line)
        line = re.sub(r"<time>[^<]*</time>", "<time>T</time>", line)
        line = re.sub(r"<ppid>\d+</ppid>", "<ppid>PPID</ppid>", line)
        line = re.sub(r"\.\d+\.(xml|log)\b", r".PID.\1", line)
        line = re.sub(r"/(with|without|text|text-sarif)/", "/RUN/", line)
        out.append(line)
    return out


def unchanged(d_with, d_without, exts):
    probs = []
    for ext in exts:
        a = by_pid(d_with, ext)
        b = by_pid(d_without, ext)
        if len(a) != len(b):
            probs.append("%d .%s files with SARIF, %d without" % (len(a), ext, len(b)))
            continue
        for pa, pb in zip(ordered((a)), ordered((b))):
            la = masked_log(a[pa], pa)
            lb = masked_log(b[pb], pb)
            if la != lb:
                probs.append("%s differs from %s:\n%s" % (
                    a[pa], b[pb], lkt.short_diff("\n".join(lb) + "\n",
                                                 "\n".join(la) + "\n",
                                                 "without", "with", 40)))
    return probs


def fingerprints(doc):
    return [(r.get("ruleId"), r.get("partialFingerprints", {}).get("leakcheckStack/v1"))
            for r in doc["runs"][0]["results"]]


def validate(name, py, files):
    if py is None:
        lkt.record("FAIL", name + "/schema",
                   "no validator: install python3-jsonschema (tests/README.md)")
        return
    p = subprocess.run([py, "-c", VALIDATE, SCHEMA] + sorted(files),
                       capture_output=True, text=True)
    if p.returncode == 0:
        lkt.record("PASS", name + "/schema")
    else:
        lkt.record("FAIL", name + "/schema")
        lkt.out(lkt.indent((p.stdout + p.stderr).strip()))


def multitool():
    """The SARIF Multitool (npm @microsoft/sarif-multitool) if available:
    $LK_SARIF_MULTITOOL, else "sarif" on PATH; None if neither."""
    m = os.environ.get("LK_SARIF_MULTITOOL") or shutil.which("sarif")
    return m if m and os.path.exists(m) else None


def multitool_validate(name, files):
    """A second validator, when installed: `sarif validate`; its errors
    and warnings fail, except SARIF2005 (no informationUri: leakcheck
    has no home page yet, docs/sarif.md)."""
    m = multitool()
    if m is None:
        return
    probs = []
    for f in sorted(files):
        outf = f + ".validation.sarif"
        if os.path.exists(outf):
            os.remove(outf)
        p = subprocess.run([m, "validate", f, "-o", outf], capture_output=True,
                           text=True, timeout=600)
        for line in (p.stdout + p.stderr).splitlines():
            if re.search(r": (error|warning) ", line) and "SARIF2005" not in line:
                probs.append(line[:300])
        if p.returncode != 0 and not probs:
            probs.append("%s validate %s exited %d" % (m, f, p.returncode))
    lkt.record("FAIL" if probs else "PASS", name + "/multitool")
    if probs:
        lkt.out(lkt.indent("\n".join(probs[:10])))


def check_fork(case, py):
    """Text runs (a forked child's XML goes to its parent's file under
    some Valgrinds): one SARIF file per log file, named by the same pid,
    whose results are the errors of that log; logs unchanged."""
    name = "sarif/" + case.name
    cwd = os.path.join(case.dir, "cwd")
    os.makedirs(cwd, exist_ok=True)
    d, st = run(case, "text-sarif", case.exe, cwd, [
        "--sarif-file=%s" % os.path.join(case.dir, "text-sarif", "lk.%p.sarif"),
        "--sarif-srcroot=" + lkt.TESTS], xml=False)
    dn, st2 = run(case, "text", case.exe, cwd, [], xml=False)
    sarifs = by_pid(d, "sarif")
    logs = by_pid(d, "log")
    validate(name, py, sarifs.values())
    multitool_validate(name, sarifs.values())
    probs = []
    if len(logs) < 2:
        probs.append("%d processes: no child" % len(logs))
    if set(logs) != set(sarifs):
        probs.append("processes with a log %s, with SARIF %s" % (sorted(logs), sorted(sarifs)))
    for pid in sorted(set(logs) & set(sarifs)):
        doc = json.load(open(sarifs[pid]))
        inv = doc["runs"][0]["invocations"][0]
        if inv.get("processId") != pid:
            probs.append("lk.%d.sarif: processId %r" % (pid, inv.get("processId")))
        log = open(logs[pid], errors="replace").read()
        pfx = "==%d== " % pid
        msgs = [l[len(pfx):] for l in log.splitlines() if l.startswith(pfx)]
        results = doc["runs"][0]["results"]
        for r in results:
            if r["message"]["text"] not in msgs:
                probs.append("lk.%d.sarif: %r not in its log" % (pid, r["message"]["text"]))
        n_log = len([m for m in msgs if re.search(r" in (new )?loss record \d+ of \d+$", m)])
        n_sarif = len([r for r in results if r["ruleId"].startswith("Leak_")])
        if n_log != n_sarif:
            probs.append("lk.%d: %d loss records in the log, %d in SARIF" % (pid, n_log, n_sarif))
    probs += [] if st == st2 else ["exit status %s with SARIF, %s without" % (st, st2)]
    probs += unchanged(d, dn, ("log",))
    lkt.record("FAIL" if probs else "PASS", name + "/fork")
    if probs:
        lkt.out(lkt.indent("\n".join(probs[:20])))


def check_case(case, py):
    name = "sarif/" + case.name
    err = lkt.compile_prog(case.src, case.exe, case.cflags)
    if err:
        lkt.record("FAIL", name + "/build", err.splitlines()[-1] if err else "")
        return
    if "fork" in case.flags:
        check_fork(case, py)
        return
    srcroot = lkt.TESTS
    cwd = os.path.join(case.dir, "cwd")
    os.makedirs(cwd, exist_ok=True)
    sarif_opts = ["--sarif-file=%s" % os.path.join(case.dir, "with", "lk.%p.sarif"),
                  "--sarif-srcroot=" + srcroot]
    d_with, st = run(case, "with", case.exe, cwd, sarif_opts)
    d_without, st2 = run(case, "without", case.exe, cwd, [])
    sarifs = by_pid(d_with, "sarif")
    xmls = by_pid(d_with, "xml")
    if not sarifs:
        lkt.record("FAIL", name + "/schema", "no SARIF file written (exit %s)" % st)
        return
    validate(name, py, sarifs.values())
    multitool_validate(name, sarifs.values())
    docs = {}
    for pid, f in sarifs.items():
        try:
            docs[pid] = json.load(open(f))
        except ValueError as e:
            lkt.record("FAIL", name + "/roundtrip", "%s: not JSON: %s" % (f, e))
            return
    rt, fl, sp = [], [], []
    main_pid = ordered((xmls))[0] if xmls else None
    want_exit = int(case.flags["exit"]) if "exit" in case.flags else None
    all_errs = []
    for pid in sorted(xmls):
        if pid not in docs:
            rt.append("process %d: XML but no SARIF" % pid)
            continue
        errs, supps, xpid = xml_errors(xmls[pid])
        all_errs += errs
        results = docs[pid]["runs"][0].get("results", [])
        rt += ["process %d: %s" % (pid, p) for p in roundtrip(errs, results, [])]
        fl += ["process %d: %s" % (pid, p) for p in fields(
            docs[pid], errs, xpid, srcroot, cwd, case.exe,
            want_exit if pid == main_pid else None, case.args)]
        if "suppressed" in case.flags:
            sp += ["process %d: %s" % (pid, p) for p in suppressed_check(results, supps)]
    shown_kinds = {r.get("ruleId") for d in docs.values()
                   for r in d["runs"][0]["results"] if not r.get("suppressions")}
    if "counts" in case.flags:
        # not vacuous: errors seen several times and once
        ns = [x["count"] for x in all_errs if x["count"] is not None]
        if not any(n > 1 for n in ns) or 1 not in ns:
            rt.append("counts: the XML's <errorcounts> %s lack an error "
                      "seen once and one seen more often" % ns)
    if "origins" in case.flags:
        if not any(x["kind"].startswith("Leak_") and len(x["stacks"]) > 1
                   for x in all_errs):
            rt.append("origins: no loss record with an origin stack")
    for k in case.kinds():
        if not any(x["kind"] == k for x in all_errs):
            rt.append("kind %s: not in the XML" % k)
        if k not in shown_kinds:
            rt.append("kind %s: no SARIF result" % k)
    for chk, probs in (("roundtrip", rt), ("fields", fl)) + \
            ((("suppressed", sp),) if "suppressed" in case.flags else ()):
        if probs:
            lkt.record("FAIL", "%s/%s" % (name, chk))
            lkt.out(lkt.indent("\n".join(probs[:30])))
        else:
            lkt.record("PASS", "%s/%s" % (name, chk))
    # unchanged
    probs = [] if st == st2 else ["exit status %s with SARIF, %s without" % (st, st2)]
    probs += unchanged(d_with, d_without, ("xml", "log"))
    if "text" in case.flags:
        dt, s3 = run(case, "text-sarif", case.exe, cwd, [
            "--sarif-file=%s" % os.path.join(case.dir, "text-sarif", "lk.%p.sarif"),
            "--sarif-srcroot=" + srcroot], xml=False)
        dn, s4 = run(case, "text", case.exe, cwd, [], xml=False)
        if s3 != s4:
            probs.append("text runs: exit status %s with SARIF, %s without" % (s3, s4))
        probs += unchanged(dt, dn, ("log",))
        # the same results as with --xml=yes
        ts = by_pid(dt, "sarif")
        if len(ts) != len(sarifs):
            probs.append("text run: %d SARIF files, XML run %d" % (len(ts), len(sarifs)))
        else:
            for pa, pb in zip(ordered((ts)), ordered((sarifs))):
                a = [(r["ruleId"], r["message"]["text"]) for r in
                     json.load(open(ts[pa]))["runs"][0]["results"]]
                b = [(r["ruleId"], r["message"]["text"]) for r in docs[pb]["runs"][0]["results"]]
                if a != b:
                    probs.append("text run's results differ from the XML run's")
    lkt.record("FAIL" if probs else "PASS", name + "/unchanged")
    if probs:
        lkt.out(lkt.indent("\n".join(probs[:20])))
    # fingerprints: another checkout elsewhere
    if "fingerprint" in case.flags:
        other = os.path.join(case.dir, "elsewhere", "deeper", "tree")
        rel = os.path.relpath(case.src, lkt.TESTS)
        osrc = os.path.join(other, rel)
        os.makedirs(os.path.dirname(osrc), exist_ok=True)
        shutil.copy(case.src, osrc)
        oexe = os.path.join(case.dir, "elsewhere", "bin", case.name)
        err = lkt.compile_prog(osrc, oexe, case.cflags)
        probs = []
        if err:
            probs.append("build elsewhere: " + err.splitlines()[-1])
        else:
            d2, _ = run(case, "fp", oexe, cwd, [
                "--sarif-file=%s" % os.path.join(case.dir, "fp", "lk.%p.sarif"),
                "--sarif-srcroot=" + other])
            s2 = by_pid(d2, "sarif")
            if len(s2) != len(sarifs):
                probs.append("%d SARIF files elsewhere, %d here" % (len(s2), len(sarifs)))
            for pa, pb in zip(ordered((s2)), ordered((sarifs))):
                fa = fingerprints(json.load(open(s2[pa])))
                fb = fingerprints(docs[pb])
                if fa != fb:
                    probs.append("fingerprints elsewhere %s, here %s" % (fa, fb))
                if len(set(f for _, f in fb)) != len(fb):
                    probs.append("two results share a fingerprint: %s" % fb)
        lkt.record("FAIL" if probs else "PASS", name + "/fingerprint")
        if probs:
            lkt.out(lkt.indent("\n".join(probs)))


def main(argv):
    filters = argv[1:]
    os.makedirs(BDIR, exist_ok=True)
    lkt.out("== SARIF tests (%s)" % lkt.tool_name())
    if lkt.tool_name() != "leakcheck":
        lkt.out("SKIP sarif  (--sarif-file is leakcheck's own option)")
        return 0
    why = lkt.preflight(lkt.tool_cmd(), lkt.tool_name())
    cases = []
    for line in open(os.path.join(SDIR, "cases.list")):
        line = line.strip()
        if line and not line.startswith("#"):
            cases.append(Case(line))
    if filters:
        cases = [c for c in cases if any(f in "sarif/" + c.name for f in filters)]
    if why:
        for c in cases:
            lkt.record("FAIL", "sarif/" + c.name, why)
        return 0
    py = validator_python()
    for c in cases:
        try:
            check_case(c, py)
        except (subprocess.TimeoutExpired, OSError, ValueError, KeyError,
                IndexError, ET.ParseError) as e:
            lkt.record("FAIL", "sarif/" + c.name, "%s: %s" % (type(e).__name__, e))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
