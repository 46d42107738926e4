// [sarif]: the SARIF log of lk_sarif.cpp (docs/sarif.md): JSON escaping,
// paths and URIs, rules and levels, fingerprints, and the document's
// fields.  tests/lib/sariftest.py checks real logs against the schema and
// the XML; these check the pieces on made-up results.
// SPDX-License-Identifier: GPL-2.0-or-later

#include "lk_catch.hpp"

#include "lk_core.h"

#include <cctype>
#include <cstring>
#include <string>
#include <vector>

namespace {

// A strict JSON well-formedness check (RFC 8259): returns true if s is
// one JSON value and nothing else.
struct JsonCheck {
   const char* p;
   const char* end;
   void ws() { while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')) p++; }
   bool lit(const char* w) {
      size_t n = std::strlen(w);
      if (size_t(end - p) < n || std::strncmp(p, w, n) != 0) return false;
      p += n;
      return true;
   }
   bool str() {
      if (p >= end || *p != '"') return false;
      p++;
      while (p < end && *p != '"') {
         unsigned char c = (unsigned char)*p;
         if (c < 0x20) return false;
         if (c == '\\') {
            p++;
            if (p >= end) return false;
            if (*p == 'u') {
               for (int i = 1; i <= 4; i++)
                  if (p + i >= end || !std::isxdigit((unsigned char)p[i])) return false;
               p += 5;
               continue;
            }
            if (!std::strchr("\"\\/bfnrt", *p)) return false;
         }
         p++;
      }
      if (p >= end) return false;
      p++;
      return true;
   }
   bool num() {
      const char* s = p;
      if (p < end && *p == '-') p++;
      if (p >= end || !std::isdigit((unsigned char)*p)) return false;
      if (*p == '0') p++;
      else while (p < end && std::isdigit((unsigned char)*p)) p++;
      return p > s;
   }
   bool value(int depth) {
      if (depth > 200) return false;
      ws();
      if (p >= end) return false;
      if (*p == '{') {
         p++; ws();
         if (p < end && *p == '}') { p++; return true; }
         for (;;) {
            ws();
            if (!str()) return false;
            ws();
            if (p >= end || *p != ':') return false;
            p++;
            if (!value(depth + 1)) return false;
            ws();
            if (p < end && *p == ',') { p++; continue; }
            if (p < end && *p == '}') { p++; return true; }
            return false;
         }
      }
      if (*p == '[') {
         p++; ws();
         if (p < end && *p == ']') { p++; return true; }
         for (;;) {
            if (!value(depth + 1)) return false;
            ws();
            if (p < end && *p == ',') { p++; continue; }
            if (p < end && *p == ']') { p++; return true; }
            return false;
         }
      }
      if (*p == '"') return str();
      if (*p == 't') return lit("true");
      if (*p == 'f') return lit("false");
      if (*p == 'n') return lit("null");
      return num();
   }
   static bool ok(const std::string& s) {
      JsonCheck j{s.data(), s.data() + s.size()};
      if (!j.value(0)) return false;
      j.ws();
      return j.p == j.end;
   }
};

void sink(void* opaque, const char* s, size_t n) {
   static_cast<std::string*>(opaque)->append(s, n);
}

struct Doc {
   std::vector<LK_SarifFrame> own, aux;
   std::vector<LK_SarifStack> stacks;
   LK_SarifResult r{};
   Doc(const char* kind, const char* what) {
      r.kind = kind;
      r.what = what;
      r.tid = 1;
   }
   void frame(std::vector<LK_SarifFrame>& v, const char* fn, const char* dir,
              const char* file, unsigned line, const char* obj, LK_Addr ip) {
      LK_SarifFrame f{};
      f.fn = fn; f.dir = dir; f.file = file; f.line = line; f.obj = obj; f.ip = ip;
      v.push_back(f);
   }
   const LK_SarifResult* get() {
      stacks.clear();
      if (!own.empty()) stacks.push_back({nullptr, own.data(), unsigned(own.size())});
      if (!aux.empty()) stacks.push_back({"Block was alloc'd at", aux.data(), unsigned(aux.size())});
      r.stacks = stacks.data();
      r.n_stacks = unsigned(stacks.size());
      return &r;
   }
};

LK_SarifInvocation invocation() {
   static const char* args[] = { "valgrind", "--tool=leakcheck", "./prog", "a b", "it's" };
   LK_SarifInvocation inv{};
   inv.tool_version = "1.2.3";
   inv.valgrind_version = "3.19";
   inv.args = args;
   inv.n_args = 5;
   inv.cwd = "/home/u/w d";
   inv.pid = 4242;
   inv.ppid = 17;
   inv.exit_known = 1;
   inv.exit_code = 3;
   return inv;
}

std::string write(LK_Sarif* s, const LK_SarifInvocation& inv) {
   std::string out;
   lk_sarif_write(s, &inv, sink, &out);
   return out;
}

std::string path(const char* root, const char* dir, const char* file, int* under,
                 std::string* rel) {
   char buf[4096];
   const char* r = nullptr;
   *under = lk_sarif_path(root, dir, file, buf, sizeof buf, &r);
   *rel = r ? r : "";
   return buf;
}

std::string fingerprint(LK_Sarif* s, Doc& d) {
   char fp[17];
   lk_sarif_fingerprint(s, d.get(), fp);
   return fp;
}

bool has(const std::string& s, const std::string& what) {
   return s.find(what) != std::string::npos;
}

}  // namespace

TEST_CASE("sarif: source paths are normalised and made relative to the source root", "[sarif]") {
   int u;
   std::string rel;
   CHECK(path("/src", "/src/app", "main.c", &u, &rel) == "/src/app/main.c");
   CHECK(u == 1);
   CHECK(rel == "app/main.c");
   CHECK(path("/src", "/src/app/./x/..//", "../lib/a.c", &u, &rel) == "/src/lib/a.c");
   CHECK((u == 1 && rel == "lib/a.c"));
   // an absolute file name ignores the directory
   CHECK(path("/src", "/elsewhere", "/src/b.c", &u, &rel) == "/src/b.c");
   CHECK(rel == "b.c");
   // a sibling whose name starts like the root is not under it
   CHECK(path("/src", "/srcx", "c.c", &u, &rel) == "/srcx/c.c");
   CHECK(u == 0);
   // the root itself is no file under it
   path("/src", nullptr, "/src", &u, &rel);
   CHECK(u == 0);
   // no root: never relative
   CHECK(path(nullptr, "/src", "d.c", &u, &rel) == "/src/d.c");
   CHECK(u == 0);
   // a relative name without a directory stays as it is
   CHECK(path("/src", nullptr, "include/x.h", &u, &rel) == "include/x.h");
   CHECK(u == 0);
   // ".." does not climb above "/", and leads a relative path
   CHECK(path(nullptr, "/", "../../e.c", &u, &rel) == "/e.c");
   CHECK(path(nullptr, nullptr, "../f/../g.c", &u, &rel) == "../g.c");
   CHECK(path("/", "/usr", "h.c", &u, &rel) == "/usr/h.c");
   CHECK((u == 1 && rel == "usr/h.c"));
}

TEST_CASE("sarif: every kind has a rule, and its level", "[sarif]") {
   const char* kinds[] = {
      "InvalidRead", "InvalidWrite", "InvalidFree", "MismatchedFree",
      "MismatchedAllocateDeallocateSize", "MismatchedAllocateDeallocateAlignment",
      "SyscallParam", "Overlap", "ClientCheck", "InvalidMemPool", "FishyValue",
      "ReallocSizeZero", "InvalidAlignment", "InvalidSizeAndAlignment", "InvalidSize",
      "Leak_DefinitelyLost", "Leak_IndirectlyLost", "Leak_PossiblyLost",
      "Leak_StillReachable" };
   CHECK(lk_sarif_n_rules() == sizeof kinds / sizeof kinds[0]);
   for (const char* k : kinds) {
      INFO(k);
      int i = lk_sarif_rule_index(k);
      REQUIRE(i >= 0);
      CHECK(std::string(lk_sarif_rule_id(unsigned(i))) == k);
   }
   CHECK(std::string(lk_sarif_level("InvalidRead")) == "error");
   CHECK(std::string(lk_sarif_level("Leak_DefinitelyLost")) == "error");
   CHECK(std::string(lk_sarif_level("Leak_IndirectlyLost")) == "warning");
   CHECK(std::string(lk_sarif_level("Leak_PossiblyLost")) == "warning");
   CHECK(std::string(lk_sarif_level("Leak_StillReachable")) == "note");
   CHECK(std::string(lk_sarif_level("FishyValue")) == "warning");
   CHECK(lk_sarif_rule_index("FdBadClose") == -1);
   CHECK(std::string(lk_sarif_level("FdBadClose")) == "warning");
   CHECK(lk_sarif_rule_id(lk_sarif_n_rules()) == nullptr);
}

TEST_CASE("sarif: fingerprints ignore lines, addresses and where the tree is", "[sarif]") {
   LK_Sarif* a = lk_sarif_new("/home/a/proj");
   LK_Sarif* b = lk_sarif_new("/build/b/checkout");
   Doc x("Leak_DefinitelyLost", "8 bytes in 1 blocks are definitely lost in loss record 1 of 2");
   x.frame(x.own, "malloc", nullptr, nullptr, 0, "/usr/lib/vgpreload_memcheck-amd64-linux.so", 0x4841000);
   x.frame(x.own, "mk", "/home/a/proj/src", "util.c", 12, "/home/a/proj/prog", 0x109000);
   x.frame(x.own, "main", "/home/a/proj/src", "main.c", 30, "/home/a/proj/prog", 0x109100);
   Doc y("Leak_DefinitelyLost", "16 bytes in 2 blocks are definitely lost in loss record 2 of 2");
   y.frame(y.own, "malloc", nullptr, nullptr, 0, "/lib/vgpreload_memcheck-amd64-linux.so", 0x5841000);
   y.frame(y.own, "mk", "/build/b/checkout/src", "util.c", 14, "/x/prog", 0x209000);
   y.frame(y.own, "main", "/build/b/checkout/src", "main.c", 31, "/x/prog", 0x209100);
   CHECK(fingerprint(a, x) == fingerprint(b, y));
   CHECK(fingerprint(a, x).size() == 16);
   // another function on the path, or another kind: another fingerprint
   Doc z = y;
   z.own[1].fn = "mk2";
   CHECK(fingerprint(b, z) != fingerprint(b, y));
   Doc k = y;
   k.r.kind = "Leak_PossiblyLost";
   CHECK(fingerprint(b, k) != fingerprint(b, y));
   // another file name: another fingerprint
   Doc f = y;
   f.own[1].file = "util2.c";
   CHECK(fingerprint(b, f) != fingerprint(b, y));
   // no frame under the root: the first four frames' names and base names
   LK_Sarif* c = lk_sarif_new(nullptr);
   Doc p = x, q = y;
   CHECK(fingerprint(c, p) == fingerprint(c, q));
   q.own[2].fn = "main2";
   CHECK(fingerprint(c, p) != fingerprint(c, q));
   lk_sarif_free(a);
   lk_sarif_free(b);
   lk_sarif_free(c);
}

TEST_CASE("sarif: the document", "[sarif]") {
   LK_Sarif* s = lk_sarif_new("/src/proj/");
   Doc e("InvalidFree", "Invalid free() / delete / delete[] / realloc()");
   e.frame(e.own, "free", nullptr, nullptr, 0, "/usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so", 0x484417b);
   e.frame(e.own, "main", "/src/proj", "a b#c\xc3\xa9.c", 9, "/src/proj/prog", 0x109181);
   e.aux = e.own;
   e.aux[1].line = 5;
   lk_sarif_add(s, e.get());
   Doc l("Leak_StillReachable", "q\"uote\\ tab\t nl\n ctl\x01 bad\xff\xc3 ok\xe2\x82\xac");
   l.frame(l.own, "main", "/usr/include", "stdio.h", 7, "/src/proj/prog", 0x10);
   l.r.is_leak = 1;
   l.r.leaked_bytes = 24;
   l.r.leaked_blocks = 1;
   l.r.suppressed = 1;
   l.r.supp_name = "my \"supp\"";
   lk_sarif_add(s, l.get());
   lk_sarif_add(s, e.get());   // the same error again: fingerprint :2
   CHECK(lk_sarif_count(s) == 3);
   LK_SarifInvocation inv = invocation();
   std::string out = write(s, inv);
   INFO(out);
   REQUIRE(JsonCheck::ok(out));
   CHECK(has(out, "\"version\":\"2.1.0\""));
   CHECK(has(out, "\"originalUriBaseIds\":{\"SRCROOT\":{\"uri\":\"file:///src/proj/\"}}"));
   // percent-encoded relative URI, in the artifacts once, index 0
   CHECK(has(out, "\"uri\":\"a%20b%23c%C3%A9.c\",\"uriBaseId\":\"SRCROOT\",\"index\":0"));
   CHECK(has(out, "\"artifacts\":[\n{\"location\":{\"uri\":\"a%20b%23c%C3%A9.c\",\"uriBaseId\":\"SRCROOT\"}"));
   CHECK(has(out, "{\"location\":{\"uri\":\"file:///usr/include/stdio.h\"},\"roles\":[\"resultFile\"]}"));
   // the location is main's line, not the preload's free
   CHECK(has(out, "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"a%20b%23c%C3%A9.c\",\"uriBaseId\":\"SRCROOT\",\"index\":0},\"region\":{\"startLine\":9}"));
   // the auxiliary stack: a code flow and a related location with an id
   CHECK(has(out, "\"relatedLocations\":[{\"id\":0,\"message\":{\"text\":\"Block was alloc'd at\"}"));
   CHECK(has(out, "{\"message\":{\"text\":\"Block was alloc'd at\"},\"threadFlows\":[{\"id\":\"1\""));
   // escaping: quotes, backslash, tab, newline, control byte, bad UTF-8
   CHECK(has(out, "\"text\":\"q\\\"uote\\\\ tab\\t nl\\n ctl\\u0001 bad\\ufffd\\ufffd ok\xe2\x82\xac\""));
   // levels, rule index, leak sizes, suppression
   CHECK(has(out, "\"ruleId\":\"Leak_StillReachable\",\"ruleIndex\":18,\"level\":\"note\""));
   CHECK(has(out, "\"ruleId\":\"InvalidFree\",\"ruleIndex\":2,\"level\":\"error\""));
   CHECK(has(out, "\"leakedBytes\":24,\"leakedBlocks\":1"));
   CHECK(has(out, "\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\",\"justification\":\"Valgrind suppression \\\"my \\\"supp\\\"\\\"\",\"properties\":{\"suppressionName\":\"my \\\"supp\\\"\"}}]"));
   // the repeated error: same hash, numbered
   size_t f1 = out.find("\"leakcheckStack/v1\":\"");
   REQUIRE(f1 != std::string::npos);
   std::string h = out.substr(f1 + 21, 16);
   CHECK(has(out, h + ":1\""));
   CHECK(has(out, h + ":2\""));
   // the invocation
   CHECK(has(out, "\"commandLine\":\"valgrind --tool=leakcheck ./prog 'a b' 'it'\\\\''s'\""));
   CHECK(has(out, "\"arguments\":[\"--tool=leakcheck\",\"./prog\",\"a b\",\"it's\"]"));
   CHECK(has(out, "\"exitCode\":3"));
   CHECK(has(out, "\"workingDirectory\":{\"uri\":\"file:///home/u/w%20d/\"}"));
   CHECK(has(out, "\"processId\":4242"));
   CHECK(has(out, "\"parentProcessId\":17"));
   // every rule with its texts
   CHECK(has(out, "{\"id\":\"Leak_DefinitelyLost\",\"name\":\"DefinitelyLost\",\"shortDescription\":{\"text\":"));
   // exit status unknown (a signal): no exitCode; no root: no base ids
   inv.exit_known = 0;
   inv.exit_signal = 11;
   LK_Sarif* t = lk_sarif_new(nullptr);
   lk_sarif_add(t, e.get());
   std::string out2 = write(t, inv);
   REQUIRE(JsonCheck::ok(out2));
   CHECK_FALSE(has(out2, "exitCode"));
   CHECK(has(out2, "\"exitSignalNumber\":11"));
   CHECK_FALSE(has(out2, "originalUriBaseIds"));
   CHECK(has(out2, "\"uri\":\"file:///src/proj/a%20b%23c%C3%A9.c\",\"index\":0"));
   lk_sarif_free(s);
   lk_sarif_free(t);
}

TEST_CASE("sarif: occurrenceCount only for results that occurred more than once", "[sarif]") {
   LK_Sarif* s = lk_sarif_new(nullptr);
   Doc e("InvalidRead", "Invalid read of size 4");
   e.frame(e.own, "main", "/src", "a.c", 3, "/src/prog", 0x1000);
   Doc l("Leak_DefinitelyLost", "8 bytes in 1 blocks are definitely lost in loss record 1 of 1");
   l.frame(l.own, "main", "/src", "a.c", 4, "/src/prog", 0x1010);
   l.r.is_leak = 1;
   lk_sarif_add(s, e.get());
   lk_sarif_add(s, l.get());
   lk_sarif_add(s, e.get());
   LK_SarifInvocation inv = invocation();
   std::string none = write(s, inv);
   REQUIRE(JsonCheck::ok(none));
   CHECK_FALSE(has(none, "occurrenceCount"));
   lk_sarif_set_occurrences(s, 0, 7);
   lk_sarif_set_occurrences(s, 1, 1);            // once: left out
   lk_sarif_set_occurrences(s, 2, 123456789012ULL);
   lk_sarif_set_occurrences(s, 3, 5);            // no such result: ignored
   std::string out = write(s, inv);
   INFO(out);
   REQUIRE(JsonCheck::ok(out));
   // in the result it belongs to, after its properties
   size_t r0 = out.find("{\"ruleId\":\"InvalidRead\"");
   size_t r1 = out.find("{\"ruleId\":\"Leak_DefinitelyLost\"");
   size_t r2 = out.find("{\"ruleId\":\"InvalidRead\"", r0 + 1);
   size_t c0 = out.find(",\"occurrenceCount\":7}");
   size_t c2 = out.find(",\"occurrenceCount\":123456789012}");
   REQUIRE((r0 != std::string::npos && r1 != std::string::npos && r2 != std::string::npos));
   CHECK((c0 > r0 && c0 < r1));
   CHECK(c2 > r2);
   CHECK(out.find("occurrenceCount", r1) == c2 + 2);
   CHECK(has(out, "\"properties\":{\"thread\":1},\"occurrenceCount\":7}"));
   lk_sarif_free(s);
}

TEST_CASE("sarif: an empty log is valid JSON", "[sarif]") {
   LK_Sarif* s = lk_sarif_new(nullptr);
   LK_SarifInvocation inv{};
   std::string out = write(s, inv);
   REQUIRE(JsonCheck::ok(out));
   CHECK(has(out, "\"results\":[\n\n]"));
   CHECK(has(out, "\"artifacts\":[]"));
   CHECK(JsonCheck::ok("{\"a\":[1,2,{}]}"));
   CHECK_FALSE(JsonCheck::ok("{\"a\":[1,2,]}"));
   CHECK_FALSE(JsonCheck::ok("{\"a\":\"\x01\"}"));
   lk_sarif_free(s);
}
