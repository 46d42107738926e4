/*--------------------------------------------------------------------*/
/*--- leakcheck: the boundary between the C glue and the core.     ---*/
/*---                                                    lk_core.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck, a Valgrind tool that finds memory
   leaks and heap errors.  SPDX-License-Identifier: GPL-2.0-or-later

   Everything that crosses between the Valgrind glue (lk_*.c) and the
   freestanding C++ core (lk_*.cpp) is declared here, and nothing else
   does: blocks, ranges, stack handles and options go in; classified
   blocks, loss records and formatted text come out.  The core never
   includes a Valgrind header and never symbolises a stack; the glue
   never looks inside the core's data structures.

   The same core sources are compiled twice: with the tool's flags into
   leakcheck-amd64-linux, and natively (with ASan/UBSan) into the Catch2
   unit tests, where tests/unit/host_shim.cpp provides LK_Host.
*/

#ifndef LK_CORE_H
#define LK_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t LK_Addr;

/* An opaque allocation-stack handle.  In the tool it is an ExeContext*.
   The core only compares handles for identity, and (like Memcheck's
   cmp_LossRecords) uses their numeric value as the last sort
   tie-break.  0 is never passed for a real stack. */
typedef uint64_t LK_StackId;

/*------------------------------------------------------------*/
/*--- Host services (filled in by the glue or the tests)   ---*/
/*------------------------------------------------------------*/

/* What the multipleinheritance heuristic needs to know about the
   mapping that holds an address (Memcheck asks aspacemgr). */
typedef struct {
   LK_Addr  start;
   LK_Addr  end;        /* inclusive, as NSegment.end */
   unsigned flags;      /* LK_SEG_* */
} LK_SegInfo;

#define LK_SEG_FILE  1u  /* a client file mapping (SkFileC) */
#define LK_SEG_R     2u  /* readable */
#define LK_SEG_W     4u  /* writable */
#define LK_SEG_T     8u  /* code has been translated from it (hasT) */

typedef struct {
   /* Memory for the core's own tables.  Never returns NULL: the tool
      aborts on exhaustion as VG_(malloc) does.  'cc' is a cost-centre
      string ("lk.leak.1"). */
   void* (*alloc)(const char* cc, size_t szB);
   void  (*dealloc)(void* p);
   /* Fault-safe read of the 8-byte word at 8-aligned 'a' of client
      memory.  Returns 1 and stores it in *out, or 0 if it could not be
      read.  Used for the heuristics only, never for the main scan. */
   int   (*read_word)(LK_Addr a, uint64_t* out);
   /* Describes the mapping containing 'a'.  Returns 0 if 'a' is not in
      a client mapping. */
   int   (*segment_at)(LK_Addr a, LK_SegInfo* out);
   /* Does not return. */
   void  (*assert_fail)(const char* expr, const char* file, int line);
} LK_Host;

/* Must be called once before anything else (from pre_clo_init, or from
   the test main).  The host struct must outlive the core. */
void lk_core_init(const LK_Host* host);

/*------------------------------------------------------------*/
/*--- Options of a leak search                             ---*/
/*------------------------------------------------------------*/

/* Reachedness, in Memcheck's order (mc_include.h).  The order decides
   how equally-sized loss records are sorted: do not change it. */
typedef enum {
   LK_Reachable    = 0,   /* "still reachable" */
   LK_Possible     = 1,   /* "possibly lost" */
   LK_IndirectLeak = 2,   /* "indirectly lost" */
   LK_Unreached    = 3    /* "definitely lost" */
} LK_State;

/* Sets of kinds: bit (1u << LK_State). */
#define LK_KIND_BIT(s)  (1u << (unsigned)(s))
#define LK_KINDS_ALL    0xFu
#define LK_KINDS_DEFAULT (LK_KIND_BIT(LK_Unreached) | LK_KIND_BIT(LK_Possible))

/* Heuristics, in Memcheck's order; sets are bits (1u << h). */
typedef enum {
   LK_HeurNone                = 0,
   LK_HeurStdString           = 1,
   LK_HeurLength64            = 2,
   LK_HeurNewArray            = 3,
   LK_HeurMultipleInheritance = 4,
   LK_N_HEURISTICS            = 5
} LK_Heuristic;
#define LK_HEUR_BIT(h)  (1u << (unsigned)(h))
#define LK_HEURS_ALL    (LK_HEUR_BIT(1) | LK_HEUR_BIT(2) | LK_HEUR_BIT(3) \
                         | LK_HEUR_BIT(4))

typedef enum { LK_LeakOff = 0, LK_LeakSummary = 1, LK_LeakFull = 2 } LK_LeakMode;

typedef enum {
   LK_DeltaAny       = 0,  /* exit search, VALGRIND_DO_LEAK_CHECK */
   LK_DeltaIncreased = 1,  /* VALGRIND_DO_ADDED_LEAK_CHECK */
   LK_DeltaChanged   = 2,  /* VALGRIND_DO_CHANGED_LEAK_CHECK */
   LK_DeltaNew       = 3   /* records new since the previous search */
} LK_Delta;

/* The Valgrind version whose Memcheck the words follow, as
   major * 100 + minor (319 for 3.19, 327 for 3.27).  The glue passes the
   version of the headers it is built with (lk_vgcore.h's LK_VG_VERSION,
   which is the version that runs it); the unit tests pass each version
   in turn.  What depends on it (docs/compatibility.md, "Valgrind
   versions"):
     LK_VG_NEW_MARKER    (3.21) a delta search (increased, changed, new)
                         marks a record that had no blocks in the
                         previous search: "... in new loss record 7 of 9";
     LK_VG_XML_SUMMARIES (3.26) XML documents (protocol 6) carry
                         <heap_summary>, <all_heap_blocks_freed> and
                         <leak_summary>, which older versions leave out. */
#define LK_VG_NEW_MARKER     321u
#define LK_VG_XML_SUMMARIES  326u

typedef struct {
   LK_LeakMode mode;
   unsigned    show_kinds;      /* --show-leak-kinds */
   unsigned    error_kinds;     /* --errors-for-leak-kinds */
   unsigned    heuristics;      /* --leak-check-heuristics */
   LK_Delta    delta;
   uint32_t    max_records;     /* monitor "limited N"; UINT32_MAX = all */
   int         by_monitor;      /* wording of the hint lines */
   unsigned    vg_version;      /* wording: see LK_VG_NEW_MARKER */
} LK_LeakParams;

/*------------------------------------------------------------*/
/*--- The leak search                                      ---*/
/*------------------------------------------------------------*/

/* One LK_Leak lives for the whole run: loss records persist between
   searches so that delta searches can report increases. */
typedef struct LK_Leak LK_Leak;

LK_Leak* lk_leak_new(void);

/* Block flags given to lk_leak_add_block. */
#define LK_BLOCK_CUSTOM    1u   /* MALLOCLIKE_BLOCK or mempool chunk */
#define LK_BLOCK_METAPOOL  2u   /* chunk of a metapool */

/* Phase 1: the block set.  'group' is the stack handle under
   --leak-resolution (identical to 'alloc_at' for high resolution; the
   glue maps stacks that are equal at low/med resolution to one
   representative).  Blocks may be added in any order. */
void lk_leak_begin(LK_Leak* lc, size_t n_blocks_hint, unsigned heuristics);
void lk_leak_add_block(LK_Leak* lc, LK_Addr start, uint64_t szB,
                       LK_StackId alloc_at, LK_StackId group,
                       unsigned flags);

/* Sorts the blocks and applies Memcheck's overlap rules (a custom block
   inside a malloc block hides the malloc block; metapool chunks may
   overlap their meta block).  Returns the number of blocks taking part.
   On an inappropriate overlap it returns (size_t)-1 and fills *bad_a
   and *bad_b with the two blocks, for the glue's fatal message. */
typedef struct { LK_Addr start; uint64_t szB; LK_StackId alloc_at; } LK_BlockRef;
size_t lk_leak_prepare(LK_Leak* lc, LK_BlockRef* bad_a, LK_BlockRef* bad_b);

/* Optional, after lk_leak_prepare: start tags, which let the marking
   recognise a pointer to a block's start from the 16 bytes just below
   it instead of looking the block up.  The glue promises that those 16
   bytes of every block without LK_BLOCK_CUSTOM belong to no other block
   and to no root range, and are the core's to overwrite until the next
   lk_leak_begin (Valgrind's arena redzone: at least 16 bytes unless
   --redzone-size is below 16).  'key' should differ between searches.
   lk_leak_tags_begin returns 0 when tags cannot be used (overlapping
   blocks, a heap spanning 4 GiB or more).  lk_leak_tags_write writes
   client memory directly; if a write faults the glue longjmps out and
   calls lk_leak_tags_skip, then lk_leak_tags_write again.  The results
   of the search are the same with tags or without. */
int    lk_leak_tags_begin(LK_Leak* lc, uint64_t key);
void   lk_leak_tags_write(LK_Leak* lc);
void   lk_leak_tags_skip(LK_Leak* lc);
size_t lk_leak_n_tagged(const LK_Leak* lc);

/* Phase 2: marking.  The glue scans every root range first (segments in
   address order), then every register value, then drains the mark
   stack; this is Memcheck's order and the heuristic tags depend on it.

     lk_leak_set_root_context(lc);
     for each root range [s,e):  SCAN(s, e)
     for each GP register value v:  lk_leak_root_value(lc, v)
     while (lk_leak_pop(lc, &s, &e))  SCAN(s, e)
     lk_leak_begin_cliques(lc);
     while (lk_leak_next_clique(lc))
        while (lk_leak_pop(lc, &s, &e))  SCAN(s, e)

   where SCAN(s, e) calls lk_leak_scan(lc, s, e) under a fault catcher.
   lk_leak_scan reads client memory directly, one aligned word at a
   time, and commits all its effects before each read, so the glue may
   longjmp out of it when a read faults at address F and resume with
   lk_leak_scan(lc, F + 8, e) (Memcheck skips one word per fault). */
void lk_leak_set_root_context(LK_Leak* lc);
void lk_leak_scan(LK_Leak* lc, LK_Addr start, LK_Addr end);
void lk_leak_root_value(LK_Leak* lc, uint64_t value);
int  lk_leak_pop(LK_Leak* lc, LK_Addr* start, LK_Addr* end);
/* The fast form of "while (lk_leak_pop(...)) SCAN(...)": pops and scans
   blocks until the mark stack is empty, under one fault catcher.  If a
   read faults at address F the glue longjmps out and calls
   lk_leak_drain_resume(lc, F), which skips that word, finishes the
   block and goes on draining (and may fault again in the same way). */
void lk_leak_drain(LK_Leak* lc);
void lk_leak_drain_resume(LK_Leak* lc, LK_Addr fault_addr);
void lk_leak_begin_cliques(LK_Leak* lc);
int  lk_leak_next_clique(LK_Leak* lc);
/* Bytes of memory examined by lk_leak_scan in this search ("Checked N
   bytes" at -v). */
uint64_t lk_leak_scanned_bytes(const LK_Leak* lc);

/* Phase 3: loss records.  Groups the blocks by (state, group), merges
   with the records of previous searches (for deltas), sorts them as
   Memcheck's cmp_LossRecords does and returns how many there are.
   Records are numbered 1..n in that order. */
size_t lk_leak_make_records(LK_Leak* lc);

typedef struct {
   LK_State   state;
   LK_StackId alloc_at;      /* stack of the lowest-addressed block */
   uint64_t   szB;           /* direct bytes */
   uint64_t   indirect_szB;  /* definitely lost records only */
   uint64_t   n_blocks;
   uint64_t   old_szB, old_indirect_szB, old_n_blocks; /* previous search */
} LK_LossRecord;

const LK_LossRecord* lk_leak_record(const LK_Leak* lc, size_t i);

/* Whether record i is printed and counted as an error, per
   --show-leak-kinds, --errors-for-leak-kinds, mode and delta
   (Memcheck's get_printing_rules). */
void lk_leak_record_rules(const LK_Leak* lc, size_t i,
                          const LK_LeakParams* p,
                          int* print_record, int* count_as_error);

/* After the glue has offered record i to the error manager: */
void lk_leak_record_suppressed(LK_Leak* lc, size_t i, int suppressed);

/* Totals of the last search, as LEAK SUMMARY and VALGRIND_COUNT_LEAKS
   see them. */
typedef struct {
   uint64_t bytes[4];      /* by LK_State: direct bytes, unsuppressed */
   uint64_t blocks[4];
   uint64_t bytes_suppressed, blocks_suppressed;
   uint64_t heur_bytes[LK_N_HEURISTICS];   /* reachable via heuristic */
   uint64_t heur_blocks[LK_N_HEURISTICS];
} LK_LeakTotals;

/* Computes this search's totals from records first_record..n-1 and
   their suppression flags (first_record is 0 unless the monitor's
   "limited N" made the glue skip the smallest records, which Memcheck
   then leaves out of the totals too).  The previous totals are kept for
   delta printing. */
void lk_leak_finish(LK_Leak* lc, size_t first_record);
const LK_LeakTotals* lk_leak_totals(const LK_Leak* lc);
const LK_LeakTotals* lk_leak_old_totals(const LK_Leak* lc);

/* A search that found no blocks at all forgets the record history, as
   Memcheck does ("All heap blocks were freed"). */
void lk_leak_forget(LK_Leak* lc);

/* Per-block results of the last search, for block_list and tests.
   Valid until the next lk_leak_begin. */
typedef struct {
   LK_Addr    start;
   uint64_t   szB;
   LK_StackId alloc_at;
   LK_State   state;
   LK_Heuristic heuristic;   /* reachable via this heuristic, or None */
   uint64_t   indirect_szB;  /* clique leaders */
   int64_t    clique;        /* IndirectLeak: index of its clique, else -1 */
   size_t     record;        /* index of its loss record */
} LK_BlockResult;
size_t lk_leak_n_blocks(const LK_Leak* lc);
void   lk_leak_block(const LK_Leak* lc, size_t i, LK_BlockResult* out);

/* For the monitor's who_points_at: the block of the last search that
   'ptr' points into (zero-sized blocks count as one byte).  Returns 1
   and its index in *i, or 0. */
int lk_leak_find(const LK_Leak* lc, LK_Addr ptr, size_t* i);
/* The same lookup during a search, from lk_leak_prepare on: the start and
   size of the block 'ptr' points into.  Returns 1, or 0 if none. */
int lk_leak_block_at(const LK_Leak* lc, LK_Addr ptr, LK_Addr* start,
                     uint64_t* szB);
/* Whether heuristic h alone would accept interior pointer 'ptr' into
   block i of the last search (it reads the block's words through
   read_word). */
int lk_leak_heuristic_accepts(const LK_Leak* lc, size_t i, LK_Addr ptr,
                              LK_Heuristic h);

/*------------------------------------------------------------*/
/*--- Leak origins (lk_lost.cpp)                         ---*/
/*------------------------------------------------------------*/

/* With --track-leak-origins=yes the glue records, for the heap
   pointers that leave memory, what removed them (lk_origin.c); after
   lk_leak_make_records the core picks, for each definitely lost block,
   the event that removed the last pointer to it, and sums them up per
   loss record.  What removed a pointer: */
typedef enum {
   LK_ORIG_NONE        = 0,   /* nothing known (or nothing to say) */
   LK_ORIG_OVERWRITTEN = 1,   /* a store (or a system call) over it */
   LK_ORIG_FREED       = 2,   /* the block holding it was freed */
   LK_ORIG_FRAME       = 3,   /* the stack pointer rose over it */
   LK_ORIG_UNMAPPED    = 4,   /* its memory was unmapped */
   LK_ORIG_THREAD      = 5,   /* its thread exited */
   LK_ORIG_INDIRECT    = 6,   /* results only: lost with another record */
   LK_ORIG_RETURNED    = 7,   /* never stored: returned in a register */
   LK_ORIG_N           = 8
} LK_OriginKind;

/* One event as the glue has it.  seq orders events (0: none); site is
   the glue's name of the event's stack (0 with LK_ORIG_RETURNED: the
   block's allocation stack). */
typedef struct {
   uint64_t      seq;
   LK_OriginKind kind;
   uint64_t      site;
} LK_OriginEvent;

/* Gives the latest event that removed a pointer into [start, start+szB)
   from memory (*mem, kind NONE if none), and the return that handed out
   a pointer to it before any such event (*ret, kind NONE if none). */
typedef void (*LK_OriginLookup)(void* opaque, LK_Addr start, uint64_t szB,
                                LK_OriginEvent* mem, LK_OriginEvent* ret);

/* What a loss record (or one block) says about its origin. */
typedef struct {
   LK_OriginKind kind;         /* NONE: say nothing */
   int           cycle;        /* the event cut the last pointer into a
                                  cycle of lost blocks this block is in */
   uint64_t      site;         /* as in LK_OriginEvent */
   uint64_t      seq;
   uint64_t      n_same;       /* blocks of the record with this origin */
   uint64_t      n_blocks;     /* blocks of the record */
   size_t        head_record;  /* LK_ORIG_INDIRECT: index of the record of
                                  the definitely lost block they hang on */
} LK_RecordOrigin;

/* After lk_leak_make_records: computes the origins of this search's
   definitely and indirectly lost blocks and records, asking lookup for
   the events of each lost block. */
void lk_leak_origins(LK_Leak* lc, LK_OriginLookup lookup, void* opaque);
/* Record i's origin (kind NONE for records of other kinds, or before
   lk_leak_origins). */
const LK_RecordOrigin* lk_leak_record_origin(const LK_Leak* lc, size_t i);
/* Block i's own origin (n_same = n_blocks = 1). */
void lk_leak_block_origin(const LK_Leak* lc, size_t i, LK_RecordOrigin* out);

/* The auxiliary sentence of an origin, e.g. "The last pointer to this
   block was overwritten at:", naming the record number (1-based)
   for LK_ORIG_INDIRECT.  Returns the length needed (snprintf); 0 for
   kind NONE.  has_stack says whether a stack follows (the sentence then
   ends with ':'). */
size_t lk_fmt_origin(char* buf, size_t bufsz, const LK_RecordOrigin* o,
                     int* has_stack);

/*------------------------------------------------------------*/
/*--- Text and XML (lk_report.cpp, lk_fmt.cpp)             ---*/
/*------------------------------------------------------------*/

/* Every formatter writes a NUL-terminated string into buf (at most
   bufsz bytes including the NUL) and returns the length it needed,
   like snprintf.  Output lines end with '\n'. */

/* The loss-record line (text), e.g.
   "32 (16 direct, 16 indirect) bytes in 1 blocks are definitely lost
    in loss record 4 of 4\n", with " (+d)" deltas for increased, changed
   and new searches, and from Valgrind 3.21 on (vg_version, see
   LK_VG_NEW_MARKER) "in new loss record" in those searches for a record
   that had no blocks before.  'nr' is 1-based. */
size_t lk_fmt_loss_record(char* buf, size_t bufsz, const LK_LossRecord* r,
                          size_t nr, size_t n_records, LK_Delta delta,
                          unsigned vg_version);

/* The XML body of a leak error (Memcheck's pp_Error for Err_Leak, XML
   branch): the <kind> and <xwhat> elements, indented two spaces. */
size_t lk_fmt_loss_record_xml(char* buf, size_t bufsz,
                              const LK_LossRecord* r, size_t nr,
                              size_t n_records, LK_Delta delta,
                              unsigned vg_version);

/* "Leak_DefinitelyLost" etc.; "definitely lost" etc.; "definite" etc. */
const char* lk_state_xml_kind(LK_State s);
const char* lk_state_text(LK_State s);
const char* lk_state_keyword(LK_State s);
const char* lk_heuristic_name(LK_Heuristic h);

/* The LEAK SUMMARY block, its heuristic lines and hint lines, ending
   with an empty line (Memcheck's print_results tail). */
size_t lk_fmt_leak_summary(char* buf, size_t bufsz, const LK_LeakTotals* now,
                           const LK_LeakTotals* old, const LK_LeakParams* p);

/* The same in XML (p->vg_version >= LK_VG_XML_SUMMARIES): the
   <leak_summary> element and an empty line; nothing for older versions.
   Its numbers are written as in the text, with separators and deltas
   ("<bytes>1,024 (+16)</bytes>"): Memcheck prints them with the same
   format. */
size_t lk_fmt_leak_summary_xml(char* buf, size_t bufsz,
                               const LK_LeakTotals* now,
                               const LK_LeakTotals* old,
                               const LK_LeakParams* p);

/* The HEAP SUMMARY block (three lines plus an empty line). */
size_t lk_fmt_heap_summary(char* buf, size_t bufsz, uint64_t in_use_szB,
                           uint64_t in_use_blocks, uint64_t n_allocs,
                           uint64_t n_frees, uint64_t szB_allocated);

/* The same in XML: <heap_summary> and an empty line for vg_version >=
   LK_VG_XML_SUMMARIES, else nothing.  Numbers with separators. */
size_t lk_fmt_heap_summary_xml(char* buf, size_t bufsz, uint64_t in_use_szB,
                               uint64_t in_use_blocks, uint64_t n_allocs,
                               uint64_t n_frees, uint64_t szB_allocated,
                               unsigned vg_version);

/* What a leak search prints first in XML, whether it found blocks or
   not: <all_heap_blocks_freed>true|false</all_heap_blocks_freed> and an
   empty line for vg_version >= LK_VG_XML_SUMMARIES, else nothing (the
   text form, "All heap blocks were freed -- no leaks are possible", is
   printed by the glue only when true). */
size_t lk_fmt_all_freed_xml(char* buf, size_t bufsz, int all_freed,
                            unsigned vg_version);

/* Decimal with thousands separators, as Valgrind's %'lu. */
size_t lk_fmt_ulong_sep(char* buf, size_t bufsz, uint64_t v);

/* Parses a comma list of definite,indirect,possible,reachable / all /
   none (--show-leak-kinds, match-leak-kinds:).  Returns 1 and sets *out
   on success, 0 on a syntax error. */
int lk_parse_kinds(const char* s, unsigned* out);
/* Parses stdstring,length64,newarray,multipleinheritance / all / none. */
int lk_parse_heuristics(const char* s, unsigned* out);

/*------------------------------------------------------------*/
/*--- Addressability shadow (lk_shadow.cpp)                ---*/
/*------------------------------------------------------------*/

/* One bit per byte, 1 = no access, over the low 2^37 bytes; see the top
   of lk_shadow.cpp.  The translated code reads the filter directly:

     bits = *(uint64_t*)(lk_shadow_filter + ((a mod 2^32) >> 3))
            >> (a & 7)

   and if the low n bits of 'bits' (n <= 57) are clear, the n bytes at a
   are accessible.  Memory never marked is accessible. */
#define LK_SHADOW_CHUNK_BITS 16
#define LK_SHADOW_N_CHUNKS   (1u << 21)
#define LK_SHADOW_LIMIT      ((LK_Addr)1 << 37)
#define LK_SHADOW_SM_BYTES   8192
#define LK_SHADOW_FILTER_BYTES (1u << 29)   /* bits of a 4 GiB window */

extern uint8_t lk_shadow_filter[LK_SHADOW_FILTER_BYTES + 8];

/* Before any other call (needs lk_core_init's host). */
void lk_core_shadow_init(void);
/* Marks [a, a+len) noaccess (noaccess != 0) or accessible.  The part at
   or above LK_SHADOW_LIMIT is ignored. */
void lk_core_shadow_set(LK_Addr a, uint64_t len, int noaccess);
/* The same; page_hooks 0: write the bits even where the page hooks
   would serve (memory about to be filled with small blocks, whose
   filter pages are written anyway). */
void lk_core_shadow_set_ex(LK_Addr a, uint64_t len, int noaccess,
                           int page_hooks);
/* Returns 1 if every byte of [a, a+len) is accessible; else 0 and the
   first noaccess byte in *first_bad (if not NULL).  Probe chunks count
   as accessible. */
int lk_core_shadow_check(LK_Addr a, uint64_t len, LK_Addr* first_bad);
/* How many bytes of [a, a+len) are accessible. */
uint64_t lk_core_shadow_count_accessible(LK_Addr a, uint64_t len);
/* Makes the 64 KiB chunk at chunk_start a probe chunk: every access to
   it takes the slow path, while marks say it is accessible (used for
   unmapped page zero, so that null-pointer accesses are reported).
   Marking inside it later makes it an ordinary chunk. */
void lk_core_shadow_set_probe(LK_Addr chunk_start);
/* The same for every chunk that [lo, hi) touches (all in the low 4 GiB),
   in direct mode with the ones page hook where there is one: the tool's
   image is ~470 chunks, whose 3.8 MB of filter would otherwise be
   written (and kept resident) at every start. */
void lk_core_shadow_set_probes(LK_Addr lo, LK_Addr hi);
int  lk_core_shadow_is_probe(LK_Addr a);
/* The glue's page hooks (lk_shadow.cpp, "Page-level states"), used for
   the whole filter pages of a range of at least min_len bytes marked at
   once; without them, or for smaller ranges, the core writes the bits.
   zero: make [p, p+len) read as zero bytes; maybe_ones: a page of the
   0xFF file may be mapped there (madvise(MADV_DONTNEED) would bring its
   bytes back).  ones: make it read as 0xFF bytes.  p and len are
   page-aligned.  ones may be NULL. */
void lk_core_shadow_set_page_hooks(void (*zero)(void* p, size_t len,
                                                int maybe_ones),
                                   void (*ones)(void* p, size_t len),
                                   uint64_t min_len);
/* At most this many runs of filter pages made all ones by the hook
   (each is a kernel mapping; default 4096); past it the bits are
   written. */
void lk_core_shadow_set_ones_run_cap(uint64_t cap);
/* Runs of filter pages, and filter pages, where the ones hook may have
   mapped its file (statistics, tests). */
uint64_t lk_core_shadow_n_ones_runs(void);
uint64_t lk_core_shadow_n_ones_pages(void);
/* Recycled client heap memory to be cleared (lk_heap.c,
   zero_fresh_block): entries are the /proc/PID/pagemap words of n
   consecutive whole pages of it.  Calls clear(first, count, ctx) for
   each maximal run of pages that may hold old bytes: present, or
   swapped out.  A page that is neither was never written since it was
   mapped, or was dropped with madvise(MADV_DONTNEED): private anonymous
   memory, it reads as zero, and is left alone so that it does not
   become resident.  Returns the number of pages left alone. */
uint64_t lk_core_pages_to_clear(const uint64_t* entries, uint64_t n,
                                void (*clear)(uint64_t first, uint64_t count,
                                              void* ctx),
                                void* ctx);
/* Forgets every mark and probe, back to direct mode (unit tests). */
void lk_core_shadow_reset(void);
/* 1 once something at or above 4 GiB has been marked (the exact bits
   then live in a two-level map besides the filter). */
int lk_core_shadow_aliased(void);
/* Filter chunks (64 KiB of client memory, 8 KiB of filter) written in
   direct mode (statistics). */
uint64_t lk_core_shadow_n_dirty_chunks(void);
/* Private secondaries of the two-level map in use (statistics). */
uint64_t lk_core_shadow_n_secondaries(void);

/*------------------------------------------------------------*/
/*--- Faulting host instructions (lk_decode.cpp)           ---*/
/*------------------------------------------------------------*/

/* The memory operand of one amd64 instruction. */
typedef struct {
   LK_Addr  addr;        /* effective address */
   uint32_t size;        /* bytes accessed */
   uint32_t len;         /* length of the instruction */
   int      is_write;    /* a store (read-modify-write and cmpxchg: 0,
                            as Memcheck reports their load first) */
   int      sse16_move;  /* a 16-byte SSE move (movups, movdqa, ...) */
} LK_InsnAccess;

/* Decodes the instruction at code[0 .. avail) given the general
   registers in encoding order (rax rcx rdx rbx rsp rbp rsi rdi r8..r15).
   1 if it is a memory access of a known form (VEX's host loads and
   stores, lk_decode.cpp), 0 if not. */
int lk_core_decode_access(const uint8_t* code, size_t avail,
                          const uint64_t regs[16], LK_InsnAccess* out);

/* lk_unwind.cpp: the unwinding rule of one code address, learnt from what
   Valgrind's unwinder (VG_(use_CF_info)) answered for made-up frames on a
   probe stack [lo, hi) whose word at lo + k holds tag | k (the glue,
   lk_stacktrace.c, memoises it).  The rules this recognises:
      new SP = base + sp_k                (base = SP, or BP if bp_based)
      new IP = *(base + ra_k)
      new BP = BP | base + bp_k | *(base + bp_k)   (bp_how)
*/
enum { LK_BP_SAME = 0, LK_BP_CFAREL = 1, LK_BP_MEM = 2 };
typedef struct {
   LK_Addr sp, bp;                   /* the made-up frame */
   LK_Addr out_ip, out_sp, out_bp;   /* what the unwinder returned */
} LK_UnwindProbe;
typedef struct {
   int32_t sp_k, ra_k, bp_k;
   uint8_t bp_based;                 /* the CFA is BP + c, else SP + c */
   uint8_t bp_how;                   /* LK_BP_* */
} LK_UnwindRule;
/* 1 and *out if one rule of that form explains all n probes (which must
   differ in SP alone and in BP alone), 0 if none does; tag has the low 32
   bits clear. */
int lk_unwind_fit(const LK_UnwindProbe* probes, unsigned n, LK_Addr lo,
                  LK_Addr hi, uint64_t tag, LK_UnwindRule* out);

/*------------------------------------------------------------*/
/*--- SARIF 2.1.0 logs (lk_sarif.cpp, docs/sarif.md)       ---*/
/*------------------------------------------------------------*/

/* One frame of a stack as the glue symbolised it.  Strings are only
   read during the call they are passed to. */
typedef struct {
   const char* fn;       /* function name, NULL if unknown */
   const char* dir;      /* directory of the source file, NULL if none */
   const char* file;     /* source file (absolute or relative to dir),
                            NULL if the frame has no source */
   unsigned    line;     /* 0 if unknown */
   const char* obj;      /* object file, NULL if unknown */
   LK_Addr     ip;
} LK_SarifFrame;

typedef struct {
   const char* text;              /* what the stack is ("Block was alloc'd
                                     at"); NULL for the error's own */
   const LK_SarifFrame* frames;   /* innermost first, as printed */
   unsigned    n_frames;
} LK_SarifStack;

/* One reported error or shown loss record. */
typedef struct {
   const char* kind;              /* the XML <kind>: InvalidFree,
                                     Leak_DefinitelyLost, ... */
   const char* what;              /* the <what>/<xwhat> text */
   const LK_SarifStack* stacks;   /* [0]: where the error happened; the
                                     others: auxiliary (freed at, ...) */
   unsigned    n_stacks;
   const char* const* notes;      /* auxiliary texts without a stack */
   unsigned    n_notes;
   unsigned    tid;
   int         is_leak;
   uint64_t    leaked_bytes;      /* direct + indirect (leaks only) */
   uint64_t    leaked_blocks;
   int         suppressed;        /* matched a suppression */
   const char* supp_name;         /* its name, NULL if unknown */
} LK_SarifResult;

/* What the log says about the run (runs[0].invocations[0]). */
typedef struct {
   const char* tool_version;      /* leakcheck's version */
   const char* valgrind_version;
   const char* const* args;       /* the whole command line */
   unsigned    n_args;
   const char* cwd;               /* absolute; NULL if unknown */
   int         pid, ppid;
   int         exit_known;        /* exit_code is the client's status */
   int         exit_code;
   int         exit_signal;       /* >0: the client died of this signal */
} LK_SarifInvocation;

typedef struct LK_Sarif LK_Sarif;
typedef void (*LK_SarifSink)(void* opaque, const char* s, size_t n);

/* srcroot: absolute directory that relative artifact URIs start from
   (uriBaseId "SRCROOT"), or NULL: every URI absolute. */
LK_Sarif* lk_sarif_new(const char* srcroot);
void lk_sarif_add(LK_Sarif* s, const LK_SarifResult* r);
unsigned lk_sarif_count(const LK_Sarif* s);
/* Result i (0: the first added) occurred n times: the log gives it
   occurrenceCount n when n > 1. */
void lk_sarif_set_occurrences(LK_Sarif* s, unsigned i, uint64_t n);
/* The whole document, in pieces, through sink. */
void lk_sarif_write(const LK_Sarif* s, const LK_SarifInvocation* inv,
                    LK_SarifSink sink, void* opaque);
void lk_sarif_free(LK_Sarif* s);

/* Pieces, for the tests. */
const char* lk_sarif_level(const char* kind);   /* error|warning|note */
int lk_sarif_rule_index(const char* kind);      /* -1 if unknown */
unsigned lk_sarif_n_rules(void);
const char* lk_sarif_rule_id(unsigned i);
/* "0123456789abcdef": the partialFingerprints value of r. */
void lk_sarif_fingerprint(const LK_Sarif* s, const LK_SarifResult* r,
                          char out[17]);
/* The normalised path of a frame's source (dir/file with "." and ".."
   resolved) into buf; returns 1 if it lies under srcroot, with *rel
   pointing at the part after "srcroot/". */
int lk_sarif_path(const char* srcroot, const char* dir, const char* file,
                  char* buf, size_t n, const char** rel);

/*------------------------------------------------------------*/
/*--- Size-class runs for small client blocks              ---*/
/*---                                       (lk_sizeclass.cpp) ---*/
/*------------------------------------------------------------*/

/* A run: LK_SC_RUN_SZB bytes of client memory, aligned to that size,
   cut into slots of one class.  A slot has Valgrind's client-arena block
   layout: lk_sc_payload_off() bytes, the payload (the class's size, a
   multiple of 16), lk_sc_payload_off() bytes.  Class c holds requests of
   16*(c-1)+1 .. 16*c bytes (class 0: 0 bytes). */
#define LK_SC_RUN_SHIFT    18
#define LK_SC_RUN_SZB      ((uint64_t)1 << LK_SC_RUN_SHIFT)
#define LK_SC_MAX_CLASSES  257
typedef struct LK_Run LK_Run;

/* redzone_szB: the client arena's redzone as asked for; max_pszB: the
   largest payload served from runs (lowered to what fits 8 slots a run). */
void     lk_sc_config(uint64_t redzone_szB, uint64_t max_pszB);
int      lk_sc_class(uint64_t req_szB);          /* -1: too big */
uint64_t lk_sc_slot_szB(int cls);
uint64_t lk_sc_payload_off(void);
/* A new run at base (aligned) for class cls; 'user' is the glue's. */
LK_Run*  lk_sc_run_new(LK_Addr base, int cls, void* user);
/* A free slot of class cls: its index, the run in *run_out and whether it
   was never handed out before (*fresh); -1 if no run has one. */
int64_t  lk_sc_take(int cls, LK_Run** run_out, int* fresh);
/* Gives slot idx back.  Returns 1 if the run is empty now (no slot
   handed out) and another run of its class has a free slot: the glue
   should then release it (lk_sc_run_release), so that its memory can
   serve other classes.  A class keeps its last run with free slots even
   when empty, so that one oscillating around a run's worth of blocks
   does not release and re-create a run every few calls. */
int      lk_sc_give(LK_Run* run, uint32_t idx);
/* Forgets an empty run (out of the lookup table, the address order and
   its class's list): no address finds it any more.  Returns its 'user'. */
void*    lk_sc_run_release(LK_Run* run);
uint32_t lk_sc_run_n_in_use(const LK_Run* run);
/* 1 if slot idx is handed out (not free, not never used). */
int      lk_sc_slot_taken(const LK_Run* run, uint32_t idx);
/* The run whose aligned stretch holds a, or NULL (O(1)). */
LK_Run*  lk_sc_run_at(LK_Addr a);
/* 1 if a is in a run's stretch: the run, and the slot holding a
   (0xFFFFFFFF: in the tail after the last slot). */
int      lk_sc_locate(LK_Addr a, LK_Run** run_out, uint32_t* idx_out);
/* The slot whose payload starts at a, if handed out at least once: its
   index and run; -1 otherwise. */
int64_t  lk_sc_slot_at_payload(LK_Addr a, LK_Run** run_out);
LK_Addr  lk_sc_payload(const LK_Run* run, uint32_t idx);
uint64_t lk_sc_run_pszB(const LK_Run* run);
uint32_t lk_sc_run_n_carved(const LK_Run* run);
uint32_t lk_sc_run_n_slots(const LK_Run* run);
LK_Addr  lk_sc_run_base(const LK_Run* run);
void*    lk_sc_run_user(const LK_Run* run);
/* The runs in address order: rank 0 .. lk_sc_n_runs()-1. */
size_t   lk_sc_n_runs(void);
LK_Run*  lk_sc_run_by_rank(size_t i);
/* Forgets every run (unit tests). */
void     lk_sc_reset(void);

/*------------------------------------------------------------*/
/*--- The order of Memcheck's table of live blocks          ---*/
/*---                                        (lk_htorder.cpp) ---*/
/*------------------------------------------------------------*/

/* Where each live block would stand in the Valgrind hash table Memcheck
   keeps them in (walk order, and which of several blocks with one key a
   search finds), without the table: a count and the sequence number of
   each insertion that made the table grow. */
#define LK_HTO_N_PRIMES 20
typedef struct {
   uint64_t n_elements;                   /* nodes in the table */
   uint64_t last_seq;                     /* of the latest insertion */
   uint32_t n_growths;                    /* chains: the n_growths'th prime */
   uint64_t growth_seq[LK_HTO_N_PRIMES];  /* the insertion that grew it */
} LK_HtOrder;
void     lk_hto_init(LK_HtOrder* o);
/* An insertion: returns its sequence number (1, 2, ...), which the
   caller keeps with the node. */
uint64_t lk_hto_insert(LK_HtOrder* o);
void     lk_hto_remove(LK_HtOrder* o);
uint64_t lk_hto_n_chains(const LK_HtOrder* o);
/* Negative if node x (key, sequence number) comes before node y in a walk
   of the table, positive if after, 0 if the same node.  Among nodes with
   one key, a search of the table finds the first. */
int      lk_hto_cmp(const LK_HtOrder* o, uint64_t key_x, uint64_t seq_x,
                    uint64_t key_y, uint64_t seq_y);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* LK_CORE_H */

/*--------------------------------------------------------------------*/
/*--- end                                                lk_core.h ---*/
/*--------------------------------------------------------------------*/
