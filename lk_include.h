/*--------------------------------------------------------------------*/
/*--- leakcheck: declarations shared by the glue files.            ---*/
/*---                                                lk_include.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck, a Valgrind tool that finds memory
   leaks and heap errors.  SPDX-License-Identifier: GPL-2.0-or-later

   Private to the C glue (lk_*.c).  The core (lk_*.cpp) never sees it;
   everything the two share is in lk_core.h.
*/

#ifndef LK_INCLUDE_H
#define LK_INCLUDE_H

#include "pub_tool_basics.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_errormgr.h"
#include "pub_tool_execontext.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_xarray.h"
#include "lk_core.h"
#include "lk_vgcore.h"   /* the Valgrind version, the core's private symbols */

#define LK_(str)    VGAPPEND(vgLeakCheck_,str)

/* Raw system calls and madvise advice (lk_heap.c, lk_access.c). */
#define LK_SYSCALL3(s, a, b, c) VG_(do_syscall)((s), (a), (b), (c), 0, 0, 0, 0, 0)
#define LK_MADV_DONTNEED 4   /* <linux/mman.h> */
#define LK_MADV_POPULATE_WRITE 23   /* Linux 5.14 */
/* Recycled blocks at least this big are cleared by dropping their whole
   pages (madvise) rather than by writing them (lk_heap.c). */
#define LK_DROP_PAGES_MIN_SZB (1024 * 1024)

/*------------------------------------------------------------*/
/*--- Options (lk_options.c)                               ---*/
/*------------------------------------------------------------*/

typedef enum {
   KS_none, KS_alloc, KS_free, KS_alloc_then_free, KS_alloc_and_free
} LK_KeepStacktraces;

extern LK_LeakMode LK_(clo_leak_check);
extern VgRes       LK_(clo_leak_resolution);
extern UInt        LK_(clo_show_leak_kinds);
extern UInt        LK_(clo_error_for_leak_kinds);
extern UInt        LK_(clo_leak_check_heuristics);
extern Long        LK_(clo_freelist_vol);
extern Long        LK_(clo_freelist_big_blocks);
extern LK_KeepStacktraces LK_(clo_keep_stacktraces);
extern Int         LK_(clo_malloc_fill);          /* -1 = off */
extern Int         LK_(clo_free_fill);            /* -1 = off */
extern Bool        LK_(clo_show_mismatched_frees);
/* --show-realloc-size-zero (Memcheck from 3.21; lk_options.c). */
extern Bool        LK_(clo_show_realloc_size_zero);
extern Bool        LK_(clo_check_accesses);
extern Bool        LK_(clo_size_classes);
extern Bool        LK_(clo_partial_loads_ok);
extern Bool        LK_(clo_xtree_leak);
extern const HChar* LK_(clo_xtree_leak_file);
/* --xml-protocoltool: the name the core prints in XML (<protocoltool>,
   <tool>) and matches --NAME:option prefixes against (lk_main.c). */
typedef enum { LK_NameMemcheck = 0, LK_NameLeakcheck = 1 } LK_CoreToolName;
extern Int         LK_(clo_xml_protocoltool);
/* --sarif-file, --sarif-srcroot (NULL: not given; docs/sarif.md). */
extern const HChar* LK_(clo_sarif_file);
extern const HChar* LK_(clo_sarif_srcroot);

Bool LK_(process_cmd_line_option)(const HChar* arg);
void LK_(print_usage)(void);
void LK_(print_debug_usage)(void);
/* Called from post_clo_init: notes about accepted Memcheck-only options. */
void LK_(print_option_notes)(void);

/*------------------------------------------------------------*/
/*--- Heap blocks (lk_heap.c)                              ---*/
/*------------------------------------------------------------*/

typedef enum {
   LK_AllocMalloc = 0,   /* malloc, calloc, realloc, memalign family */
   LK_AllocNew    = 1,   /* operator new */
   LK_AllocNewVec = 2,   /* operator new[] */
   LK_AllocCustom = 3    /* MALLOCLIKE_BLOCK, mempool chunks */
} LK_AllocKind;

/* One live or recently freed heap block, keyed by its address in the
   heap module's table of live blocks (lk_heap.c).  'where' has 0, 1 or 2 stacks depending on
   --keep-stacktraces, as Memcheck's MC_Chunk.  Memcheck (3.22 on) also
   keeps the alignment the client asked for (alignB, 0 for blocks not
   made by an aligned allocator); here only the blocks that have one pay
   for it: 'aligned' says it is in a side table (lk_heap.c,
   LK_(chunk_orig_align)).  A stack is kept as its ExeContext's unique
   number (ECU, 4 bytes), so that a block with both stacks takes 32 bytes
   where Memcheck's MC_Chunk takes 40; LK_(allocated_at) and
   LK_(freed_at) give the ExeContexts. */
typedef struct _LK_Chunk {
   union {
      struct _LK_Chunk* next;       /* free, quarantined, mempool chunks */
      ULong             seq;        /* live: lk_heap.c, "The table" */
   };
   Addr              data;          /* start of the payload */
   SizeT             szB : (sizeof(SizeT) * 8) - 6;
   SizeT             live : 1;      /* in the table of live blocks */
   SizeT             indexed : 1;   /* live, in lk_heap.c's index */
   SizeT             inrun : 1;     /* a slot of a size-class run */
   SizeT             aligned : 1;   /* has an alignment (side table) */
   LK_AllocKind      allockind : 2;
   UInt              where[0];      /* stacks by ECU, 0 for none (lk_heap.c) */
} LK_Chunk;

/* The table of live blocks (malloc'd and MALLOCLIKE blocks) by start
   address is private to lk_heap.c, as Memcheck's MC_(malloc_list):
   - LK_(live_block_at)(a): the live block starting at a, or NULL;
   - LK_(live_iter_start)() then LK_(live_iter_next)() until NULL: every
     live block in the table's order (the order of Memcheck's walks of
     its table, which address descriptions follow); one walk at a time;
     LK_(remove_live_chunk_at_iter) removes the block just returned.
   LK_(for_each_live_chunk) visits them in memory order instead (the
   leak search). */
LK_Chunk* LK_(live_block_at)(Addr a);
/* An address in a size-class run that no block brackets, described as
   Valgrind's client arena would; False if not in a run. */
struct _AddrInfo;
Bool LK_(describe_run_addr)(Addr a, struct _AddrInfo* ai);
/* The first live block, in the walk's order, whose redzone-extended
   range holds a (Memcheck's describe_addr); with size-class runs, a run
   block is found in O(1): only its own slot can hold its redzones. */
LK_Chunk* LK_(live_block_bracketing)(Addr a);
void      LK_(live_iter_start)(void);
/* The same walk, of the blocks lying wholly in [lo, hi) only. */
void      LK_(live_iter_start_within)(Addr lo, Addr hi);
LK_Chunk* LK_(live_iter_next)(void);
extern SizeT LK_(Malloc_Redzone_SzB);

void LK_(heap_init)(void);              /* pre_clo_init */
/* Faults in the whole pages of [a, a+len) with one madvise call (cheaper
   than one page fault per page); does nothing on kernels without
   MADV_POPULATE_WRITE. */
void LK_(populate)(Addr a, SizeT len);
void LK_(heap_post_clo_init)(void);
void LK_(heap_print_stats)(void);       /* --stats=yes */
/* A forked child reopens /proc/self/pagemap (lk_heap.c). */
void LK_(heap_atfork_child)(ThreadId tid);
ExeContext* LK_(allocated_at)(LK_Chunk* ch);
/* The ExeContext in the chunk's first stack slot, whatever
   --keep-stacktraces keeps there (the XTree reports' view), or NULL. */
ExeContext* LK_(chunk_first_stack)(const LK_Chunk* ch);
ExeContext* LK_(freed_at)(LK_Chunk* ch);
/* The freed block (still in the quarantine) whose redzone-extended
   range holds 'a', or NULL. */
LK_Chunk* LK_(get_freed_block_bracketting)(Addr a);
void LK_(print_heap_summary)(void);
SizeT LK_(get_n_frees)(void);
void  LK_(count_pool_free)(void);
/* Calls f on every live block: in roughly allocation order (the order
   of the chunk slabs: cheap to walk, unlike the hash table), or, with
   size-class runs, in address order (lk_heap.c). */
void LK_(for_each_live_chunk)(void (*f)(LK_Chunk* ch, void* opaque),
                              void* opaque);
UInt LK_(n_live_chunks)(void);
/* Changes a live chunk's size (RESIZEINPLACE_BLOCK). */
void LK_(set_live_chunk_size)(LK_Chunk* ch, SizeT szB);

/* The malloc-replacement callbacks.  From Valgrind 3.22 the aligned
   allocators also get the alignment the client asked for (orig_align),
   before the preload rounded it up to a power of two (align). */
#if LK_VG_AT_LEAST(3, 22)
#  define LK_ORIG_ALIGN_PARAM(name) , SizeT name
#  define LK_ORIG_ALIGN(name) (name)
#else
#  define LK_ORIG_ALIGN_PARAM(name)
#  define LK_ORIG_ALIGN(name) 0
#endif
void* LK_(malloc)               (ThreadId tid, SizeT n);
void* LK_(__builtin_new)        (ThreadId tid, SizeT n);
void* LK_(__builtin_new_aligned)(ThreadId tid, SizeT n, SizeT align
                                 LK_ORIG_ALIGN_PARAM(orig_align));
void* LK_(__builtin_vec_new)    (ThreadId tid, SizeT n);
void* LK_(__builtin_vec_new_aligned)(ThreadId tid, SizeT n, SizeT align
                                     LK_ORIG_ALIGN_PARAM(orig_align));
void* LK_(memalign)             (ThreadId tid, SizeT align
                                 LK_ORIG_ALIGN_PARAM(orig_align), SizeT n);
void* LK_(calloc)               (ThreadId tid, SizeT nmemb, SizeT size1);
void  LK_(free)                 (ThreadId tid, void* p);
void  LK_(__builtin_delete)     (ThreadId tid, void* p);
void  LK_(__builtin_delete_aligned)(ThreadId tid, void* p, SizeT align);
void  LK_(__builtin_vec_delete) (ThreadId tid, void* p);
void  LK_(__builtin_vec_delete_aligned)(ThreadId tid, void* p, SizeT align);
void* LK_(realloc)              (ThreadId tid, void* p, SizeT new_szB);
SizeT LK_(malloc_usable_size)   (ThreadId tid, void* p);
/* The alignment the client asked for when it allocated ch (Memcheck's
   MC_Chunk alignB): 0 unless an aligned allocator made it. */
SizeT LK_(chunk_orig_align)     (const LK_Chunk* ch);
#if LK_VG_AT_LEAST(3, 22)
/* The preload's verify-alignment request (_VG_USERREQ__MEMCHECK_VERIFY_
   ALIGNMENT, sent before every aligned allocation and every delete from
   3.22 on, whatever the tool): Memcheck's checks of alignment and size
   values.  Called by the fast path (lk_translate.c) and by the
   client-request handler (lk_clientreq.c). */
struct AlignedAllocInfo;
void  LK_(verify_alignment)     (ThreadId tid,
                                 const struct AlignedAllocInfo* info);
#endif

/* For the custom-allocator requests (lk_clientreq.c). */
/* A new Custom chunk for client memory [p, p+szB): counted in HEAP
   SUMMARY's allocs, in no table yet (Memcheck's MC_(new_block) for a
   given address). */
LK_Chunk* LK_(new_custom_chunk)(ThreadId tid, Addr p, SizeT szB);
/* Puts a chunk into the table of live blocks (MALLOCLIKE_BLOCK). */
void LK_(add_live_chunk)(LK_Chunk* ch);
/* Removes the chunk LK_(live_iter_next) has just returned. */
void LK_(remove_live_chunk_at_iter)(LK_Chunk* ch);
/* free()/FREELIKE_BLOCK: counts a free; Invalid free if p is no live
   block, mismatch if the family differs; then quarantine. */
void LK_(handle_free)(ThreadId tid, Addr p, LK_AllocKind kind);
/* Sends a chunk that is in no table to the freed queue (mempool frees:
   not counted in HEAP SUMMARY's frees, as with Memcheck). */
void LK_(die_and_free_chunk)(ThreadId tid, LK_Chunk* ch);
/* Forgets a chunk that is in no table and not in the freed queue. */
void LK_(discard_chunk)(LK_Chunk* ch);

/*------------------------------------------------------------*/
/*--- Client requests and mempools (lk_clientreq.c)        ---*/
/*------------------------------------------------------------*/

void LK_(clientreq_init)(void);           /* pre_clo_init */
void LK_(clientreq_post_clo_init)(void);
void LK_(clientreq_fini)(void);           /* after the exit leak search */
Bool LK_(handle_client_request)(ThreadId tid, UWord* arg, UWord* ret);
/* --ignore-ranges=...; returns False (after the message) if bad. */
Bool LK_(process_ignore_ranges_option)(const HChar* arg, Bool* ok);
/* True if errors at a are silenced (--ignore-ranges and
   VALGRIND_DISABLE_ADDR_ERROR_REPORTING_IN_RANGE), as Memcheck's
   MC_(in_ignored_range): address-error recording should call it. */
Bool LK_(in_ignored_range)(Addr a);
/* New mapping or fresh malloc block [a, a+len): client marks there are
   forgotten (call only if LK_(have_client_marks)). */
extern Bool LK_(have_client_marks);
void LK_(clientreq_mem_mapped)(Addr a, SizeT len);
/* A new heap block (lk_heap.c): the memory events' fan-out for it
   (lk_events.c lists them all). */
static inline void LK_(event_heap_block_new)(Addr p, SizeT szB)
{
   if (UNLIKELY(LK_(have_client_marks)))
      LK_(clientreq_mem_mapped)(p, szB);
}
/* Calls add(lo, hi) for every range whose words are not leak roots:
   memory the client (or a custom-allocator request) made noaccess or
   undefined, and ignored ranges. */
void LK_(clientreq_excluded_ranges)(void (*add)(Addr lo, Addr hi));
/* Calls f on the parts of [a, end) not made noaccess by the client. */
void LK_(clientreq_for_each_accessible_part)(Addr a, Addr end,
                                             void (*f)(Addr lo, Addr hi,
                                                       void* opaque),
                                             void* opaque);
/* True while some mempool exists: the leak search then needs
   LK_(for_each_leak_block) rather than the plain chunk walk. */
Bool LK_(any_mempool_chunks)(void);
/* How many chunks the mempools hold (for the leak search's array sizes). */
SizeT LK_(n_mempool_chunks)(void);
/* Calls f on every block taking part in a leak search: every mempool
   chunk (flags LK_BLOCK_CUSTOM, plus LK_BLOCK_METAPOOL for metapools)
   and every live malloc-table block except those holding the first or
   last byte of a mempool chunk (superblocks), as Memcheck's
   find_active_chunks. */
void LK_(for_each_leak_block)(void (*f)(LK_Chunk* ch, unsigned flags,
                                         void* opaque), void* opaque);
/* For --keep-stacktraces=alloc-then-free: is this Custom chunk a live
   mempool chunk? */
Bool LK_(mempool_chunk_is_live)(LK_Chunk* ch);
/* The monitor's make_memory: 0 noaccess, 1 undefined, 2 defined,
   3 Definedifaddressable. */
void LK_(make_mem)(Int kind, Addr a, SizeT len);
/* CHECK_MEM_IS_ADDRESSABLE, check_memory: False with the first bad
   byte in *bad_addr. */
Bool LK_(check_mem_is_addressable)(Addr a, SizeT len, Addr* bad_addr);
/* Address descriptions (Memcheck's client_block_maybe_describe and
   mempool_block_maybe_describe). */
struct _AddrInfo;
Bool LK_(client_block_describe)(Addr a, struct _AddrInfo* ai);
Bool LK_(mempool_block_describe)(Addr a, Bool is_metapool,
                                 struct _AddrInfo* ai);

/*------------------------------------------------------------*/
/*--- Monitor commands and xtree files (lk_monitor.c)      ---*/
/*------------------------------------------------------------*/

/* The xtree leak report, fed by the leak search. */
void LK_(xtleak_begin)(void);
void LK_(xtleak_add)(const LK_LossRecord* lr);
void LK_(xtleak_end)(const HChar* filename, Bool by_monitor);
/* The gdbserver monitor commands; True if recognised. */
Bool LK_(handle_gdb_monitor_command)(ThreadId tid, HChar* req);
/* --xtree-memory. */
void LK_(xtmemory_report)(const HChar* filename, Bool fini);

/*------------------------------------------------------------*/
/*--- Errors (lk_errors.c)                                 ---*/
/*------------------------------------------------------------*/

/* Error kinds, with Memcheck's meanings (see lk_errors.c). */
typedef enum {
   Err_Addr,            /* Invalid read / write of size N */
   Err_MemParam,        /* Syscall param X points to unaddressable byte(s) */
   Err_User,            /* Unaddressable byte(s) found during client check */
   Err_Free,            /* Invalid free() / delete / delete[] / realloc() */
   Err_FreeMismatch,    /* Mismatched free() / delete / delete [] */
   Err_Overlap,         /* Source and destination overlap in ... */
   Err_Leak,            /* a loss record */
   Err_IllegalMempool,  /* Illegal memory pool address */
   Err_FishyValue,      /* Argument 'size' of function ... fishy */
   /* From Valgrind 3.21 (realloc) and 3.22 (the verify-alignment
      request); never recorded with an older Valgrind. */
   Err_ReallocSizeZero, /* realloc() with size 0 */
   Err_BadAlign,        /* Invalid alignment value: N (...) */
   Err_BadSize,         /* memalign() invalid size value: 0 (3.22-3.25);
                           Unsafe allocation with size of zero ... (3.26) */
   Err_SizeMismatch,    /* Mismatched new/delete size value: N */
   Err_AlignMismatch    /* Mismatched new/delete alignment alloc value ... */
} LK_ErrorKind;

/* Numbers the leak searches (per-search suppression counters). */
extern UInt LK_(leak_search_gen);
/* Reads the entries naming Leakcheck (not Memcheck) of the suppressions
   files, once, after the core has read the Memcheck ones. */
void LK_(load_leakcheck_suppressions)(void);

void LK_(record_free_error)(ThreadId tid, Addr a);
/* Invalid read/write of size szB at a (Memcheck's
   MC_(record_address_error)). */
void LK_(record_address_error)(ThreadId tid, Addr a, SizeT szB,
                               Bool isWrite);
/* "Syscall param <s> points to unaddressable byte(s)", a = first bad
   byte. */
void LK_(record_memparam_error)(ThreadId tid, Addr a, const HChar* s);
/* "Source and destination overlap in <function>(dst, src[, szB])"
   (szB 0: the string functions, printed without a length). */
void LK_(record_overlap_error)(ThreadId tid, const HChar* function,
                               Addr src, Addr dst, SizeT szB);
void LK_(record_freemismatch_error)(ThreadId tid, LK_Chunk* ch);
/* Records a fishy-value error if 'value' is negative as a signed word,
   returning True (the allocation then fails), as Memcheck does. */
Bool LK_(record_fishy_value_error)(ThreadId tid, const HChar* function,
                                   const HChar* argument, SizeT value);
void LK_(record_illegal_mempool_error)(ThreadId tid, Addr pool);
/* realloc(p, 0) with --show-realloc-size-zero=yes (3.21 on). */
void LK_(record_realloc_size_zero)(ThreadId tid, Addr p);
/* The verify-alignment errors (3.22 on; see LK_(verify_alignment)):
   "Invalid alignment value: A<msg>", or with size != 0 "Invalid size
   value: S alignment value: A<msg>"; a zero size given to the aligned
   allocator 'function' ("memalign()"...); a sized or aligned delete
   whose size or alignment is not the block's ('function_names' as
   Memcheck's: "new/delete", "new[]/delete[]"...; default_delete: the
   block was aligned and the delete is not). */
void LK_(record_bad_alignment)(ThreadId tid, SizeT align, SizeT size,
                               const HChar* msg);
void LK_(record_bad_size)(ThreadId tid, SizeT size, const HChar* function);
void LK_(record_size_mismatch_error)(ThreadId tid, LK_Chunk* ch, SizeT size,
                                     const HChar* function_names);
void LK_(record_align_mismatch_error)(ThreadId tid, LK_Chunk* ch,
                                      SizeT align, Bool default_delete,
                                      const HChar* function_names);
/* "Unaddressable byte(s) found during client check request". */
void LK_(record_user_error)(ThreadId tid, Addr a, Bool isAddrErr);
/* Prints Memcheck's description of a (who_points_at, check_memory). */
void LK_(pp_describe_addr)(DiEpoch ep, Addr a);
/* Offers loss record i (of n) of the current search to the error
   manager; returns True if a suppression matched. */
Bool LK_(record_leak_error)(ThreadId tid, UInt i, UInt n,
                            const LK_LossRecord* lr, Bool print_record,
                            Bool count_as_error, LK_Delta delta,
                            const LK_RecordOrigin* origin);

/* The error-manager callbacks registered in pre_clo_init. */
Bool  LK_(eq_Error)(VgRes res, const Error* e1, const Error* e2);
void  LK_(before_pp_Error)(const Error* err);
void  LK_(pp_Error)(const Error* err);
UInt  LK_(update_Error_extra)(const Error* err);
Bool  LK_(is_recognised_suppression)(const HChar* name, Supp* su);
Bool  LK_(read_extra_suppression_info)(Int fd, HChar** buf, SizeT* nBuf,
                                       Int* lineno, Supp* su);
Bool  LK_(error_matches_suppression)(const Error* err, const Supp* su);
const HChar* LK_(get_error_name)(const Error* err);
SizeT LK_(get_extra_suppression_info)(const Error* err, HChar* buf, Int nBuf);
SizeT LK_(print_extra_suppression_use)(const Supp* su, HChar* buf, Int nBuf);
void  LK_(update_extra_suppression_use)(const Error* err, const Supp* su);
/* One result of the SARIF log for err, shown (su NULL) or suppressed by
   su (lk_sarif_glue.c writes the log). */
void  LK_(sarif_error)(const Error* err, const Supp* su);

/*------------------------------------------------------------*/
/*--- The leak search (lk_scan.c)                          ---*/
/*------------------------------------------------------------*/

void LK_(scan_init)(void);       /* pre_clo_init */
/* Runs a leak search with these parameters and prints its report;
   with xt_filename, writes the records to that xtree file instead of
   printing them (--xtree-leak, monitor "leak_check xtleak"). */
void LK_(detect_memory_leaks)(ThreadId tid, const LK_LeakParams* lcp,
                              const HChar* xt_filename);
/* The last search, for the monitor's block_list and who_points_at.
   Returns NULL if there is no valid result (no search yet, or the last
   one found no blocks); else its LK_Leak, the number of its loss
   records, its delta mode and HEAP SUMMARY's frees when it ran. */
LK_Leak* LK_(last_leak_search)(SizeT* n_records, LK_Delta* delta,
                               SizeT* n_frees_then);
/* Calls f(start, end) on every root range of the leak search in address
   order (root segments minus the excluded ranges). */
void LK_(for_each_root_range)(void (*f)(Addr start, Addr end, void* opaque),
                              void* opaque);
/* Calls f on the pieces of [start, end) outside the ranges excluded by
   the last LK_(for_each_root_range) or search (client marks...). */
void LK_(for_each_scannable)(Addr start, Addr end,
                             void (*f)(Addr start, Addr end, void* opaque),
                             void* opaque);
/* Calls f on the pieces of [start, end) that are not dead stack: below
   a live thread's stack pointer, or what an exited thread left below
   its last one (leak origins, lk_origin.c). */
void LK_(for_each_live_stack_part)(Addr start, Addr end,
                                   void (*f)(Addr lo, Addr hi, void* opaque),
                                   void* opaque);
/* Bookkeeping of exited threads' stacks (lk_scan.c). */
void LK_(thread_exiting)(ThreadId tid);
/* [a, a+len) mapped anew or unmapped (lk_events.c): forgets the dead
   and parked stacks there. */
void LK_(scan_mem_mapped)(Addr a, SizeT len);
/* Stacks left at a stack switch (lk_scan.c): the old SP of a switch from
   old_sp to new_sp, and forgetting those in memory freed or unmapped. */
void LK_(stack_switched)(Addr old_sp, Addr new_sp);
void LK_(parked_stacks_forget)(Addr a, SizeT len);
void LK_(stack_print_stats)(void);

extern UInt LK_(n_parked_stacks);

/* The leak counters VALGRIND_COUNT_LEAKS returns. */
const LK_LeakTotals* LK_(leak_totals)(void);

/*------------------------------------------------------------*/
/*--- Allocation and free stacks (lk_stacktrace.c)         ---*/
/*------------------------------------------------------------*/

/* Memoised unwinding (--fast-stack-traces). */
enum { LK_FAST_STACKS_NO = 0, LK_FAST_STACKS_YES = 1,
       LK_FAST_STACKS_VERIFY = 2 };
extern Int LK_(clo_fast_stack_traces);
ExeContext* LK_(record_alloc_stack)(ThreadId tid);
/* A stack as a 4-byte number (its ECU; 0 for NULL), and back: only
   numbers LK_(stack_ref) returned (lk_stacktrace.c, "Stacks by number"). */
UInt        LK_(stack_ref)(ExeContext* ec);
ExeContext* LK_(stack_of)(UInt ecu);
/* Where the unwind memo's rule at ip finds the return address: at SP
   (or BP if *bp_based) + *ra_k.  False if the memo has no such rule.
   *gen: VG_(debuginfo_generation) for which the answer holds. */
Bool LK_(unwind_ra_rule)(Addr ip, Long* ra_k, Bool* bp_based, UInt* gen);
void LK_(stacktrace_print_stats)(void);

/*------------------------------------------------------------*/
/*--- Addressability shadow (lk_shadow.cpp core, lk_access.c glue) ---*/
/*------------------------------------------------------------*/

/* The shadow says which bytes the client may touch.  Unknown memory
   (never marked) is accessible: leakcheck tracks the heap and what the
   client marks with memcheck.h requests, not all of memory.  These are
   the only entry points other glue files use. */
void LK_(shadow_init)(void);
void LK_(shadow_make_noaccess)(Addr a, SizeT len);     /* redzones, freed */
void LK_(shadow_make_accessible)(Addr a, SizeT len);   /* live payload */
/* Returns True if every byte of [a, a+len) is accessible; otherwise
   False with the first bad byte in *first_bad (if non-NULL). */
Bool LK_(shadow_is_accessible)(Addr a, SizeT len, Addr* first_bad);

/* The rest is for the heap, the core events (lk_events.c) and the
   instrumentation. */
/* A block the arena just handed out: marks it, and returns the address
   up to which it must be cleared (the rest is known to be zero). */
Addr LK_(shadow_heap_alloc)(Addr p, SizeT szB);
void LK_(shadow_heap_free)(Addr p, SizeT szB);   /* payload freed */
void LK_(shadow_drop_heap)(void);   /* at exit, before the leak search */
void LK_(shadow_mem_mapped)(Addr a, SizeT len);  /* mmap/munmap: forget */
/* A mapping made (any_perm: with some permission), unmapped (True) or
   mprotected: the no-permission mappings Memcheck calls noaccess. */
void LK_(shadow_mem_perms)(Addr a, SizeT len, Bool any_perm);
/* Whether no byte of [a, a+len) is in a no-permission mapping. */
Bool LK_(shadow_mem_any_perm)(Addr a, SizeT len);
/* The core's system-call memory checks (Memcheck's check_mem_is_*, and
   mc_post_mem_write), registered by lk_events.c. */
void LK_(shadow_pre_mem_read)(CorePart part, ThreadId tid, const HChar* s,
                              Addr base, SizeT size);
void LK_(shadow_pre_mem_read_asciiz)(CorePart part, ThreadId tid,
                                     const HChar* s, Addr str);
void LK_(shadow_post_mem_write)(CorePart part, ThreadId tid, Addr a,
                                SizeT len);
/* The first byte of [a, a+len) outside the heap that Memcheck's A bits
   call unaddressable (unmapped, or mapped with no permission). */
Bool LK_(first_unaddressable)(ThreadId tid, Addr a, SizeT len, Addr* bad);
/* Reports an invalid access by the running thread, as the slow path of
   the inline check does. */
void LK_(report_access)(Addr a, SizeT szB, Bool isWrite);
void LK_(shadow_print_stats)(void);

/* The first address of a page-zero access the slow path reported since
   the last fault (which it is about to cause). */
extern Bool LK_(probe_reported);
extern Addr LK_(probe_reported_addr);

/* Set once the client marks memory outside the heap noaccess: then
   stack-pointer-relative and constant addresses are checked too. */
extern Bool LK_(shadow_nonheap_marks);

/* Slow paths called from translated code.  info = size | LK_ACCESS_WRITE
   for loads and stores; (size << 8) | LK_DIRTY_* for dirty helpers. */
#define LK_ACCESS_SIZE_MASK 0xFFu
#define LK_ACCESS_WRITE     0x100u
#define LK_DIRTY_READ       1u
#define LK_DIRTY_WRITE      2u
VG_REGPARM(2) void LK_(helperc_access)(Addr a, UWord info);
VG_REGPARM(1) void LK_(helperc_load1)(Addr a);
VG_REGPARM(1) void LK_(helperc_load2)(Addr a);
VG_REGPARM(1) void LK_(helperc_load4)(Addr a);
VG_REGPARM(1) void LK_(helperc_load8)(Addr a);
VG_REGPARM(1) void LK_(helperc_load16)(Addr a);
VG_REGPARM(1) void LK_(helperc_load32)(Addr a);
VG_REGPARM(1) void LK_(helperc_store1)(Addr a);
VG_REGPARM(1) void LK_(helperc_store2)(Addr a);
VG_REGPARM(1) void LK_(helperc_store4)(Addr a);
VG_REGPARM(1) void LK_(helperc_store8)(Addr a);
VG_REGPARM(1) void LK_(helperc_store16)(Addr a);
VG_REGPARM(1) void LK_(helperc_store32)(Addr a);
VG_REGPARM(2) void LK_(helperc_dirty_access)(Addr a, UWord info);

/*------------------------------------------------------------*/
/*--- Core events (lk_events.c)                            ---*/
/*------------------------------------------------------------*/

/* Every tracker of the core's events, registered in pre_clo_init. */
void LK_(events_init)(void);

/*------------------------------------------------------------*/
/*--- Wild pointers (lk_fault.c)                           ---*/
/*------------------------------------------------------------*/

/* Wild-pointer accesses, reported when they fault. */
void LK_(fault_client_starts)(void);   /* first client code */
void LK_(fault_after_sigaction)(void); /* after each rt_sigaction */
void LK_(fault_print_stats)(void);

/* Fault-safe reads of client memory (a page may have been mprotect'ed
   behind the address-space manager's back): the one setup of the
   core's fault catcher.  LK_(catch_faults) calls f(opaque) and returns
   True, or False if f faulted (SIGSEGV or SIGBUS) and was left there,
   with the fault's address in *fault_addr (if not NULL).  Catches nest.
   The signal mask, the FPU and SSE control words and
   VG_(in_generated_code) are as before the call either way.  what (or
   NULL): printed after "unexpected signal N" for any other signal,
   which the core then handles as the tool's own crash. */
Bool LK_(catch_faults)(void (*f)(void*), void* opaque, Addr* fault_addr,
                       const HChar* what);
/* The word at a, if the client has it mapped readable and reading it
   does not fault. */
Bool LK_(read_client_word)(Addr a, UWord* out, const HChar* what);
/* Calls f(a, word, opaque) for every aligned word a of [start, end)
   that can be read; unreadable pages and faulting words are skipped. */
void LK_(for_each_readable_word)(Addr start, Addr end,
                                 void (*f)(Addr, UWord, void*), void* opaque);

/*------------------------------------------------------------*/
/*--- Leak origins (lk_origin.c)                           ---*/
/*------------------------------------------------------------*/

extern Bool  LK_(clo_track_leak_origins);
void LK_(origin_post_clo_init)(void);
/* The translated code's filter: (w - lo) < span may point into the heap. */
extern UWord LK_(origin_lo);
extern UWord LK_(origin_span);
/* The event map (lk_origin.c): primary entries are secondary addresses
   minus that of origin_none, whose slots all look used. */
#define LK_ORIGIN_CHUNK_BITS 16
#define LK_ORIGIN_N_CHUNKS   (1u << 21)
#define LK_ORIGIN_GRAN_BITS  5
extern UWord LK_(origin_prim)[LK_ORIGIN_N_CHUNKS];
/* Stack words a dead frame's report tests inline (lk_translate.c); the
   helper reads the others (which may not be mapped). */
#define LK_ORIGIN_INLINE_WORDS 8
extern ULong LK_(origin_none)[1u << (LK_ORIGIN_CHUNK_BITS - LK_ORIGIN_GRAN_BITS)];
/* An instruction that can remove a heap pointer from memory, numbered
   at translation time; store_first: a store that is its first memory
   access, whose old bytes the instrumentation loads before it. */
UInt LK_(origin_new_site)(Addr ip, Bool store_first);
/* The heap (lk_heap.c): a block was made; a block was freed or moved
   by realloc (its first 'moved' bytes were copied to the new block);
   custom: a custom allocator's block, in the client's own memory. */
void LK_(origin_block_new)(Addr p, SizeT szB);
void LK_(origin_block_dies)(ThreadId tid, Addr p, SizeT n, SizeT moved,
                            Bool custom);
/* Memory about to be unmapped (munmap), or written by a system call. */
void LK_(origin_mem_dies)(ThreadId tid, Addr a, SizeT len, Bool unmapped);
/* Asked by the fault handler about a faulting load at guest
   instruction ip: is it the origins' load of a store's old bytes (a
   site made with store_first)? */
Bool LK_(origin_load_is_store)(Addr ip);
/* Helpers called from generated code (lk_translate.c). */
void LK_(origin_store8)(Addr a, UWord old, UWord new, UWord site);
/* (unused: the stored bytes, loaded first so that a wild store faults
   at its own address) */
void LK_(origin_store)(Addr a, UWord n, UWord site, UWord unused);
void LK_(origin_stack_died)(Addr a, UWord n, UWord mask, UWord site,
                            UWord rax);
void LK_(origin_stack_rise)(void* gs, Addr lo, Addr hi, UWord thread_exit);
/* At a leak search, after the loss records are made: the origins. */
void LK_(origin_compute)(LK_Leak* lc);
/* Prints an origin's sentence and stack after a loss record (text or
   XML); alloc_at: the allocation stack, for pointers the allocator
   returned and that were never stored. */
void LK_(origin_pp)(const LK_RecordOrigin* o, ExeContext* alloc_at);
/* The same sentence and stack for the SARIF result being built. */
void LK_(origin_sarif)(const LK_RecordOrigin* o, ExeContext* alloc_at);
void LK_(origin_print_stats)(void);

/*------------------------------------------------------------*/
/*--- SARIF log (lk_sarif_glue.c; JSON in lk_sarif.cpp)    ---*/
/*------------------------------------------------------------*/

/* True while results are collected (--sarif-file given, before fini). */
extern Bool LK_(sarif_on);
void LK_(sarif_post_clo_init)(void);   /* checks the options, starts */
void LK_(sarif_fini)(void);            /* writes the file */
/* exit/exit_group of the client: its exit status (lk_fault.c). */
void LK_(sarif_pre_syscall)(UInt sysno, const UWord* args, UInt nArgs);
/* One result, built by LK_(sarif_error): begin (False: skip it, e.g. an
   error already recorded), then the stacks (the error's own first; text
   NULL) and notes, then end (kind NULL: drop it). */
Bool LK_(sarif_begin)(const Error* err, const Supp* su);
void LK_(sarif_stack)(ExeContext* ec, const HChar* text);
void LK_(sarif_note)(const HChar* text);
/* The error manager found err (a shown error it keeps) once more
   (lk_errors.c's eq_Error): occurrenceCount. */
void LK_(sarif_error_again)(const Error* err);
void LK_(sarif_end)(const HChar* kind, const HChar* what, Bool is_leak,
                    ULong bytes, ULong blocks);

/*------------------------------------------------------------*/
/*--- Instrumentation (lk_translate.c)                     ---*/
/*------------------------------------------------------------*/

/* --stats=yes: allocator calls made without the scheduler. */
void LK_(clientcall_print_stats)(void);
IRSB* LK_(instrument)(VgCallbackClosure* closure, IRSB* sb_in,
                      const VexGuestLayout* layout,
                      const VexGuestExtents* vge,
                      const VexArchInfo* archinfo_host,
                      IRType gWordTy, IRType hWordTy);

#endif /* LK_INCLUDE_H */

/*--------------------------------------------------------------------*/
/*--- end                                                lk_include.h ---*/
/*--------------------------------------------------------------------*/
