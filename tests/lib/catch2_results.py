#!/usr/bin/env python3
"""Run a Catch2 (v2) test binary and report one PASS/FAIL per test case.

Usage: catch2_results.py SUITE BINARY [CATCH2 TEST SPEC...]
The binary runs with "-r junit -o FILE"; each <testcase> (Catch2 reports
each leaf section as "Test case/Section") becomes one result named
SUITE/NAME.  If the binary dies before writing its report (e.g. a
sanitizer abort), the whole binary counts as one failed test, with the
tail of its output.
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402


def main(argv):
    suite, binary, spec = argv[0], argv[1], argv[2:]
    if not os.access(binary, os.X_OK):
        lkt.record("FAIL", "%s/%s" % (suite, os.path.basename(binary)),
                   "%s was not built" % os.path.relpath(binary, lkt.REPO))
        return 1
    os.makedirs(lkt.OUT, exist_ok=True)
    report = os.path.join(lkt.OUT, suite + ".junit.xml")
    if os.path.exists(report):
        os.unlink(report)
    p = subprocess.run([binary, "-r", "junit", "-o", report] + spec,
                       capture_output=True, text=True, errors="replace",
                       cwd=lkt.REPO)
    cases = []
    try:
        root = ET.parse(report).getroot()
        for tc in root.iter("testcase"):
            name = tc.get("name", "?")
            bad = [c for c in tc if c.tag in ("failure", "error")]
            detail = "\n".join(("%s: %s\n%s" % (c.tag, c.get("message", ""),
                                                (c.text or "").strip()))
                               for c in bad)
            cases.append((name, bad, detail))
    except (ET.ParseError, OSError):
        cases = None
    if cases == [] and spec:
        # Nothing matched the names asked for (tests/run-all's filters
        # are meant for all suites): Catch2 v3 then exits with status 2,
        # v2 with 0; neither is a failure.
        lkt.out("%s: %s has no test case matching %s" % (
            suite, os.path.basename(binary), " ".join(spec)))
        return 0
    if cases is None or (p.returncode != 0 and not any(c[1] for c in cases)):
        tail = "\n".join((p.stdout + p.stderr).strip().splitlines()[-30:])
        lkt.record("FAIL", "%s/%s" % (suite, os.path.basename(binary)),
                   "exit status %d without a usable report" % p.returncode)
        lkt.out(lkt.indent(tail))
        return 1
    nfail = 0
    for name, bad, detail in cases:
        if bad:
            nfail += 1
            lkt.record("FAIL", "%s/%s" % (suite, name))
            lkt.out(lkt.indent(detail))
        else:
            lkt.record("PASS", "%s/%s" % (suite, name))
    if not cases:
        lkt.out("%s: %s has no test case%s" % (
            suite, os.path.basename(binary),
            (" matching " + " ".join(spec)) if spec else ""))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
