#!/usr/bin/env python3
"""Self-tests of the harness itself (suite "harness" of tests/run-all).

They check, on canned Valgrind output, that the stderr filter and the log
parser see what they should, and that the comparison really fails when
the two tools disagree (so that a PASS elsewhere means something).
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lkt  # noqa: E402
import vglog  # noqa: E402
import difftest  # noqa: E402
import xmltest  # noqa: E402
import supptest  # noqa: E402
import consumers  # noqa: E402
import regtest  # noqa: E402
import sariftest  # noqa: E402
import catch2_results  # noqa: E402

FILTER = os.path.join(lkt.TESTS, "regtest", "filter_stderr")

MEMCHECK_LOG = """\
==100== Memcheck, a memory error detector
==100== Copyright (C) 2002-2022, and GNU GPL'd, by Julian Seward et al.
==100== Using Valgrind-3.19.0 and LibVEX; rerun with -h for copyright info
==100== Command: ./prog
==100== 
**100** proc=parent
==100== Mismatched free() / delete / delete []
==100==    at 0x484417B: free (in /usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so)
==100==    by 0x1091E1: main (prog.c:12)
==100==  Address 0x4d6fcd0 is 0 bytes inside a block of size 16 alloc'd
==100==    at 0x484320F: operator new[](unsigned long) (in /usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so)
==100==    by 0x1091D1: main (prog.c:11)
==100== 
==100== 
==100== HEAP SUMMARY:
==100==     in use at exit: 1,064 bytes in 3 blocks
==100==   total heap usage: 7 allocs, 4 frees, 72,794 bytes allocated
==100== 
==100== 32 (16 direct, 16 indirect) bytes in 1 blocks are definitely lost in loss record 2 of 3
==100==    at 0x48417B4: malloc (in /usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so)
==100==    by 0x109170: mk (prog.c:4)
==100==    by 0x109184: main (prog.c:5)
==100== 
==100== 1,000 bytes in 1,000 blocks are still reachable in loss record 3 of 3
==100==    at 0x48417B4: malloc (in /usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so)
==100==    by 0x1091B1: main (pthread_create.c:99)
==100== 
==100== LEAK SUMMARY:
==100==    definitely lost: 16 bytes in 1 blocks
==100==    indirectly lost: 16 bytes in 1 blocks
==100==      possibly lost: 0 bytes in 0 blocks
==100==    still reachable: 1,032 bytes in 1,001 blocks
==100==                       of which reachable via heuristic:
==100==                         stdstring          : 32 bytes in 1 blocks
==100==         suppressed: 0 bytes in 0 blocks
==100== 
==100== ERROR SUMMARY: 2 errors from 2 contexts (suppressed: 0 from 0)
"""

LEAKCHECK_LOG = (MEMCHECK_LOG
                 .replace("Memcheck, a memory error detector",
                          "Leakcheck, a memory leak and heap error detector")
                 .replace("Copyright (C) 2002-2022, and GNU GPL'd, by Julian Seward et al.",
                          "Copyright (C) 2026, the leakcheck authors; GNU GPL'd.")
                 .replace("/usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so",
                          "/tmp/lk/.in-place/vgpreload_leakcheck-amd64-linux.so")
                 .replace("0x484", "0x485"))


def filt(text):
    return subprocess.run([sys.executable, FILTER], input=text,
                          capture_output=True, text=True).stdout


def t_filter_same_for_both_tools():
    a, b = filt(MEMCHECK_LOG), filt(LEAKCHECK_LOG)
    assert a == b, lkt.short_diff(a, b, "memcheck", "leakcheck")
    assert "Memcheck" not in a and "Command:" not in a, a
    assert "malloc (vg_replace_malloc.c:...)" in a, a
    assert "in loss record ... of ..." in a, a
    assert "(pthread_create.c:...)" in a, a       # not one of our sources


def t_filter_keeps_our_line_numbers():
    out = filt("==1==    by 0x1: main (leak-cases.c:57)\n")
    assert out == "   by 0x........: main (leak-cases.c:57)\n", out


def t_parse_log():
    p = vglog.parse(MEMCHECK_LOG)
    assert p["pid"] == 100 and p["tags"] == ["parent"], p
    assert p["heap"] == {"in_use": (1064, 3), "usage": (7, 4, 72794)}, p["heap"]
    assert p["records"] == [
        ("definitely lost", 16, 16, 1, ("malloc", "mk", "main")),
        ("still reachable", 1000, 0, 1000, ("malloc", "main"))], p["records"]
    assert p["leak"]["still reachable"] == (1032, 1001), p["leak"]
    assert p["leak"]["heuristic stdstring"] == (32, 1), p["leak"]
    assert p["summary"] == (2, 2, 0, 0), p["summary"]
    assert len(p["errors"]) == 1 and p["errors"][0][0].startswith("Mismatched"), p["errors"]
    assert not p["unparsed"], p["unparsed"]


def t_compare_equal_and_different():
    m = difftest.procs({100: MEMCHECK_LOG}, 4)
    t = difftest.procs({200: LEAKCHECK_LOG}, 4)
    assert difftest.compare(m, t, "leakcheck") == [], "identical runs differ"
    bad = LEAKCHECK_LOG.replace("definitely lost in loss", "possibly lost in loss")
    d = difftest.compare(m, difftest.procs({200: bad}, 4), "leakcheck")
    keys = [k for k, _ in d]
    assert "parent: record[memcheck-only] definitely lost 16+16/1 malloc < mk < main" in keys, keys
    assert any(k.startswith("parent: record[leakcheck-only] possibly lost") for k in keys), keys
    bad = LEAKCHECK_LOG.replace("in use at exit: 1,064", "in use at exit: 1,065")
    d = difftest.compare(m, difftest.procs({200: bad}, 4), "leakcheck")
    assert [k for k, _ in d] == ["parent: heap"], d


def t_divergence_glob():
    key = "#0: error[memcheck-only] Invalid write of size 4 [Address 0x... is x] main"
    assert difftest.glob_match(key, "#0: error[memcheck-only] Invalid write*")
    assert difftest.glob_match(key, key)
    assert not difftest.glob_match(key, "#0: error[leakcheck-only]*")
    assert not difftest.glob_match("#0: heap", "#0: hea")


def t_diff_sweeps():
    progs = difftest.read_list()
    sweeps = difftest.read_sweeps(progs)
    assert sweeps, "tests/diff/sweeps.list has no sweeps"
    names = [p.name for p in sweeps]
    assert len(names) == len(set(names)), "a sweep is listed twice"
    bases = {p.name: p for p in progs}
    for p in sweeps:
        assert p.error is None, p.error
        b = bases[p.base]
        # The program's own options first, the sweep's after (they win).
        assert p.vgopts[:len(b.vgopts)] == b.vgopts, (p.name, p.vgopts)
        assert p.name == "sweep:%s:%s" % (
            difftest.sweep_label(p.vgopts[len(b.vgopts):]), b.name), p.name
        assert p.exe == b.exe and p.rundir != b.rundir, p.name
    assert difftest.sweep_label(["--malloc-fill=0xAB", "--free-fill=0xCD"]) \
        == "malloc-fill=0xAB,free-fill=0xCD"



MEMCHECK_XML = """<?xml version="1.0"?>

<valgrindoutput>

<protocolversion>4</protocolversion>
<protocoltool>memcheck</protocoltool>

<preamble>
  <line>Memcheck, a memory error detector</line>
</preamble>

<pid>100</pid>
<ppid>99</ppid>
<tool>memcheck</tool>

<args>
  <vargv>
    <exe>/usr/bin/valgrind</exe>
    <arg>--xml=yes</arg>
  </vargv>
  <argv>
    <exe>./prog</exe>
    <arg>a&lt;b</arg>
  </argv>
</args>

<status>
  <state>RUNNING</state>
  <time>00:00:00:00.018 </time>
</status>

<error>
  <unique>0x0</unique>
  <tid>1</tid>
  <kind>MismatchedFree</kind>
  <what>Mismatched free() / delete / delete []</what>
  <stack>
    <frame>
      <ip>0x484417B</ip>
      <obj>/usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so</obj>
      <fn>free</fn>
    </frame>
    <frame>
      <ip>0x1091E1</ip>
      <obj>/tmp/prog</obj>
      <fn>std::vector&lt;int&gt;::f()</fn>
      <dir>/tmp</dir>
      <file>prog.cpp</file>
      <line>12</line>
    </frame>
  </stack>
  <auxwhat>Address 0x4d6fcd0 is 0 bytes inside a block of size 16 alloc'd</auxwhat>
  <stack>
    <frame>
      <ip>0x484320F</ip>
      <fn>operator new[](unsigned long)</fn>
    </frame>
  </stack>
  <suppression>
    <sname>insert_a_suppression_name_here</sname>
    <skind>Memcheck:Free</skind>
    <sframe> <fun>free</fun> </sframe>
    <sframe> <obj>/usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so</obj> </sframe>
    <rawtext>
<![CDATA[
{
   <insert_a_suppression_name_here>
   Memcheck:Free
   fun:free
   obj:/usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so
}
]]>
    </rawtext>
  </suppression>
</error>

<status>
  <state>FINISHED</state>
  <time>00:00:00:00.337 </time>
</status>

<error>
  <unique>0x1</unique>
  <tid>1</tid>
  <kind>Leak_DefinitelyLost</kind>
  <xwhat>
    <text>32 (16 direct, 16 indirect) bytes in 1 blocks are definitely lost in loss record 1 of 1</text>
    <leakedbytes>32</leakedbytes>
    <leakedblocks>1</leakedblocks>
  </xwhat>
  <stack>
    <frame>
      <ip>0x48417B4</ip>
      <fn>malloc</fn>
    </frame>
  </stack>
</error>

<errorcounts>
  <pair>
    <count>1</count>
    <unique>0x0</unique>
  </pair>
</errorcounts>

<suppcounts>
</suppcounts>

</valgrindoutput>
"""

LEAKCHECK_XML = (MEMCHECK_XML
                 .replace("<line>Memcheck, a memory error detector</line>",
                          "<line>Leakcheck, a memory leak and heap error detector</line>")
                 .replace("vgpreload_memcheck", "vgpreload_leakcheck")
                 .replace("0x4d6fcd0", "0x4a42040").replace("<pid>100", "<pid>200"))


def t_xml_compare():
    m = xmltest.procs([xmltest.parse_doc(MEMCHECK_XML)])
    t = xmltest.procs([xmltest.parse_doc(LEAKCHECK_XML)])
    assert xmltest.compare(m, t, "leakcheck") == [], "identical documents differ"
    for old, new, want in (
            ("<leakedbytes>32", "<leakedbytes>31",
             "#0: event[leakcheck-only] error Leak_DefinitelyLost"),
            ("of size 16 alloc'd", "of size 17 alloc'd",
             "#0: event[leakcheck-only] error MismatchedFree"),
            ("<fn>operator new[](unsigned long)</fn>", "<fn>malloc</fn>",
             "#0: event[leakcheck-only] error MismatchedFree"),
            ("<count>1</count>", "<count>2</count>",
             "#0: errorcounts[leakcheck-only] 2 x MismatchedFree"),
            ("<sframe> <fun>free</fun>", "<sframe> <fun>frees</fun>",
             "#0: event[leakcheck-only] error MismatchedFree")):
        assert old in LEAKCHECK_XML, old
        d = xmltest.compare(m, xmltest.procs([xmltest.parse_doc(
            LEAKCHECK_XML.replace(old, new))]), "leakcheck")
        keys = [k for k, _ in d]
        assert any(k.startswith(want) for k in keys), (old, keys)


def t_xml_schema():
    import tempfile
    if not xmltest._xmllint:
        return                      # xmltest prints the SKIP line
    with tempfile.TemporaryDirectory() as d:
        good = os.path.join(d, "good.xml")
        with open(good, "w") as f:
            f.write(LEAKCHECK_XML)
        assert xmltest.validate(good) is None, xmltest.validate(good)
        for old, new in (("<kind>MismatchedFree", "<kind>UninitCondition"),
                         ("<leakedblocks>1</leakedblocks>", ""),
                         ("<protocoltool>memcheck", "<protocoltool>helgrind"),
                         ("<skind>Memcheck:Free", "<skind>Free")):
            bad = os.path.join(d, "bad.xml")
            with open(bad, "w") as f:
                f.write(LEAKCHECK_XML.replace(old, new))
            assert xmltest.validate(bad) is not None, "schema accepts " + new


# Protocol 6 (Valgrind >= 3.26): the same document with the summaries
# 3.27's Memcheck writes.
P6_SUMMARIES = """<heap_summary>
  <memory_in_use_at_exit>
    <bytes>1,032</bytes>
    <blocks>2</blocks>
  </memory_in_use_at_exit>
  <total_heap_usage>
    <allocs>3</allocs>
    <frees>1</frees>
    <bytes_allocated>1,048</bytes_allocated>
  </total_heap_usage>
</heap_summary>

<all_heap_blocks_freed>false</all_heap_blocks_freed>

"""
P6_LEAK_SUMMARY = """<leak_summary>
  <definitely_lost>
    <bytes>16</bytes>
    <blocks>1</blocks>
  </definitely_lost>
  <indirectly_lost>
    <bytes>16</bytes>
    <blocks>1</blocks>
  </indirectly_lost>
  <possibly_lost>
    <bytes>0</bytes>
    <blocks>0</blocks>
  </possibly_lost>
  <still_reachable>
    <bytes>1,000 (+1,000)</bytes>
    <blocks>0</blocks>
    <reachable_heuristic>
      <kind>stdstring</kind>
      <bytes>0</bytes>
      <blocks>0</blocks>
    </reachable_heuristic>
  </still_reachable>
  <suppressed>
    <bytes>0</bytes>
    <blocks>0</blocks>
  </suppressed>
</leak_summary>

"""
P6_ERROR_SUMMARY = """<error_summary>
  <errors>2</errors>
  <error_contexts>2</error_contexts>
  <suppressed>0</suppressed>
  <suppressed_contexts>0</suppressed_contexts>
</error_summary>

"""


def p6(doc):
    d = doc.replace("<protocolversion>4<", "<protocolversion>6<")
    d = d.replace("""</status>

<error>
  <unique>0x1</unique>""", """</status>

""" + P6_SUMMARIES + """<error>
  <unique>0x1</unique>""")
    d = d.replace("""<errorcounts>""", P6_LEAK_SUMMARY + "<errorcounts>")
    d = d.replace("""</suppcounts>
""", "</suppcounts>\n\n" + P6_ERROR_SUMMARY)
    assert d.count("heap_summary>") == 2 and d.count("error_summary>") == 2, d
    return d


def t_xml_protocol6_compare():
    m = xmltest.procs([xmltest.parse_doc(p6(MEMCHECK_XML))])
    t = xmltest.procs([xmltest.parse_doc(p6(LEAKCHECK_XML))])
    assert xmltest.compare(m, t, "leakcheck") == [], "identical documents differ"
    for old, new, want in (
            ("<frees>1</frees>", "<frees>2</frees>",
             "#0: event[leakcheck-only] heap_summary"),
            ("<bytes>1,000 (+1,000)</bytes>", "<bytes>1,000</bytes>",
             "#0: event[leakcheck-only] leak_summary"),
            ("<kind>stdstring</kind>", "<kind>length64</kind>",
             "#0: event[leakcheck-only] leak_summary"),
            ("<all_heap_blocks_freed>false", "<all_heap_blocks_freed>true",
             "#0: event[leakcheck-only] all_heap_blocks_freed true"),
            ("<errors>2</errors>", "<errors>3</errors>",
             "#0: error_summary")):
        doc = p6(LEAKCHECK_XML)
        assert old in doc, old
        d = xmltest.compare(m, xmltest.procs([xmltest.parse_doc(
            doc.replace(old, new))]), "leakcheck")
        keys = [k for k, _ in d]
        assert any(k.startswith(want) for k in keys), (old, keys)
    # Order counts: the heap summary after the leak errors is a difference.
    moved = p6(LEAKCHECK_XML).replace(P6_SUMMARIES, "").replace(
        P6_LEAK_SUMMARY, P6_SUMMARIES + P6_LEAK_SUMMARY)
    d = xmltest.compare(m, xmltest.procs([xmltest.parse_doc(moved)]), "leakcheck")
    assert d, "a moved heap summary compares equal"
    # An error without its stack is a problem (the schema allows it only
    # for an inherited descriptor's FdNotClosed).
    f = xmltest.parse_doc(MEMCHECK_XML.replace(
        "</xwhat>\n  <stack>", "</xwhat>\n  <auxwhat>x</auxwhat>\n  <stack>"))
    assert f["stackless"] and "Leak_DefinitelyLost" in f["stackless"][0], f["stackless"]
    assert xmltest.parse_doc(MEMCHECK_XML)["stackless"] == []


def t_xml_expected_protocol():
    e = xmltest.expected_protocol
    assert e([], (3, 19)) == "4"
    assert e(["--track-fds=yes"], (3, 22)) == "4"
    assert e([], (3, 23)) == "4"
    assert e(["--track-fds=yes"], (3, 23)) == "5"
    assert e(["--track-fds=all"], (3, 25)) == "5"
    assert e(["--track-fds=yes", "--track-fds=no"], (3, 24)) == "4"
    assert e([], (3, 26)) == "6"
    assert e(["--track-fds=no"], (3, 27)) == "6"


def t_xml_schema_protocol6():
    import tempfile
    if not xmltest._xmllint:
        return
    with tempfile.TemporaryDirectory() as d:
        good = os.path.join(d, "good.xml")
        with open(good, "w") as f:
            f.write(p6(LEAKCHECK_XML))
        assert xmltest.validate(good) is None, xmltest.validate(good)
        for old, new in (("<protocolversion>6", "<protocolversion>7"),
                         ("<bytes>1,032</bytes>", "<bytes>1032 bytes</bytes>"),
                         ("<bytes>1,000 (+1,000)</bytes>", "<bytes>1,000 (1,000)</bytes>"),
                         ("<kind>stdstring</kind>", "<kind>string</kind>"),
                         ("<all_heap_blocks_freed>false", "<all_heap_blocks_freed>no"),
                         ("<errors>2</errors>", "<errors>two</errors>"),
                         ("</leak_summary>", "</leak_summary><leak_summary/>")):
            bad = os.path.join(d, "bad.xml")
            doc = p6(LEAKCHECK_XML)
            assert old in doc, old
            with open(bad, "w") as f:
                f.write(doc.replace(old, new))
            assert xmltest.validate(bad) is not None, "schema accepts " + new


def t_supp_entries():
    log = ("==1== Mismatched free() / delete / delete []\n==1== \n{\n"
           "   <insert_a_suppression_name_here>\n   Memcheck:Free\n"
           "   fun:free\n   fun:main\n}\n==1== \n")
    e = supptest.entries_from_log(log)
    assert e == ["{\n   <insert_a_suppression_name_here>\n   Memcheck:Free\n"
                 "   fun:free\n   fun:main\n}"], e
    x = supptest.entries_from_xml(MEMCHECK_XML)
    assert len(x) == 1 and "Memcheck:Free" in x[0] and x[0].startswith("{"), x
    assert "gen-1" in supptest.name_entries(e)
    assert supptest.norm_entry(x[0]) == supptest.norm_entry(
        x[0].replace("vgpreload_memcheck", "vgpreload_leakcheck"))


def t_tap_facts():
    out = ("1..3\nnot ok 1 - InvalidFree\nok 2 - InvalidRead\n"
           "not ok 3 - Leak_DefinitelyLost\n"
           "#   Failed test 'InvalidFree'\n#   at x line 1.\n#          got: 2\n"
           "#     expected: 0\n#   Failed test 'Leak_DefinitelyLost'\n"
           "#          got: 1\n")
    f = consumers.tap_facts(out)
    assert f == {"InvalidFree": ("not ok", 2), "InvalidRead": ("ok", 0),
                 "Leak_DefinitelyLost": ("not ok", 1)}, f

def t_version_ranges():
    v = (3, 24)
    assert lkt.version_in("3.21-", v) and lkt.version_in("-3.24", v)
    assert lkt.version_in("3.22-3.25", v) and lkt.version_in("3.24", v)
    assert not lkt.version_in("3.25-", v) and not lkt.version_in("-3.23", v)
    assert not lkt.version_in("3.27", v) and not lkt.version_in("3.19-3.23", v)
    assert lkt.version_tag("[3.21-] realloc-chain") == ("3.21-", "realloc-chain")
    assert lkt.version_tag("realloc-chain") == (None, "realloc-chain")
    for bad in ("[3.21- realloc", "[x.y-] p", "[3] p"):
        try:
            lkt.version_tag(bad)
        except ValueError:
            continue
        raise AssertionError("accepted %r" % bad)


def t_versioned_expectations():
    import tempfile
    saved = regtest.RDIR
    with tempfile.TemporaryDirectory() as d:
        regtest.RDIR = d
        try:
            for f in ("t.stderr.exp", "t.stderr.exp-3.21", "t.stderr.exp-3.27",
                      "t.stderr.exp-leakcheck"):
                open(os.path.join(d, f), "w").close()
            pick = lambda v: os.path.basename(regtest.versioned_exp("t", "stderr", v))
            assert pick((3, 19)) == "t.stderr.exp", pick((3, 19))
            assert pick((3, 20)) == "t.stderr.exp", pick((3, 20))
            assert pick((3, 21)) == "t.stderr.exp-3.21", pick((3, 21))
            assert pick((3, 26)) == "t.stderr.exp-3.21", pick((3, 26))
            assert pick((3, 27)) == "t.stderr.exp-3.27", pick((3, 27))
            assert pick((3, 29)) == "t.stderr.exp-3.27", pick((3, 29))
        finally:
            regtest.RDIR = saved


def t_versioned_vgtest_keys():
    import tempfile
    saved_dir, saved_v = regtest.RDIR, lkt._vg_version
    with tempfile.TemporaryDirectory() as d:
        regtest.RDIR = d
        try:
            with open(os.path.join(d, "t.vgtest"), "w") as f:
                f.write("prog: hello\nexitcode: 1\nexitcode@3.24: 0\n"
                        "exitcode@3.27: 2\n")
            for v, want in (((3, 19), "1"), ((3, 23), "1"), ((3, 24), "0"),
                            ((3, 26), "0"), ((3, 27), "2")):
                lkt._vg_version = v
                got = regtest.Test("t").get("exitcode")
                assert got == want, (v, got, want)
            with open(os.path.join(d, "bad.vgtest"), "w") as f:
                f.write("prog: hello\nexitcode@3: 0\n")
            assert regtest.Test("bad").error, "accepted a bad version"
        finally:
            regtest.RDIR, lkt._vg_version = saved_dir, saved_v


def t_pid_order_across_wrap():
    """Processes of one run keyed in creation order even when the PIDs
    wrap (pid_max 32768: a flaky xml:regtest/real-git paired git's
    processes wrongly under a busy CI)."""
    import xmltest
    saved = lkt._pid_max
    try:
        lkt._pid_max = lambda: 32768
        docs = [{"pid": str(p), "tags": []} for p in (12, 32760, 3, 32700)]
        got = [d["pid"] for d in xmltest.procs(docs).values()]
        assert got == ["32700", "32760", "3", "12"], got
        docs = [{"pid": str(p), "tags": []} for p in (900, 200, 500)]
        got = [d["pid"] for d in xmltest.procs(docs).values()]
        assert got == ["200", "500", "900"], got
        logs = {12: "==12== x\n", 32760: "==32760== y\n"}
        got = [p["pid"] for p in difftest.procs(logs, 12).values()]
        assert got == [32760, 12], got
    finally:
        lkt._pid_max = saved


def t_sarif_log_mask_pid_only_where_valgrind_prints_it():
    """A pid equal to the year (2026 in a fresh chroot) masked the
    copyright line of one log only: sarif/NAME/unchanged failed."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "lk.2026.log")
        with open(path, "w") as f:
            f.write("==2026== Copyright (C) 2026, the leakcheck authors\n"
                    "--2026-- Valgrind options:\n<pid>2026</pid>\n"
                    "==2026==   /usr/bin/vgdb --pid=2026 ...command...\n"
                    "==2026== reading from /tmp/vgdb-pipe-from-vgdb-to-2026"
                    "-by-???-on-???\n")
        got = sariftest.masked_log(path, 2026)
    want = ["==PID== Copyright (C) 2026, the leakcheck authors",
            "--PID-- Valgrind options:", "<pid>PID</pid>",
            "==PID==   /usr/bin/vgdb --pid=PID ...command...",
            "==PID== reading from /tmp/vgdb-pipe-from-vgdb-to-PID-by-???-on-???"]
    assert got == want, got


def t_catch2_filter_matching_nothing():
    """Catch2 v3 (Debian 13) exits with status 2 and an empty report when
    no test case matches the filters: that is no failure; a crash without
    a report, or an empty report without filters, still is."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        fake = os.path.join(d, "fake_unit")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\n"
                    "out=\n"
                    "while [ $# -gt 0 ]; do [ \"$1\" = -o ] && out=$2; shift; done\n"
                    "[ -n \"$FAKE_CRASH\" ] && exit 134\n"
                    "printf '<testsuites><testsuite name=\"x\" tests=\"0\"/>"
                    "</testsuites>' > \"$out\"\n"
                    "exit 2\n")
        os.chmod(fake, 0o755)
        saved = lkt.record, lkt.out
        got = []
        lkt.record = lambda *a, **k: got.append(a[0])
        lkt.out = lambda *a, **k: None
        try:
            assert catch2_results.main(["selftest-catch2", fake, "*nothing*"]) == 0, got
            assert got == [], got
            assert catch2_results.main(["selftest-catch2", fake]) == 1
            os.environ["FAKE_CRASH"] = "1"
            assert catch2_results.main(["selftest-catch2", fake, "*nothing*"]) == 1
        finally:
            os.environ.pop("FAKE_CRASH", None)
            lkt.record, lkt.out = saved


def t_synctree_copy_inside_a_checkout():
    """A tree copied into another checkout's ignored directory (a version
    copy in tests/out/versions) lists its own files: git ls-files there
    listed none, and the package test built from an empty copy."""
    import shutil
    import subprocess
    import tempfile
    import synctree
    if shutil.which("git") is None:
        # Without git no tree is a checkout and synctree always walks;
        # .ci/run installs git, so CI runs this.
        raise Skip("git missing (apt-get install git)")
    d = tempfile.mkdtemp()
    try:
        subprocess.run(["git", "init", "-q", d], check=True)
        with open(os.path.join(d, ".gitignore"), "w") as f:
            f.write("/out/\n")
        sub = os.path.join(d, "out", "copy")
        os.makedirs(os.path.join(sub, "debian"))
        for name in ("configure.ac", "debian/changelog"):
            with open(os.path.join(sub, name), "w") as f:
                f.write("x\n")
        got = sorted(synctree.source_files(sub))
        assert got == ["configure.ac", "debian/changelog"], got
    finally:
        shutil.rmtree(d)


class Skip(Exception):
    """A self-test whose prerequisite is missing (the reason)."""


def main():
    nfail = 0
    for name, fn in sorted(globals().items()):
        if name.startswith("t_") and callable(fn):
            try:
                fn()
                lkt.record("PASS", "harness/" + name[2:])
            except Skip as e:
                lkt.record("SKIP", "harness/" + name[2:], str(e))
            except AssertionError as e:
                nfail += 1
                lkt.record("FAIL", "harness/" + name[2:])
                lkt.out(lkt.indent(str(e)))
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
