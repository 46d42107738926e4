/*--------------------------------------------------------------------*/
/*--- leakcheck: SARIF 2.1.0 logs of the reported errors.          ---*/
/*---                                                  lk_sarif.cpp ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   --sarif-file=FILE (docs/sarif.md): every error the tool reports and
   every loss record it shows, plus the errors that suppressions hid,
   become results of one SARIF 2.1.0 run.  The glue (lk_sarif_glue.c)
   symbolises each stack and hands the result over as it is shown; this
   file turns it into JSON at once (so nothing of the error need live on)
   and, at the end of the run, writes the document: the tool with one
   rule per error kind, the invocation, the source files (artifacts) and
   the results.

   What is decided here:
     - rule ids are the XML <kind>s; the level comes from the kind
       (heap errors and definitely lost blocks "error", questionable
       calls and other leak kinds "warning", still reachable "note");
     - the location of a result is the innermost frame of its own stack
       that has source and is not in Valgrind's preload; every stack is
       a codeFlow (its frames a threadFlow, outermost first), and each
       auxiliary stack also a related location;
     - source paths under --sarif-srcroot are relative to uriBaseId
       SRCROOT, the others absolute file: URIs;
     - partialFingerprints["leakcheckStack/v1"] is a 64-bit FNV-1a hash
       of the kind and the (function, file) pairs of the stack's frames
       under the source root (if none, of its first four frames, file
       names without directories), then ":N" for the Nth result of the
       log with that hash: no address, size, line number, process id or
       absolute path, so it is the same on every run and machine while
       the code path stays the same;
     - occurrenceCount, how often an error occurred, is known only at the
       end (the glue counts the error manager's repeats): each result's
       JSON is kept up to its closing brace's offset, and the count goes
       there when the document is written, only when above 1.
*/

#include "lk_core_util.hpp"

namespace {

using lk::Vec;

/*------------------------------------------------------------*/
/*--- The rules                                            ---*/
/*------------------------------------------------------------*/

struct Rule {
   const char* id;
   const char* name;
   const char* level;
   const char* short_desc;
   const char* full_desc;
   const char* help;
   const char* tag;
};

const Rule kRules[] = {
   { "InvalidRead", "InvalidHeapRead", "error",
     "Invalid read of heap memory",
     "The program read memory outside any live heap block: before or "
     "after a block (in its redzone) or in a block already freed.",
     "Check the index or pointer arithmetic against the block's size, "
     "and that the block is not used after free() or delete.  The "
     "related locations say where the block was allocated and freed.",
     "heap-error" },
   { "InvalidWrite", "InvalidHeapWrite", "error",
     "Invalid write to heap memory",
     "The program wrote memory outside any live heap block: before or "
     "after a block (in its redzone) or in a block already freed.",
     "Check the index or pointer arithmetic against the block's size, "
     "and that the block is not used after free() or delete.  The "
     "related locations say where the block was allocated and freed.",
     "heap-error" },
   { "InvalidFree", "InvalidDeallocation", "error",
     "Invalid free() / delete / delete[] / realloc()",
     "A pointer that is not the start of a live heap block was freed: "
     "freed twice, never allocated, or pointing into a block.",
     "Free each block exactly once, with the pointer the allocator "
     "returned.  A related location says where the block was freed "
     "before.",
     "heap-error" },
   { "MismatchedFree", "MismatchedDeallocator", "error",
     "Mismatched free() / delete / delete []",
     "A block was released by a deallocator of another family than its "
     "allocator (malloc/free, new/delete, new[]/delete[]).",
     "Release the block with the function matching its allocator.",
     "heap-error" },
   { "MismatchedAllocateDeallocateSize", "MismatchedDeallocationSize",
     "error",
     "Mismatched size in a sized deallocation",
     "A sized delete (or free_sized) was given another size than the "
     "block was allocated with.",
     "Pass the size the block was allocated with.",
     "heap-error" },
   { "MismatchedAllocateDeallocateAlignment",
     "MismatchedDeallocationAlignment", "error",
     "Mismatched alignment in an aligned deallocation",
     "An aligned delete (or free_aligned_sized) was given another "
     "alignment than the block was allocated with.",
     "Pass the alignment the block was allocated with.",
     "heap-error" },
   { "SyscallParam", "UnaddressableSyscallBuffer", "error",
     "System call parameter points to unaddressable memory",
     "A buffer passed to a system call lies (partly) outside any live "
     "heap block.",
     "Check the buffer's size and lifetime against the call's length "
     "argument.",
     "heap-error" },
   { "Overlap", "OverlappingCopy", "error",
     "Source and destination overlap",
     "A memcpy, strcpy or similar function was called with overlapping "
     "source and destination, which is undefined behaviour.",
     "Use memmove, or separate buffers.",
     "heap-error" },
   { "ClientCheck", "ClientCheckFailed", "error",
     "Client check request found bad bytes",
     "A VALGRIND_CHECK_MEM_IS_ADDRESSABLE (or similar) request in the "
     "program found unaddressable bytes.",
     "See the program's own check at the location.",
     "heap-error" },
   { "InvalidMemPool", "UnknownMemoryPool", "error",
     "Illegal memory pool address",
     "A mempool client request named a pool that was never created.",
     "Create the pool with VALGRIND_CREATE_MEMPOOL before using it.",
     "heap-error" },
   { "FishyValue", "FishyAllocationSize", "warning",
     "Allocation size argument is fishy",
     "An allocation function got a size argument that is probably a "
     "negative number converted to an unsigned one.",
     "Check the computation of the size.",
     "allocator" },
   { "ReallocSizeZero", "ReallocOfSizeZero", "warning",
     "realloc() with size 0",
     "realloc() with a size of zero frees the block on some systems "
     "and returns a new one on others.",
     "Call free() to free a block; do not rely on realloc(p, 0).",
     "allocator" },
   { "InvalidAlignment", "InvalidAlignmentValue", "warning",
     "Invalid alignment value",
     "An aligned allocation function got an alignment that is not a "
     "power of two (or not a multiple of sizeof(void*)).",
     "Pass a valid alignment.",
     "allocator" },
   { "InvalidSizeAndAlignment", "InvalidSizeForAlignment", "warning",
     "Invalid size and alignment values",
     "aligned_alloc got a size that is not a multiple of the alignment, "
     "or an invalid alignment.",
     "Pass a size that is a multiple of a valid alignment.",
     "allocator" },
   { "InvalidSize", "ZeroSizeAllocation", "warning",
     "Invalid allocation size",
     "An allocation function got a size of zero, whose result is "
     "implementation-defined.",
     "Do not allocate zero bytes.",
     "allocator" },
   { "Leak_DefinitelyLost", "DefinitelyLost", "error",
     "Memory definitely lost",
     "No pointer to these heap blocks is left anywhere: they can never "
     "be freed.",
     "Free the blocks before the last pointer to them is lost.  The "
     "location is where they were allocated.",
     "leak" },
   { "Leak_IndirectlyLost", "IndirectlyLost", "warning",
     "Memory indirectly lost",
     "These heap blocks are pointed to only from lost blocks; they are "
     "lost because those are.",
     "Fixing the definitely lost blocks that point to these usually "
     "fixes these too.",
     "leak" },
   { "Leak_PossiblyLost", "PossiblyLost", "warning",
     "Memory possibly lost",
     "Only pointers into the middle of these heap blocks are left (an "
     "interior pointer): they may be lost.",
     "Keep a pointer to the start of each block, or free it.",
     "leak" },
   { "Leak_StillReachable", "StillReachable", "note",
     "Memory still reachable at exit",
     "These heap blocks were not freed, but a pointer to them was still "
     "held when the program ended.",
     "Usually harmless; free them at exit if a clean report matters.",
     "leak" },
};
const unsigned kNRules = sizeof kRules / sizeof kRules[0];

bool str_eq(const char* a, const char* b) {
   while (*a && *a == *b) { a++; b++; }
   return *a == *b;
}
size_t str_len(const char* s) { size_t n = 0; while (s[n]) n++; return n; }

/*------------------------------------------------------------*/
/*--- A growing text buffer and JSON                       ---*/
/*------------------------------------------------------------*/

struct Text {
   Vec<char> v;
   void init(const char* cc) { v.init(cc); }
   void raw(const char* s, size_t n) {
      v.reserve(v.size() + n + 1);
      for (size_t i = 0; i < n; i++) v.push_back(s[i]);
   }
   void raw(const char* s) { raw(s, str_len(s)); }
   void udec(uint64_t x) {
      char b[24]; int i = 23; b[i] = '\0';
      do { b[--i] = char('0' + x % 10); x /= 10; } while (x);
      raw(b + i);
   }
   void sdec(int64_t x) {
      if (x < 0) { raw("-"); udec(uint64_t(0) - uint64_t(x)); }
      else udec(uint64_t(x));
   }
   /* A JSON string: quotes, escapes, and any byte that is not part of
      valid UTF-8 as U+FFFD. */
   void jstr(const char* s) {
      static const char hex[] = "0123456789abcdef";
      raw("\"");
      const unsigned char* p = reinterpret_cast<const unsigned char*>(s);
      while (*p) {
         unsigned c = *p;
         if (c == '"' || c == '\\') { char e[2] = { '\\', char(c) }; raw(e, 2); p++; }
         else if (c == '\n') { raw("\\n"); p++; }
         else if (c == '\t') { raw("\\t"); p++; }
         else if (c == '\r') { raw("\\r"); p++; }
         else if (c < 0x20 || c == 0x7f) {
            char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
            raw(e, 6); p++;
         } else if (c < 0x80) { raw(reinterpret_cast<const char*>(p), 1); p++; }
         else {
            unsigned n = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 ? 2
                       : c >= 0xc2 && c <= 0xdf ? 1 : 0;
            if (c >= 0xf5) n = 0;
            bool ok = n > 0;
            for (unsigned k = 1; ok && k <= n; k++)
               ok = (p[k] & 0xc0) == 0x80;
            /* no overlong three/four-byte forms, no surrogates, <= U+10FFFF */
            if (ok && c == 0xe0 && p[1] < 0xa0) ok = false;
            if (ok && c == 0xed && p[1] >= 0xa0) ok = false;
            if (ok && c == 0xf0 && p[1] < 0x90) ok = false;
            if (ok && c == 0xf4 && p[1] >= 0x90) ok = false;
            if (ok) { raw(reinterpret_cast<const char*>(p), n + 1); p += n + 1; }
            else { raw("\\ufffd"); p++; }
         }
      }
      raw("\"");
   }
   void key(const char* k) { jstr(k); raw(":"); }
   /* "text": {"text": s} style message objects. */
   void message(const char* k, const char* s) {
      key(k); raw("{\"text\":"); jstr(s); raw("}");
   }
};

/* file: URI of an absolute path: bytes outside RFC 3986's unreserved
   set, '/' and a few sub-delimiters are percent-encoded. */
void uri_path(Text& t, const char* p, bool trailing_slash) {
   static const char hex[] = "0123456789ABCDEF";
   for (const unsigned char* q = reinterpret_cast<const unsigned char*>(p); *q; q++) {
      unsigned c = *q;
      bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                   || (c >= '0' && c <= '9') || c == '-' || c == '.'
                   || c == '_' || c == '~' || c == '/' || c == '+'
                   || c == ',' || c == '=' || c == '@' || c == ':';
      if (plain) { char b = char(c); t.raw(&b, 1); }
      else { char e[3] = { '%', hex[c >> 4], hex[c & 15] }; t.raw(e, 3); }
   }
   if (trailing_slash) t.raw("/");
}

/* The URI as a JSON string. */
void jstr_uri(Text& t, const char* prefix, const char* path, bool slash) {
   Text u; u.init("lk.sarif.uri");
   u.raw(prefix);
   uri_path(u, path, slash);
   u.raw("", 0);
   u.v.push_back('\0');
   t.jstr(u.v.data_);
   u.v.release();
}

/*------------------------------------------------------------*/
/*--- Paths                                                ---*/
/*------------------------------------------------------------*/

/* Appends s[0..n) to buf at *o (bounded). */
void put(char* buf, size_t cap, size_t* o, const char* s, size_t n) {
   for (size_t i = 0; i < n; i++) {
      if (*o + 1 < cap) buf[*o] = s[i];
      (*o)++;
   }
}

/* Normalises the path in[0..) into buf: "//" and "." segments go,
   ".." takes back the previous segment (never above the root; kept at
   the start of a relative path).  Returns the length it needed. */
size_t normalise(const char* in, char* buf, size_t cap) {
   const unsigned kMaxSeg = 256;
   size_t starts[kMaxSeg];
   bool   up[kMaxSeg];
   unsigned ns = 0;
   size_t o = 0;
   bool abs = in[0] == '/';
   if (abs) put(buf, cap, &o, "/", 1);
   const size_t base = o;
   const char* p = in;
   while (*p) {
      while (*p == '/') p++;
      const char* q = p;
      while (*q && *q != '/') q++;
      size_t n = size_t(q - p);
      if (n == 0) break;
      bool dot = n == 1 && p[0] == '.';
      bool dotdot = n == 2 && p[0] == '.' && p[1] == '.';
      if (dot) {
         /* nothing */
      } else if (dotdot && ns > 0 && !up[ns - 1]) {
         o = starts[--ns];
      } else if (dotdot && abs) {
         /* above the root: stays at the root */
      } else if (ns < kMaxSeg) {
         starts[ns] = o;
         up[ns] = dotdot;
         ns++;
         if (o > base) put(buf, cap, &o, "/", 1);
         put(buf, cap, &o, p, n);
      } else {
         put(buf, cap, &o, "/", 1);
         put(buf, cap, &o, p, n);
      }
      p = q;
   }
   if (o == 0) put(buf, cap, &o, ".", 1);
   if (cap > 0) buf[o < cap ? o : cap - 1] = '\0';
   return o;
}

const char* base_name(const char* p) {
   const char* b = p;
   for (; *p; p++) if (*p == '/') b = p + 1;
   return b;
}

/*------------------------------------------------------------*/
/*--- The log                                              ---*/
/*------------------------------------------------------------*/

/* Valgrind's own frames (malloc and friends in the preload) are no
   place to point a user at. */
bool is_valgrind_frame(const LK_SarifFrame& f) {
   if (f.obj) {
      const char* b = base_name(f.obj);
      const char* pre = "vgpreload_";
      size_t i = 0;
      while (pre[i] && b[i] == pre[i]) i++;
      if (!pre[i]) return true;
   }
   if (f.file) {
      const char* b = base_name(f.file);
      if (str_eq(b, "vg_replace_malloc.c") || str_eq(b, "vg_replace_strmem.c"))
         return true;
   }
   return false;
}

uint64_t fnv(uint64_t h, const char* s) {
   for (; *s; s++) { h ^= uint8_t(*s); h *= 0x100000001b3ULL; }
   return h;
}

}  // namespace

struct LK_Sarif {
   char*      srcroot;        /* normalised, no trailing '/'; or null */
   Text       results;        /* the results, comma-separated */
   unsigned   n_results;
   Vec<char*> artifacts;      /* their paths: relative (under srcroot) or absolute */
   Vec<char>  artifact_rel;   /* 1 if artifacts[i] is relative */
   Vec<uint64_t> hashes;      /* the fingerprint hash of each result */
   Vec<size_t> ends;          /* each result's closing '}' in results */
   Vec<uint64_t> occurrences; /* each result's occurrenceCount (1: none) */
};

namespace {

char* dup_str(const char* s) {
   size_t n = str_len(s);
   char* d = static_cast<char*>(lk::host_alloc("lk.sarif.str", n + 1));
   for (size_t i = 0; i <= n; i++) d[i] = s[i];
   return d;
}

const size_t kPathMax = 4096;

/* The artifact index of a source path (added if new). */
unsigned artifact_index(LK_Sarif* s, const char* path, bool rel) {
   for (unsigned i = 0; i < s->artifacts.size(); i++)
      if ((s->artifact_rel[i] != 0) == rel && str_eq(s->artifacts[i], path))
         return i;
   s->artifacts.push_back(dup_str(path));
   s->artifact_rel.push_back(rel ? 1 : 0);
   return unsigned(s->artifacts.size() - 1);
}

void artifact_location(Text& t, const char* path, bool rel, int index) {
   t.key("artifactLocation");
   t.raw("{\"uri\":");
   if (rel) {
      Text u; u.init("lk.sarif.uri");
      uri_path(u, path, false);
      u.v.push_back('\0');
      t.jstr(u.v.data_);
      u.v.release();
      t.raw(",\"uriBaseId\":\"SRCROOT\"");
   } else if (path[0] == '/') {
      jstr_uri(t, "file://", path, false);
   } else {
      /* a relative name without a directory: as it is */
      Text u; u.init("lk.sarif.uri");
      uri_path(u, path, false);
      u.v.push_back('\0');
      t.jstr(u.v.data_);
      u.v.release();
   }
   if (index >= 0) { t.raw(",\"index\":"); t.udec(unsigned(index)); }
   t.raw("}");
}

/* A location object for one frame. */
void frame_location(Text& t, LK_Sarif* s, const LK_SarifFrame& f,
                    const char* message, int id = -1) {
   t.raw("{");
   if (id >= 0) { t.raw("\"id\":"); t.udec(unsigned(id)); t.raw(","); }
   if (message) { t.message("message", message); t.raw(","); }
   t.key("physicalLocation");
   t.raw("{");
   if (f.file) {
      char buf[kPathMax];
      const char* rel = nullptr;
      int under = lk_sarif_path(s->srcroot, f.dir, f.file, buf, sizeof buf, &rel);
      const char* path = under ? rel : buf;
      unsigned idx = artifact_index(s, path, under != 0);
      artifact_location(t, path, under != 0, int(idx));
      if (f.line) {
         t.raw(",\"region\":{\"startLine\":");
         t.udec(f.line);
         t.raw("}");
      }
      t.raw(",");
   } else if (f.obj && f.obj[0] == '/') {
      t.key("artifactLocation");
      t.raw("{\"uri\":");
      jstr_uri(t, "file://", f.obj, false);
      t.raw("},");
   }
   t.raw("\"address\":{\"absoluteAddress\":");
   t.udec(f.ip);
   t.raw("}}");
   t.raw(",\"logicalLocations\":[{\"name\":");
   t.jstr(f.fn ? f.fn : "???");
   t.raw(",\"kind\":\"function\"}]}");
}

/* The frame a result points at: innermost with source outside
   Valgrind's preload; else innermost with source; else innermost. */
int primary_frame(const LK_SarifStack& st) {
   for (unsigned i = 0; i < st.n_frames; i++)
      if (st.frames[i].file && !is_valgrind_frame(st.frames[i])) return int(i);
   for (unsigned i = 0; i < st.n_frames; i++)
      if (st.frames[i].file) return int(i);
   return st.n_frames ? 0 : -1;
}

void thread_flow(Text& t, LK_Sarif* s, const LK_SarifStack& st, unsigned tid,
                 const char* label) {
   t.raw("{");
   t.message("message", label);
   t.raw(",\"threadFlows\":[{\"id\":\"");
   t.udec(tid);
   t.raw("\",\"locations\":[");
   /* outermost first: the order the calls were made in */
   for (unsigned k = 0; k < st.n_frames; k++) {
      const LK_SarifFrame& f = st.frames[st.n_frames - 1 - k];
      if (k) t.raw(",");
      t.raw("{\"location\":");
      frame_location(t, s, f, nullptr);
      t.raw(",\"nestingLevel\":");
      t.udec(k);
      if (f.obj) { t.raw(",\"module\":"); t.jstr(f.obj); }
      t.raw("}");
   }
   t.raw("]}]}");
}

}  // namespace

extern "C" {

const char* lk_sarif_level(const char* kind) {
   int i = lk_sarif_rule_index(kind);
   return i < 0 ? "warning" : kRules[i].level;
}

int lk_sarif_rule_index(const char* kind) {
   for (unsigned i = 0; i < kNRules; i++)
      if (str_eq(kRules[i].id, kind)) return int(i);
   return -1;
}

unsigned lk_sarif_n_rules(void) { return kNRules; }

const char* lk_sarif_rule_id(unsigned i) {
   return i < kNRules ? kRules[i].id : nullptr;
}

int lk_sarif_path(const char* srcroot, const char* dir, const char* file,
                  char* buf, size_t n, const char** rel) {
   char joined[kPathMax];
   size_t o = 0;
   if (file[0] != '/' && dir && dir[0]) {
      put(joined, sizeof joined, &o, dir, str_len(dir));
      put(joined, sizeof joined, &o, "/", 1);
   }
   put(joined, sizeof joined, &o, file, str_len(file));
   joined[o < sizeof joined ? o : sizeof joined - 1] = '\0';
   normalise(joined, buf, n);
   if (rel) *rel = nullptr;
   if (!srcroot || buf[0] != '/') return 0;
   size_t k = str_len(srcroot);
   if (k == 1 && srcroot[0] == '/') {          /* the root itself */
      if (buf[1] == '\0') return 0;
      if (rel) *rel = buf + 1;
      return 1;
   }
   for (size_t i = 0; i < k; i++)
      if (buf[i] != srcroot[i]) return 0;
   if (buf[k] != '/' || buf[k + 1] == '\0') return 0;
   if (rel) *rel = buf + k + 1;
   return 1;
}

LK_Sarif* lk_sarif_new(const char* srcroot) {
   LK_Sarif* s = static_cast<LK_Sarif*>(lk::host_alloc("lk.sarif", sizeof(LK_Sarif)));
   s->srcroot = nullptr;
   if (srcroot && srcroot[0] == '/') {
      char buf[kPathMax];
      normalise(srcroot, buf, sizeof buf);
      s->srcroot = dup_str(buf);
   }
   s->results.init("lk.sarif.results");
   s->n_results = 0;
   s->artifacts.init("lk.sarif.artifacts");
   s->artifact_rel.init("lk.sarif.artifacts");
   s->hashes.init("lk.sarif.hashes");
   s->ends.init("lk.sarif.ends");
   s->occurrences.init("lk.sarif.occurrences");
   return s;
}

void lk_sarif_free(LK_Sarif* s) {
   if (!s) return;
   for (unsigned i = 0; i < s->artifacts.size(); i++) lk::host_free(s->artifacts[i]);
   s->artifacts.release();
   s->artifact_rel.release();
   s->hashes.release();
   s->ends.release();
   s->occurrences.release();
   s->results.v.release();
   lk::host_free(s->srcroot);
   lk::host_free(s);
}

unsigned lk_sarif_count(const LK_Sarif* s) { return s->n_results; }

void lk_sarif_fingerprint(const LK_Sarif* s, const LK_SarifResult* r, char out[17]) {
   uint64_t h = 0xcbf29ce484222325ULL;
   h = fnv(h, r->kind);
   h = fnv(h, "\n");
   const LK_SarifStack* st = r->n_stacks ? &r->stacks[0] : nullptr;
   unsigned used = 0;
   if (st && s->srcroot) {
      for (unsigned i = 0; i < st->n_frames && used < 8; i++) {
         const LK_SarifFrame& f = st->frames[i];
         if (!f.file) continue;
         char buf[kPathMax];
         const char* rel = nullptr;
         if (!lk_sarif_path(s->srcroot, f.dir, f.file, buf, sizeof buf, &rel))
            continue;
         h = fnv(h, f.fn ? f.fn : "???");
         h = fnv(h, "\t");
         h = fnv(h, rel);
         h = fnv(h, "\n");
         used++;
      }
   }
   if (st && used == 0) {
      for (unsigned i = 0; i < st->n_frames && i < 4; i++) {
         const LK_SarifFrame& f = st->frames[i];
         h = fnv(h, f.fn ? f.fn : "???");
         h = fnv(h, "\t");
         h = fnv(h, f.file ? base_name(f.file) : f.obj ? base_name(f.obj) : "");
         h = fnv(h, "\n");
      }
   }
   static const char hex[] = "0123456789abcdef";
   for (int i = 0; i < 16; i++) out[i] = hex[(h >> (60 - 4 * i)) & 15];
   out[16] = '\0';
}

void lk_sarif_add(LK_Sarif* s, const LK_SarifResult* r) {
   Text& t = s->results;
   int rule = lk_sarif_rule_index(r->kind);
   if (s->n_results) t.raw(",\n");
   t.raw("{\"ruleId\":");
   t.jstr(r->kind);
   if (rule >= 0) { t.raw(",\"ruleIndex\":"); t.udec(unsigned(rule)); }
   t.raw(",\"level\":\"");
   t.raw(lk_sarif_level(r->kind));
   t.raw("\",");
   t.message("message", r->what);

   /* the location: the chosen frame of the error's own stack */
   t.raw(",\"locations\":[");
   if (r->n_stacks && primary_frame(r->stacks[0]) >= 0) {
      const LK_SarifStack& st = r->stacks[0];
      frame_location(t, s, st.frames[primary_frame(st)], nullptr);
   }
   t.raw("]");

   /* every stack, as a code flow */
   if (r->n_stacks) {
      t.raw(",\"codeFlows\":[");
      for (unsigned i = 0; i < r->n_stacks; i++) {
         if (i) t.raw(",");
         const char* label = r->stacks[i].text ? r->stacks[i].text : r->what;
         thread_flow(t, s, r->stacks[i], r->tid, label);
      }
      t.raw("]");
   }

   /* auxiliary stacks and notes, as related locations */
   if (r->n_stacks > 1 || r->n_notes) {
      t.raw(",\"relatedLocations\":[");
      unsigned id = 0;
      for (unsigned i = 1; i < r->n_stacks; i++) {
         const LK_SarifStack& st = r->stacks[i];
         int k = primary_frame(st);
         if (id) t.raw(",");
         if (k >= 0) {
            frame_location(t, s, st.frames[k], st.text ? st.text : "", int(id));
         } else {
            t.raw("{\"id\":");
            t.udec(id);
            t.raw(",");
            t.message("message", st.text ? st.text : "");
            t.raw("}");
         }
         id++;
      }
      for (unsigned i = 0; i < r->n_notes; i++) {
         if (id) t.raw(",");
         t.raw("{\"id\":");
         t.udec(id);
         t.raw(",");
         t.message("message", r->notes[i]);
         t.raw("}");
         id++;
      }
      t.raw("]");
   }

   /* the hash, and which result with that hash this is (1, 2, ...):
      two errors in one function differ by their order */
   char fp[17];
   lk_sarif_fingerprint(s, r, fp);
   uint64_t h = 0;
   for (int i = 0; i < 16; i++)
      h = h << 4 | uint64_t(fp[i] <= '9' ? fp[i] - '0' : fp[i] - 'a' + 10);
   unsigned occurrence = 1;
   for (size_t i = 0; i < s->hashes.size(); i++)
      if (s->hashes[i] == h) occurrence++;
   s->hashes.push_back(h);
   t.raw(",\"partialFingerprints\":{\"leakcheckStack/v1\":\"");
   t.raw(fp);
   t.raw(":");
   t.udec(occurrence);
   t.raw("\"}");

   if (r->suppressed) {
      t.raw(",\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\"");
      if (r->supp_name) {
         t.raw(",\"justification\":");
         Text j; j.init("lk.sarif.str");
         j.raw("Valgrind suppression \"");
         j.raw(r->supp_name);
         j.raw("\"");
         j.v.push_back('\0');
         t.jstr(j.v.data_);
         j.v.release();
         t.raw(",\"properties\":{\"suppressionName\":");
         t.jstr(r->supp_name);
         t.raw("}");
      }
      t.raw("}]");
   }

   t.raw(",\"properties\":{\"thread\":");
   t.udec(r->tid);
   if (r->is_leak) {
      t.raw(",\"leakedBytes\":");
      t.udec(r->leaked_bytes);
      t.raw(",\"leakedBlocks\":");
      t.udec(r->leaked_blocks);
   }
   t.raw("}");
   /* occurrenceCount, known at the end, goes before the closing brace */
   s->ends.push_back(t.v.size());
   s->occurrences.push_back(1);
   t.raw("}");
   s->n_results++;
}

void lk_sarif_set_occurrences(LK_Sarif* s, unsigned i, uint64_t n) {
   if (i < s->n_results)
      s->occurrences[i] = n;
}

void lk_sarif_write(const LK_Sarif* s, const LK_SarifInvocation* inv,
                    LK_SarifSink sink, void* opaque) {
   Text t; t.init("lk.sarif.out");
   t.raw("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\n"
         "\"version\":\"2.1.0\",\n\"runs\":[{\n\"tool\":{\"driver\":{"
         "\"name\":\"leakcheck\",\"fullName\":\"leakcheck, a memory leak and "
         "heap error detector (Valgrind tool)\"");
   if (inv->tool_version) { t.raw(",\"version\":"); t.jstr(inv->tool_version); }
   if (inv->valgrind_version) {
      t.raw(",\"properties\":{\"valgrindVersion\":");
      t.jstr(inv->valgrind_version);
      t.raw("}");
   }
   t.raw(",\n\"rules\":[");
   for (unsigned i = 0; i < kNRules; i++) {
      const Rule& r = kRules[i];
      t.raw(i ? ",\n" : "\n");
      t.raw("{\"id\":"); t.jstr(r.id);
      t.raw(",\"name\":"); t.jstr(r.name);
      t.raw(",");
      t.message("shortDescription", r.short_desc);
      t.raw(",");
      t.message("fullDescription", r.full_desc);
      t.raw(",");
      t.message("help", r.help);
      t.raw(",\"defaultConfiguration\":{\"level\":\"");
      t.raw(r.level);
      t.raw("\"},\"properties\":{\"tags\":[\"memory\",");
      t.jstr(r.tag);
      t.raw("]}}");
   }
   t.raw("]}},\n");

   /* the invocation */
   t.raw("\"invocations\":[{\"executionSuccessful\":true");
   if (inv->n_args) {
      t.raw(",\"commandLine\":");
      Text c; c.init("lk.sarif.str");
      for (unsigned i = 0; i < inv->n_args; i++) {
         if (i) c.raw(" ");
         /* quoted as a POSIX shell would need it */
         const char* a = inv->args[i];
         bool plain = a[0] != '\0';
         for (const char* p = a; *p; p++) {
            char ch = *p;
            if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
                  || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'
                  || ch == '.' || ch == '/' || ch == '=' || ch == ',' || ch == ':'
                  || ch == '%' || ch == '+' || ch == '@'))
               plain = false;
         }
         if (plain) c.raw(a);
         else {
            c.raw("'");
            for (const char* p = a; *p; p++) {
               if (*p == '\'') c.raw("'\\''");
               else c.raw(p, 1);
            }
            c.raw("'");
         }
      }
      c.v.push_back('\0');
      t.jstr(c.v.data_);
      c.v.release();
      t.raw(",\"arguments\":[");
      for (unsigned i = 1; i < inv->n_args; i++) {
         if (i > 1) t.raw(",");
         t.jstr(inv->args[i]);
      }
      t.raw("]");
   }
   if (inv->exit_known) { t.raw(",\"exitCode\":"); t.sdec(inv->exit_code); }
   if (inv->exit_signal > 0) {
      t.raw(",\"exitSignalNumber\":");
      t.udec(unsigned(inv->exit_signal));
   }
   if (inv->cwd && inv->cwd[0] == '/') {
      t.raw(",\"workingDirectory\":{\"uri\":");
      jstr_uri(t, "file://", inv->cwd, inv->cwd[1] != '\0');
      t.raw("}");
   }
   if (inv->pid > 0) { t.raw(",\"processId\":"); t.udec(unsigned(inv->pid)); }
   if (inv->ppid > 0) {
      t.raw(",\"properties\":{\"parentProcessId\":");
      t.udec(unsigned(inv->ppid));
      t.raw("}");
   }
   t.raw("}],\n");

   if (s->srcroot) {
      t.raw("\"originalUriBaseIds\":{\"SRCROOT\":{\"uri\":");
      jstr_uri(t, "file://", s->srcroot, !(s->srcroot[0] == '/' && s->srcroot[1] == '\0'));
      t.raw("}},\n");
   }
   t.raw("\"artifacts\":[");
   for (unsigned i = 0; i < s->artifacts.size(); i++) {
      t.raw(i ? ",\n" : "\n");
      t.raw("{\"location\":{\"uri\":");
      const char* p = s->artifacts[i];
      if (s->artifact_rel[i]) {
         Text u; u.init("lk.sarif.uri");
         uri_path(u, p, false);
         u.v.push_back('\0');
         t.jstr(u.v.data_);
         u.v.release();
         t.raw(",\"uriBaseId\":\"SRCROOT\"");
      } else if (p[0] == '/') {
         jstr_uri(t, "file://", p, false);
      } else {
         Text u; u.init("lk.sarif.uri");
         uri_path(u, p, false);
         u.v.push_back('\0');
         t.jstr(u.v.data_);
         u.v.release();
      }
      t.raw("},\"roles\":[\"resultFile\"]}");
   }
   t.raw("],\n\"results\":[\n");
   sink(opaque, t.v.data_, t.v.size());
   /* the results, each with its occurrenceCount if the error occurred
      more than once */
   size_t from = 0;
   for (unsigned i = 0; i < s->n_results; i++) {
      if (s->occurrences[i] <= 1) continue;
      sink(opaque, s->results.v.data_ + from, s->ends[i] - from);
      t.v.clear();
      t.raw(",\"occurrenceCount\":");
      t.udec(s->occurrences[i]);
      sink(opaque, t.v.data_, t.v.size());
      from = s->ends[i];
   }
   if (s->results.v.size() > from)
      sink(opaque, s->results.v.data_ + from, s->results.v.size() - from);
   t.v.clear();
   t.raw("\n]}]}\n");
   sink(opaque, t.v.data_, t.v.size());
   t.v.release();
}

}  // extern "C"

/*--------------------------------------------------------------------*/
/*--- end                                              lk_sarif.cpp ---*/
/*--------------------------------------------------------------------*/
