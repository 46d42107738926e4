/*--------------------------------------------------------------------*/
/*--- leakcheck: errors and suppressions.                          ---*/
/*---                                                  lk_errors.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Errors and suppressions
   -----------------------
   Every error goes through Valgrind's error manager, which folds
   duplicates, applies suppressions, counts ERROR SUMMARY, drives
   --error-exitcode, -s, --gen-suppressions and XML.  This file supplies
   the tool half of that contract with Memcheck's wording and Memcheck's
   error kinds, so that output, XML <kind>s and suppression files are
   interchangeable between the two tools:

     kind              text                                   supp kind
     Err_Addr          Invalid read/write of size N           Addr1..Addr32
     Err_Free          Invalid free() / delete / delete[] ... Free
     Err_FreeMismatch  Mismatched free() / delete / delete [] Free
     Err_FishyValue    Argument 'x' of function f has a fishy FishyValue
     Err_Leak          N bytes in K blocks are ... lost ...    Leak
     Err_MemParam      Syscall param X points to unaddr. ...  Param
     Err_Overlap       Source and destination overlap in ...  Overlap
     Err_IllegalMempool Illegal memory pool address            Mempool
     Err_User          Unaddressable byte(s) found during ... User

   and, with the Valgrind versions whose Memcheck has them (the preload
   of 3.21 passes realloc(p, 0) on; from 3.22 it sends the verify-
   alignment request, lk_heap.c):

     Err_ReallocSizeZero realloc() with size 0 (3.27: the      ReallocZero
                       function's name)
     Err_BadAlign      Invalid alignment value: N (...)        BadAlign
     Err_BadSize       memalign() invalid size value: 0        BadSize
                       (3.26: Unsafe allocation with size of   UnsafeZeroSize
                       zero is implementation-defined)         (BadSize too)
     Err_SizeMismatch  Mismatched new/delete size value: N     SizeMismatch
     Err_AlignMismatch Mismatched new/delete alignment ...     AlignMismatch

   The suppression kinds that only make sense with definedness tracking
   (Cond, Value0..Value32, Jump, CoreMem) are recognised, so that
   Memcheck's files (default.supp among them) load unchanged, and never
   match anything.

   Address descriptions are Memcheck's: a live block within its redzone,
   then a block still in the freed queue, then the core's own
   description (stack, data symbol, mapping).
*/

#include "pub_tool_basics.h"
#include "pub_tool_vki.h"
#include "pub_tool_execontext.h"
#include "pub_tool_xarray.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_addrinfo.h"
#include "pub_tool_errormgr.h"
#include "pub_tool_execontext.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_replacemalloc.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_tooliface.h"
#include "lk_include.h"

/*------------------------------------------------------------*/
/*--- Error descriptions                                   ---*/
/*------------------------------------------------------------*/

typedef struct {
   union {
      struct { SizeT szB; Bool isWrite; Bool maybe_gcc; AddrInfo ai; } Addr;
      struct { AddrInfo ai; } Free;
      struct { AddrInfo ai; } FreeMismatch;
      struct { const HChar* function_name; const HChar* argument_name;
               SizeT value; } FishyValue;
      struct { UInt n_this_record; UInt n_total_records;
               const LK_LossRecord* lr; LK_Delta delta;
               const LK_RecordOrigin* origin; } Leak;
      struct { Bool isAddrErr; AddrInfo ai; } MemParam;
      struct { Addr src; Addr dst; SizeT szB; } Overlap;
      struct { AddrInfo ai; } IllegalMempool;
      struct { Bool isAddrErr; AddrInfo ai; } User;
      struct { AddrInfo ai; } ReallocSizeZero;
      struct { SizeT align; SizeT size; const HChar* msg; } BadAlign;
      struct { SizeT size; const HChar* function; } BadSize;
      struct { AddrInfo ai; const HChar* function_names; SizeT size; }
         SizeMismatch;
      struct { AddrInfo ai; const HChar* function_names; SizeT alloc_align;
               SizeT dealloc_align; Bool default_delete; } AlignMismatch;
   } Err;
} LK_Error;

/* An AlignMismatch's dealloc value as Memcheck words it, for the text,
   the XML and the SARIF log. */
static void align_dealloc_text(const LK_Error* extra, HChar* buf, Int n)
{
   if (extra->Err.AlignMismatch.default_delete)
      VG_(snprintf)(buf, n, "default-aligned");
   else
      VG_(snprintf)(buf, n, "%lu", extra->Err.AlignMismatch.dealloc_align);
}

/* Incremented at each leak search, to reset per-search suppression
   counters (Memcheck's MC_(leak_search_gen)). */
UInt LK_(leak_search_gen) = 0;

static void fill_block_info(AddrInfo* ai, BlockKind kind, const HChar* desc,
                            LK_Chunk* ch, Addr a)
{
   ai->tag = Addr_Block;
   ai->Addr.Block.block_kind = kind;
   ai->Addr.Block.block_desc = desc;
   ai->Addr.Block.block_szB  = ch->szB;
   ai->Addr.Block.rwoffset   = (Word)a - (Word)ch->data;
   ai->Addr.Block.allocated_at = LK_(allocated_at)(ch);
   VG_(initThreadInfo)(&ai->Addr.Block.alloc_tinfo);
   ai->Addr.Block.freed_at = LK_(freed_at)(ch);
}

/* Describes a as Memcheck's describe_addr does. */
static void describe_addr(DiEpoch ep, Addr a, AddrInfo* ai)
{
   LK_Chunk* ch;
   tl_assert(ai->tag == Addr_Undescribed);

   /* A block named with VALGRIND_CREATE_BLOCK, then a chunk of a
      (non-meta) mempool (lk_clientreq.c). */
   if (LK_(client_block_describe)(a, ai))
      return;
   if (LK_(mempool_block_describe)(a, /*is_metapool*/False, ai))
      return;

   /* A live block, within its redzones; it may have reused the memory
      of a block still in the freed queue. */
   ch = LK_(live_block_bracketing)(a);
   if (ch) {
      fill_block_info(ai, Block_Mallocd,
                      LK_(get_freed_block_bracketting)(a)
                         ? "recently re-allocated block" : "block",
                      ch, a);
      return;
   }
   /* A block in the freed queue. */
   ch = LK_(get_freed_block_bracketting)(a);
   if (ch) {
      fill_block_info(ai, Block_Freed, "block", ch, a);
      return;
   }
   /* Last, a metapool chunk: metapool chunks cover the blocks handed
      out from them, so the more precise answers come first. */
   if (LK_(mempool_block_describe)(a, /*is_metapool*/True, ai))
      return;
   /* The unused parts of size-class runs, in the client arena's words
      (lk_heap.c). */
   if (LK_(describe_run_addr)(a, ai))
      return;
   /* Stack, data symbol, mapping, or nothing known. */
   VG_(describe_addr)(ep, a, ai);
}

void LK_(pp_describe_addr)(DiEpoch ep, Addr a)
{
   AddrInfo ai;
   ai.tag = Addr_Undescribed;
   describe_addr(ep, a, &ai);
   VG_(pp_addrinfo_mc)(a, &ai, /*maybe_gcc*/False);
   VG_(clear_addrinfo)(&ai);
}

/*------------------------------------------------------------*/
/*--- Recording errors                                     ---*/
/*------------------------------------------------------------*/

void LK_(record_free_error)(ThreadId tid, Addr a)
{
   LK_Error extra;
   tl_assert(tid != VG_INVALID_THREADID);
   extra.Err.Free.ai.tag = Addr_Undescribed;
   VG_(maybe_record_error)(tid, Err_Free, a, /*s*/NULL, &extra);
}

/* Memcheck's MC_(record_address_error), less what needs the stack's A
   bits (the gcc 2.96 workaround) or gdbserver watchpoints. */
void LK_(record_address_error)(ThreadId tid, Addr a, SizeT szB,
                               Bool isWrite)
{
   LK_Error extra;
   tl_assert(tid != VG_INVALID_THREADID);
   if (LK_(in_ignored_range)(a))
      return;
   extra.Err.Addr.isWrite   = isWrite;
   extra.Err.Addr.szB       = szB;
   extra.Err.Addr.maybe_gcc = False;
   extra.Err.Addr.ai.tag    = Addr_Undescribed;
   VG_(maybe_record_error)(tid, Err_Addr, a, /*s*/NULL, &extra);
}

void LK_(record_memparam_error)(ThreadId tid, Addr a, const HChar* s)
{
   LK_Error extra;
   tl_assert(tid != VG_INVALID_THREADID);
   extra.Err.MemParam.isAddrErr = True;
   extra.Err.MemParam.ai.tag = Addr_Undescribed;
   VG_(maybe_record_error)(tid, Err_MemParam, a, s, &extra);
}

void LK_(record_overlap_error)(ThreadId tid, const HChar* function,
                               Addr src, Addr dst, SizeT szB)
{
   LK_Error extra;
   tl_assert(tid != VG_INVALID_THREADID);
   extra.Err.Overlap.src = src;
   extra.Err.Overlap.dst = dst;
   extra.Err.Overlap.szB = szB;
   VG_(maybe_record_error)(tid, Err_Overlap, /*addr*/0, function, &extra);
}

void LK_(record_freemismatch_error)(ThreadId tid, LK_Chunk* ch)
{
   LK_Error extra;
   tl_assert(tid != VG_INVALID_THREADID);
   /* Always described as the live block it still is, offset 0. */
   fill_block_info(&extra.Err.FreeMismatch.ai, Block_Mallocd, "block",
                   ch, ch->data);
   VG_(maybe_record_error)(tid, Err_FreeMismatch, ch->data, /*s*/NULL,
                           &extra);
}

void LK_(record_illegal_mempool_error)(ThreadId tid, Addr pool)
{
   LK_Error extra;
   tl_assert(tid != VG_INVALID_THREADID);
   extra.Err.IllegalMempool.ai.tag = Addr_Undescribed;
   VG_(maybe_record_error)(tid, Err_IllegalMempool, pool, /*s*/NULL, &extra);
}

void LK_(record_user_error)(ThreadId tid, Addr a, Bool isAddrErr)
{
   LK_Error extra;
   tl_assert(tid != VG_INVALID_THREADID);
   extra.Err.User.isAddrErr = isAddrErr;
   extra.Err.User.ai.tag = Addr_Undescribed;
   VG_(maybe_record_error)(tid, Err_User, a, /*s*/NULL, &extra);
}

Bool LK_(record_fishy_value_error)(ThreadId tid, const HChar* function,
                                   const HChar* argument, SizeT value)
{
   LK_Error extra;
   tl_assert(tid != VG_INVALID_THREADID);
   if ((SSizeT)value >= 0)
      return False;
   extra.Err.FishyValue.function_name = function;
   extra.Err.FishyValue.argument_name = argument;
   extra.Err.FishyValue.value = value;
   VG_(maybe_record_error)(tid, Err_FishyValue, /*addr*/0, /*s*/NULL, &extra);
   return True;
}

void LK_(record_realloc_size_zero)(ThreadId tid, Addr p)
{
   LK_Error extra;
   tl_assert(tid != VG_INVALID_THREADID);
   /* Described when recorded (update_Error_extra), before any free. */
   extra.Err.ReallocSizeZero.ai.tag = Addr_Undescribed;
   VG_(maybe_record_error)(tid, Err_ReallocSizeZero, p, /*s*/NULL, &extra);
}

void LK_(record_bad_alignment)(ThreadId tid, SizeT align, SizeT size,
                               const HChar* msg)
{
   LK_Error extra;
   tl_assert(tid != VG_INVALID_THREADID);
   extra.Err.BadAlign.align = align;
   extra.Err.BadAlign.size = size;
   extra.Err.BadAlign.msg = msg;
   VG_(maybe_record_error)(tid, Err_BadAlign, /*addr*/0, /*s*/NULL, &extra);
}

void LK_(record_bad_size)(ThreadId tid, SizeT size, const HChar* function)
{
   LK_Error extra;
   tl_assert(tid != VG_INVALID_THREADID);
   extra.Err.BadSize.size = size;
   extra.Err.BadSize.function = function;
   VG_(maybe_record_error)(tid, Err_BadSize, /*addr*/0, /*s*/NULL, &extra);
}

/* The block is live, offset 0, as for a mismatched free. */
void LK_(record_size_mismatch_error)(ThreadId tid, LK_Chunk* ch, SizeT size,
                                     const HChar* function_names)
{
   LK_Error extra;
   tl_assert(tid != VG_INVALID_THREADID);
   fill_block_info(&extra.Err.SizeMismatch.ai, Block_Mallocd, "block",
                   ch, ch->data);
   extra.Err.SizeMismatch.function_names = function_names;
   extra.Err.SizeMismatch.size = size;
   VG_(maybe_record_error)(tid, Err_SizeMismatch, ch->data, /*s*/NULL,
                           &extra);
}

void LK_(record_align_mismatch_error)(ThreadId tid, LK_Chunk* ch,
                                      SizeT align, Bool default_delete,
                                      const HChar* function_names)
{
   LK_Error extra;
   tl_assert(tid != VG_INVALID_THREADID);
   fill_block_info(&extra.Err.AlignMismatch.ai, Block_Mallocd, "block",
                   ch, ch->data);
   extra.Err.AlignMismatch.function_names = function_names;
   extra.Err.AlignMismatch.alloc_align = LK_(chunk_orig_align)(ch);
   extra.Err.AlignMismatch.dealloc_align = align;
   extra.Err.AlignMismatch.default_delete = default_delete;
   VG_(maybe_record_error)(tid, Err_AlignMismatch, ch->data, /*s*/NULL,
                           &extra);
}

Bool LK_(record_leak_error)(ThreadId tid, UInt i, UInt n,
                            const LK_LossRecord* lr, Bool print_record,
                            Bool count_as_error, LK_Delta delta,
                            const LK_RecordOrigin* origin)
{
   LK_Error extra;
   extra.Err.Leak.n_this_record = i;
   extra.Err.Leak.n_total_records = n;
   extra.Err.Leak.lr = lr;
   extra.Err.Leak.delta = delta;
   extra.Err.Leak.origin = origin;
   return VG_(unique_error)(tid, Err_Leak, /*addr*/0, /*s*/NULL, &extra,
                            (ExeContext*)(Addr)lr->alloc_at, print_record,
                            /*allow_GDB_attach*/False, count_as_error);
}

/*------------------------------------------------------------*/
/*--- Error-manager callbacks                              ---*/
/*------------------------------------------------------------*/

/* Duplicates: the core has already checked kind and stack. */
static Bool eq_error(const Error* e1, const Error* e2)
{
   LK_Error* x1 = VG_(get_error_extra)(e1);
   LK_Error* x2 = VG_(get_error_extra)(e2);
   switch (VG_(get_error_kind)(e1)) {
   case Err_Free:
   case Err_FreeMismatch:
   case Err_IllegalMempool:
   case Err_Overlap:
   case Err_ReallocSizeZero:
      return True;
   case Err_BadAlign:
      /* The sizes count only when both errors have one (mc_errors.c). */
      if (x1->Err.BadAlign.size != 0 && x2->Err.BadAlign.size != 0
          && x1->Err.BadAlign.size != x2->Err.BadAlign.size)
         return False;
      return x1->Err.BadAlign.align == x2->Err.BadAlign.align;
   case Err_BadSize:
#if LK_VG_AT_LEAST(3, 26)
      return True;
#else
      return x1->Err.BadSize.size == x2->Err.BadSize.size;
#endif
   case Err_SizeMismatch:
      return x1->Err.SizeMismatch.size == x2->Err.SizeMismatch.size;
   case Err_AlignMismatch:
      return x1->Err.AlignMismatch.alloc_align
                == x2->Err.AlignMismatch.alloc_align
             && x1->Err.AlignMismatch.dealloc_align
                == x2->Err.AlignMismatch.dealloc_align
             && x1->Err.AlignMismatch.default_delete
                == x2->Err.AlignMismatch.default_delete;
   case Err_FishyValue:
      return VG_STREQ(x1->Err.FishyValue.function_name,
                      x2->Err.FishyValue.function_name)
             && VG_STREQ(x1->Err.FishyValue.argument_name,
                         x2->Err.FishyValue.argument_name);
   case Err_Addr:
      /* Only the size: a read and a write at one place are one context. */
      return x1->Err.Addr.szB == x2->Err.Addr.szB;
   case Err_MemParam:
      if (!VG_STREQ(VG_(get_error_string)(e1), VG_(get_error_string)(e2)))
         return False;
      /* fall through */
   case Err_User:
      return x1->Err.User.isAddrErr == x2->Err.User.isAddrErr;
   case Err_Leak:
      VG_(tool_panic)("Err_Leak in eq_Error: leaks use VG_(unique_error)");
   default:
      VG_(tool_panic)("unknown error kind in eq_Error");
   }
   return False;
}

/* e1 is an error the core keeps, e2 a new one; True: the core counts e2
   as one more occurrence of e1 (the SARIF log's occurrenceCount,
   lk_sarif_glue.c). */
Bool LK_(eq_Error)(VgRes res, const Error* e1, const Error* e2)
{
   if (!eq_error(e1, e2))
      return False;
   if (UNLIKELY(LK_(sarif_on)))
      LK_(sarif_error_again)(e1);
   return True;
}

/* Who reads an error's first line (error_what). */
typedef enum { What_Text, What_Xml, What_Sarif } WhatFor;

#define WHAT_SZB 1024

/* S as FOR shows it: escaped for the XML (%pS, as Memcheck's XML
   escapes the names it takes from the program), else as it is. */
static const HChar* what_str(WhatFor for_, const HChar* s, HChar* tmp,
                             Int n)
{
   if (for_ != What_Xml)
      return s;
   VG_(snprintf)(tmp, n, "%pS", s);
   return tmp;
}

/* The one place that words an error other than a leak (lk_fmt.cpp words
   loss records): its first line, as Memcheck writes it, into BUF, and
   its XML <kind> as the result.  For the text (What_Text), the XML's
   <what> (What_Xml: strings from the program escaped) and the SARIF
   log's message (What_Sarif: the XML's words, unescaped).  The XML
   differs from the text in one word: a mismatched alignment's "size
   alloc value" (mc_errors.c), which csdiff and the SARIF log read too.
   No newline: the printers add the XML's and the text's. */
static const HChar* error_what(const Error* err, WhatFor for_, HChar* buf,
                               Int n)
{
   LK_Error* extra = VG_(get_error_extra)(err);
   HChar tmp[256];
   switch (VG_(get_error_kind)(err)) {
   case Err_Free:
      VG_(snprintf)(buf, n, "Invalid free() / delete / delete[] / realloc()");
      return "InvalidFree";
   case Err_FreeMismatch:
      VG_(snprintf)(buf, n, "Mismatched free() / delete / delete []");
      return "MismatchedFree";
   case Err_FishyValue:
      VG_(snprintf)(buf, n, "Argument '%s' of function %s has a fishy "
                    "(possibly negative) value: %ld",
                    extra->Err.FishyValue.argument_name,
                    extra->Err.FishyValue.function_name,
                    (SSizeT)extra->Err.FishyValue.value);
      return "FishyValue";
   case Err_Addr:
      VG_(snprintf)(buf, n, "Invalid %s of size %lu",
                    extra->Err.Addr.isWrite ? "write" : "read",
                    extra->Err.Addr.szB);
      return extra->Err.Addr.isWrite ? "InvalidWrite" : "InvalidRead";
   case Err_MemParam:
      /* The XML <what> says "points to" too (mc_errors.c). */
      VG_(snprintf)(buf, n, "Syscall param %s points to unaddressable "
                    "byte(s)", what_str(for_, VG_(get_error_string)(err),
                                        tmp, sizeof tmp));
      return "SyscallParam";
   case Err_Overlap: {
      const HChar* fn = what_str(for_, VG_(get_error_string)(err), tmp,
                                 sizeof tmp);
      if (extra->Err.Overlap.szB == 0)
         VG_(snprintf)(buf, n, "Source and destination overlap in "
                       "%s(%#lx, %#lx)", fn, extra->Err.Overlap.dst,
                       extra->Err.Overlap.src);
      else
         VG_(snprintf)(buf, n, "Source and destination overlap in "
                       "%s(%#lx, %#lx, %lu)", fn, extra->Err.Overlap.dst,
                       extra->Err.Overlap.src, extra->Err.Overlap.szB);
      return "Overlap";
   }
   case Err_User:
      VG_(snprintf)(buf, n, "%s byte(s) found during client check request",
                    extra->Err.User.isAddrErr ? "Unaddressable"
                                              : "Uninitialised");
      return "ClientCheck";
   case Err_IllegalMempool:
      VG_(snprintf)(buf, n, "Illegal memory pool address");
      return "InvalidMemPool";
   case Err_ReallocSizeZero: {
      /* 3.27 names the function the error is in (realloc, reallocf,
         reallocarray); before, always realloc. */
      const HChar* fn = "realloc";
#if LK_VG_AT_LEAST(3, 27)
      fn = VG_(get_ExeContext_first_fnname)(VG_(get_error_where)(err));
      if (fn == NULL)
         fn = "realloc";
#endif
      VG_(snprintf)(buf, n, "%s() with size 0", fn);
      return "ReallocSizeZero";
   }
   case Err_BadAlign:
      if (extra->Err.BadAlign.size != 0) {
         VG_(snprintf)(buf, n, "Invalid size value: %lu alignment value: "
                       "%lu%s", extra->Err.BadAlign.size,
                       extra->Err.BadAlign.align, extra->Err.BadAlign.msg);
         return "InvalidSizeAndAlignment";
      }
      VG_(snprintf)(buf, n, "Invalid alignment value: %lu%s",
                    extra->Err.BadAlign.align, extra->Err.BadAlign.msg);
      return "InvalidAlignment";
   case Err_BadSize:
#if LK_VG_AT_LEAST(3, 26)
      VG_(snprintf)(buf, n, "Unsafe allocation with size of zero is "
                    "implementation-defined");
#else
      VG_(snprintf)(buf, n, "%s invalid size value: %lu",
                    extra->Err.BadSize.function, extra->Err.BadSize.size);
#endif
      return "InvalidSize";
   case Err_SizeMismatch:
      VG_(snprintf)(buf, n, "Mismatched %s size value: %lu",
                    extra->Err.SizeMismatch.function_names,
                    extra->Err.SizeMismatch.size);
      return "MismatchedAllocateDeallocateSize";
   case Err_AlignMismatch: {
      HChar dealloc[32];
      align_dealloc_text(extra, dealloc, sizeof dealloc);
      /* Memcheck's XML says "size" where its text says "alignment". */
      VG_(snprintf)(buf, n, "Mismatched %s %s alloc value: %lu dealloc "
                    "value: %s", extra->Err.AlignMismatch.function_names,
                    for_ == What_Text ? "alignment" : "size",
                    extra->Err.AlignMismatch.alloc_align, dealloc);
      return "MismatchedAllocateDeallocateAlignment";
   }
   default:
      VG_(printf)("Error:\n  unknown leakcheck error code %d\n",
                  VG_(get_error_kind)(err));
      VG_(tool_panic)("unknown error code in error_what");
   }
   return NULL;
}

/* The address description of an error other than a leak, NULL for the
   kinds that have none. */
static const AddrInfo* error_addrinfo(const Error* err)
{
   LK_Error* extra = VG_(get_error_extra)(err);
   switch (VG_(get_error_kind)(err)) {
   case Err_Free:            return &extra->Err.Free.ai;
   case Err_FreeMismatch:    return &extra->Err.FreeMismatch.ai;
   case Err_Addr:            return &extra->Err.Addr.ai;
   case Err_MemParam:        return &extra->Err.MemParam.ai;
   case Err_User:            return &extra->Err.User.ai;
   case Err_IllegalMempool:  return &extra->Err.IllegalMempool.ai;
   case Err_ReallocSizeZero: return &extra->Err.ReallocSizeZero.ai;
   case Err_SizeMismatch:    return &extra->Err.SizeMismatch.ai;
   case Err_AlignMismatch:   return &extra->Err.AlignMismatch.ai;
   default:                  return NULL;
   }
}

void LK_(before_pp_Error)(const Error* err)
{
}

void LK_(pp_Error)(const Error* err)
{
   const Bool xml = VG_(clo_xml);
   if (UNLIKELY(LK_(sarif_on)))
      LK_(sarif_error)(err, NULL);
   LK_Error* extra = VG_(get_error_extra)(err);
   ExeContext* where = VG_(get_error_where)(err);
   Addr a = VG_(get_error_address)(err);
   const AddrInfo* ai;

   if (VG_(get_error_kind)(err) == Err_Leak) {
      HChar buf[512];
      const LK_LossRecord* lr = extra->Err.Leak.lr;
      if (xml) {
         lk_fmt_loss_record_xml(buf, sizeof buf, lr,
                                extra->Err.Leak.n_this_record,
                                extra->Err.Leak.n_total_records,
                                extra->Err.Leak.delta, LK_VG_VERSION);
         VG_(printf_xml)("%s", buf);
      } else {
         lk_fmt_loss_record(buf, sizeof buf, lr,
                            extra->Err.Leak.n_this_record,
                            extra->Err.Leak.n_total_records,
                            extra->Err.Leak.delta, LK_VG_VERSION);
         VG_(umsg)("%s", buf);
      }
      VG_(pp_ExeContext)(where);
      if (extra->Err.Leak.origin != NULL)
         LK_(origin_pp)(extra->Err.Leak.origin, (ExeContext*)(Addr)lr->alloc_at);
      return;
   }

   if (xml) {
      HChar what[WHAT_SZB];
      const HChar* kind = error_what(err, What_Xml, what, sizeof what);
      VG_(printf_xml)("  <kind>%s</kind>\n", kind);
      /* Memcheck's XML ends two <what>s differently: a fishy value's
         with a newline inside and none after, an overlap without a size
         with a newline inside (mc_errors.c). */
      if (VG_(get_error_kind)(err) == Err_FishyValue)
         VG_(printf_xml)("  <what>%s\n</what>", what);
      else if (VG_(get_error_kind)(err) == Err_Overlap
               && extra->Err.Overlap.szB == 0)
         VG_(printf_xml)("  <what>%s\n</what>\n", what);
      else
         VG_(printf_xml)("  <what>%s</what>\n", what);
   } else {
      HChar what[WHAT_SZB];
      error_what(err, What_Text, what, sizeof what);
      VG_(umsg)("%s\n", what);
   }
   VG_(pp_ExeContext)(where);
   ai = error_addrinfo(err);
   if (ai != NULL)
      VG_(pp_addrinfo_mc)(a, (AddrInfo*)ai,
                          VG_(get_error_kind)(err) == Err_Addr
                          && extra->Err.Addr.maybe_gcc);
}

/* Fills in the address description once an error is known to be new. */
UInt LK_(update_Error_extra)(const Error* err)
{
   LK_Error* extra = VG_(get_error_extra)(err);
   DiEpoch ep = VG_(get_ExeContext_epoch)(VG_(get_error_where)(err));
   Addr a = VG_(get_error_address)(err);

   switch (VG_(get_error_kind)(err)) {
   case Err_Leak:
   case Err_FishyValue:
   case Err_Overlap:
   case Err_BadAlign:
   case Err_BadSize:
   case Err_SizeMismatch:      /* described when recorded */
   case Err_AlignMismatch:
      return sizeof(LK_Error);
   case Err_ReallocSizeZero:
      describe_addr(ep, a, &extra->Err.ReallocSizeZero.ai);
      return sizeof(LK_Error);
   case Err_FreeMismatch:
      /* Described when recorded, unless it lies in a named block. */
      (void)LK_(client_block_describe)(a, &extra->Err.FreeMismatch.ai);
      return sizeof(LK_Error);
   case Err_Addr:
      describe_addr(ep, a, &extra->Err.Addr.ai);
      return sizeof(LK_Error);
   case Err_Free:
      describe_addr(ep, a, &extra->Err.Free.ai);
      return sizeof(LK_Error);
   case Err_MemParam:
      describe_addr(ep, a, &extra->Err.MemParam.ai);
      return sizeof(LK_Error);
   case Err_User:
      describe_addr(ep, a, &extra->Err.User.ai);
      return sizeof(LK_Error);
   case Err_IllegalMempool:
      describe_addr(ep, a, &extra->Err.IllegalMempool.ai);
      return sizeof(LK_Error);
   default:
      VG_(tool_panic)("update_Error_extra: bad error kind");
   }
   return sizeof(LK_Error);
}

/*------------------------------------------------------------*/
/*--- Suppressions                                         ---*/
/*------------------------------------------------------------*/

/* Memcheck's suppression kinds, all of them, so that Memcheck's files
   load unchanged; the definedness kinds never match here. */
typedef enum {
   ParamSupp, UserSupp, CoreMemSupp,
   Value1Supp, Value2Supp, Value4Supp, Value8Supp, Value16Supp, Value32Supp,
   CondSupp,
   Addr1Supp, Addr2Supp, Addr4Supp, Addr8Supp, Addr16Supp, Addr32Supp,
   JumpSupp, FreeSupp, OverlapSupp, LeakSupp, MempoolSupp, FishyValueSupp,
   /* Only with the Valgrind versions whose Memcheck has them. */
   ReallocZeroSupp, BadAlignSupp, BadSizeSupp, SizeMismatchSupp,
   AlignMismatchSupp
} LK_SuppKind;

static const struct { const HChar* name; LK_SuppKind kind; } supp_names[] = {
   { "Param", ParamSupp },     { "User", UserSupp },
   { "CoreMem", CoreMemSupp },
   { "Addr1", Addr1Supp },     { "Addr2", Addr2Supp },
   { "Addr4", Addr4Supp },     { "Addr8", Addr8Supp },
   { "Addr16", Addr16Supp },   { "Addr32", Addr32Supp },
   { "Jump", JumpSupp },       { "Free", FreeSupp },
   { "Leak", LeakSupp },       { "Overlap", OverlapSupp },
   { "Mempool", MempoolSupp }, { "Cond", CondSupp },
   { "Value0", CondSupp },     /* backwards compatibility, as Memcheck */
   { "Value1", Value1Supp },   { "Value2", Value2Supp },
   { "Value4", Value4Supp },   { "Value8", Value8Supp },
   { "Value16", Value16Supp }, { "Value32", Value32Supp },
   { "FishyValue", FishyValueSupp },
#if LK_VG_AT_LEAST(3, 21)
   { "ReallocZero", ReallocZeroSupp },
#endif
#if LK_VG_AT_LEAST(3, 22)
   { "BadAlign", BadAlignSupp },
   /* 3.26 renamed it UnsafeZeroSize and still reads the old name. */
   { "BadSize", BadSizeSupp },
#  if LK_VG_AT_LEAST(3, 26)
   { "UnsafeZeroSize", BadSizeSupp },
#  endif
   { "SizeMismatch", SizeMismatchSupp },
   { "AlignMismatch", AlignMismatchSupp },
#endif
};

typedef struct {
   UInt  match_leak_kinds;
   /* Counted during the search numbered leak_search_gen (-v output). */
   SizeT blocks_suppressed;
   SizeT bytes_suppressed;
   UInt  leak_search_gen;
} LK_LeakSuppExtra;

typedef struct {
   const HChar* function_name;   /* NULL: any function and argument */
   const HChar* argument_name;
} LK_FishyValueSuppExtra;

Bool LK_(is_recognised_suppression)(const HChar* name, Supp* su)
{
   UInt i;
   for (i = 0; i < sizeof(supp_names) / sizeof(supp_names[0]); i++) {
      if (VG_STREQ(name, supp_names[i].name)) {
         VG_(set_supp_kind)(su, supp_names[i].kind);
         return True;
      }
   }
   return False;
}

Bool LK_(read_extra_suppression_info)(Int fd, HChar** bufpp, SizeT* nBufp,
                                      Int* lineno, Supp* su)
{
   Bool eof;
   switch (VG_(get_supp_kind)(su)) {
   case ParamSupp:
      /* The syscall parameter line is mandatory. */
      eof = VG_(get_line)(fd, bufpp, nBufp, lineno);
      if (eof) return False;
      VG_(set_supp_string)(su, VG_(strdup)("lk.resi.1", *bufpp));
      if (VG_STREQ(*bufpp, "preadv(vector[...])")
          || VG_STREQ(*bufpp, "pwritev(vector[...])")) {
         /* Memcheck's warning for entries written for 3.14 or older. */
         VG_(umsg)("WARNING: %s is an obsolete suppression line "
                   "not supported in valgrind 3.15 or later.\n"
                   "You should replace [...] by a specific index"
                   " such as [0] or [1] or [2] or similar\n\n", *bufpp);
      }
      return True;

   case LeakSupp: {
      LK_LeakSuppExtra* lse = VG_(malloc)("lk.resi.2", sizeof *lse);
      lse->match_leak_kinds = LK_KINDS_ALL;   /* old style: all kinds */
      lse->blocks_suppressed = 0;
      lse->bytes_suppressed = 0;
      lse->leak_search_gen = 0;
      VG_(set_supp_extra)(su, lse);
      eof = VG_(get_line)(fd, bufpp, nBufp, lineno);
      if (eof) return True;
      if (VG_(strncmp)(*bufpp, "match-leak-kinds:", 17) == 0) {
         Int i = 17;
         unsigned set;
         while ((*bufpp)[i] && VG_(isspace)((*bufpp)[i]))
            i++;
         if (!lk_parse_kinds(*bufpp + i, &set))
            return False;
         lse->match_leak_kinds = set;
         return True;
      }
      /* Anything else must be a location line, which the core reads. */
      return False;
   }

   case FishyValueSupp: {
      LK_FishyValueSuppExtra* fx = VG_(malloc)("lk.resi.3", sizeof *fx);
      fx->function_name = NULL;
      fx->argument_name = NULL;
      VG_(set_supp_extra)(su, fx);
      eof = VG_(get_line)(fd, bufpp, nBufp, lineno);
      if (eof) return True;
      /* function_name(argument_name) */
      HChar* fn = VG_(strdup)("lk.resi.4", *bufpp);
      HChar* p = VG_(strchr)(fn, '(');
      HChar* q = p ? VG_(strchr)(p + 1, ')') : NULL;
      if (p == NULL || q == NULL) {
         VG_(free)(fn);
         return False;
      }
      *p = '\0';
      *q = '\0';
      fx->function_name = fn;
      fx->argument_name = p + 1;
      return True;
   }

   default:
      return True;
   }
}

Bool LK_(error_matches_suppression)(const Error* err, const Supp* su)
{
   LK_Error* extra = VG_(get_error_extra)(err);
   ErrorKind ekind = VG_(get_error_kind)(err);
   SizeT su_szB;

   switch (VG_(get_supp_kind)(su)) {
   case ParamSupp:
      return ekind == Err_MemParam
             && VG_STREQ(VG_(get_error_string)(err), VG_(get_supp_string)(su));
   case UserSupp:
      return ekind == Err_User;
   case Addr1Supp:  su_szB = 1;  goto addr_case;
   case Addr2Supp:  su_szB = 2;  goto addr_case;
   case Addr4Supp:  su_szB = 4;  goto addr_case;
   case Addr8Supp:  su_szB = 8;  goto addr_case;
   case Addr16Supp: su_szB = 16; goto addr_case;
   case Addr32Supp: su_szB = 32; goto addr_case;
   addr_case:
      return ekind == Err_Addr && extra->Err.Addr.szB == su_szB;
   case FreeSupp:
      return ekind == Err_Free || ekind == Err_FreeMismatch;
   case OverlapSupp:
      return ekind == Err_Overlap;
   case LeakSupp:
      if (ekind == Err_Leak) {
         LK_LeakSuppExtra* lse = VG_(get_supp_extra)(su);
         if (lse->leak_search_gen != LK_(leak_search_gen)) {
            /* First use in this search: restart the counters. */
            lse->blocks_suppressed = 0;
            lse->bytes_suppressed = 0;
            lse->leak_search_gen = LK_(leak_search_gen);
         }
         return (lse->match_leak_kinds
                 & LK_KIND_BIT(extra->Err.Leak.lr->state)) != 0;
      }
      return False;
   case MempoolSupp:
      return ekind == Err_IllegalMempool;
   case ReallocZeroSupp:
      return ekind == Err_ReallocSizeZero;
   case BadAlignSupp:
      return ekind == Err_BadAlign;
   case BadSizeSupp:
      return ekind == Err_BadSize;
   case SizeMismatchSupp:
      return ekind == Err_SizeMismatch;
   case AlignMismatchSupp:
      return ekind == Err_AlignMismatch;
   case FishyValueSupp: {
      LK_FishyValueSuppExtra* fx = VG_(get_supp_extra)(su);
      if (ekind != Err_FishyValue)
         return False;
      /* Memcheck crashes on an entry without its function(arg) line;
         leakcheck lets such an entry match every fishy value. */
      if (fx->function_name == NULL)
         return True;
      return VG_STREQ(extra->Err.FishyValue.function_name, fx->function_name)
             && VG_STREQ(extra->Err.FishyValue.argument_name,
                         fx->argument_name);
   }
   case CoreMemSupp:
   case Value1Supp: case Value2Supp: case Value4Supp: case Value8Supp:
   case Value16Supp: case Value32Supp:
   case CondSupp:
   case JumpSupp:
      return False;   /* errors leakcheck never reports */
   default:
      VG_(tool_panic)("unknown suppression kind in error_matches_suppression");
   }
   return False;
}

const HChar* LK_(get_error_name)(const Error* err)
{
   switch (VG_(get_error_kind)(err)) {
   case Err_MemParam:       return "Param";
   case Err_User:           return "User";
   case Err_FreeMismatch:   return "Free";
   case Err_Free:           return "Free";
   case Err_IllegalMempool: return "Mempool";
   case Err_Overlap:        return "Overlap";
   case Err_Leak:           return "Leak";
   case Err_FishyValue:     return "FishyValue";
   case Err_ReallocSizeZero: return "ReallocZero";
   case Err_BadAlign:       return "BadAlign";
#if LK_VG_AT_LEAST(3, 26)
   case Err_BadSize:        return "UnsafeZeroSize";
#else
   case Err_BadSize:        return "BadSize";
#endif
   case Err_SizeMismatch:   return "SizeMismatch";
   case Err_AlignMismatch:  return "AlignMismatch";
   case Err_Addr: {
      LK_Error* extra = VG_(get_error_extra)(err);
      switch (extra->Err.Addr.szB) {
      case 1:  return "Addr1";
      case 2:  return "Addr2";
      case 4:  return "Addr4";
      case 8:  return "Addr8";
      case 16: return "Addr16";
      case 32: return "Addr32";
      default: return NULL;   /* odd sizes cannot be suppressed */
      }
   }
   default:
      VG_(tool_panic)("get_error_name: unexpected error kind");
   }
   return NULL;
}

SizeT LK_(get_extra_suppression_info)(const Error* err, HChar* buf, Int nBuf)
{
   ErrorKind ekind = VG_(get_error_kind)(err);
   LK_Error* extra = VG_(get_error_extra)(err);
   tl_assert(buf && nBuf >= 1);
   if (ekind == Err_MemParam) {
      return VG_(snprintf)(buf, nBuf, "%s", VG_(get_error_string)(err));
   } else if (ekind == Err_Leak) {
      return VG_(snprintf)(buf, nBuf, "match-leak-kinds: %s",
                           lk_state_keyword(extra->Err.Leak.lr->state));
   } else if (ekind == Err_FishyValue) {
      return VG_(snprintf)(buf, nBuf, "%s(%s)",
                           extra->Err.FishyValue.function_name,
                           extra->Err.FishyValue.argument_name);
   }
   buf[0] = '\0';
   return 0;
}

SizeT LK_(print_extra_suppression_use)(const Supp* su, HChar* buf, Int nBuf)
{
   tl_assert(nBuf >= 1);
   if (VG_(get_supp_kind)(su) == LeakSupp) {
      LK_LeakSuppExtra* lse = VG_(get_supp_extra)(su);
      if (lse->leak_search_gen == LK_(leak_search_gen)
          && lse->blocks_suppressed > 0)
         return VG_(snprintf)(buf, nBuf,
                              "suppressed: %'lu bytes in %'lu blocks",
                              lse->bytes_suppressed, lse->blocks_suppressed);
   }
   buf[0] = '\0';
   return 0;
}

void LK_(update_extra_suppression_use)(const Error* err, const Supp* su)
{
   if (UNLIKELY(LK_(sarif_on)))
      LK_(sarif_error)(err, su);
   if (VG_(get_supp_kind)(su) == LeakSupp) {
      LK_LeakSuppExtra* lse = VG_(get_supp_extra)(su);
      LK_Error* extra = VG_(get_error_extra)(err);
      tl_assert(lse->leak_search_gen == LK_(leak_search_gen));
      lse->blocks_suppressed += extra->Err.Leak.lr->n_blocks;
      lse->bytes_suppressed += extra->Err.Leak.lr->szB
                               + extra->Err.Leak.lr->indirect_szB;
   }
}

/*------------------------------------------------------------*/
/*--- SARIF results (docs/sarif.md)                        ---*/
/*------------------------------------------------------------*/

/* The address description of an error as SARIF stacks and notes: the
   block sentence of VG_(pp_addrinfo_mc) over the stack it introduces
   (alloc'd or free'd at), "Block was alloc'd at" over the allocation
   stack of a freed block.  Other descriptions (stack, data symbol,
   mapping) become a note saying only where the address is. */
static void sarif_addrinfo(Addr a, const AddrInfo* ai)
{
   HChar line[256];
   switch (ai->tag) {
   case Addr_Block: {
      SizeT szB = ai->Addr.Block.block_szB;
      PtrdiffT off = ai->Addr.Block.rwoffset;
      SizeT delta;
      const HChar* rel;
      BlockKind bk = ai->Addr.Block.block_kind;
      if (off < 0) { delta = (SizeT)(-off); rel = "before"; }
      else if ((SizeT)off >= szB) { delta = off - szB; rel = "after"; }
      else { delta = off; rel = "inside"; }
      VG_(snprintf)(line, sizeof line,
                    "Address 0x%lx is %'lu bytes %s a %s of size %'lu %s",
                    a, delta, rel, ai->Addr.Block.block_desc, szB,
                    bk == Block_Mallocd ? "alloc'd"
                    : bk == Block_Freed ? "free'd" : "client-defined");
      if (bk == Block_Freed) {
         LK_(sarif_stack)(ai->Addr.Block.freed_at, line);
         if (ai->Addr.Block.allocated_at != VG_(null_ExeContext)())
            LK_(sarif_stack)(ai->Addr.Block.allocated_at,
                             "Block was alloc'd at");
      } else if (ai->Addr.Block.allocated_at != VG_(null_ExeContext)()) {
         LK_(sarif_stack)(ai->Addr.Block.allocated_at, line);
      } else {
         LK_(sarif_note)(line);
      }
      break;
   }
   case Addr_Unknown:
      VG_(snprintf)(line, sizeof line, "Address 0x%lx is not stack'd, "
                    "malloc'd or (recently) free'd", a);
      LK_(sarif_note)(line);
      break;
   case Addr_Stack:
      VG_(snprintf)(line, sizeof line, "Address 0x%lx is on thread %u's "
                    "stack", a, ai->Addr.Stack.tinfo.tid);
      LK_(sarif_note)(line);
      break;
   default:
      break;
   }
}

/* The result of one error shown (su NULL) or suppressed by su: the
   kind and what of its XML form, its stack, the address description's
   stacks (lk_sarif_glue.c collects them and writes the log). */
void LK_(sarif_error)(const Error* err, const Supp* su)
{
   LK_Error* extra = VG_(get_error_extra)(err);
   ExeContext* where = VG_(get_error_where)(err);
   Addr a = VG_(get_error_address)(err);
   HChar what[WHAT_SZB];
   const HChar* kind = NULL;
   const AddrInfo* ai = NULL;
   ULong bytes = 0, blocks = 0;
   Bool is_leak = False;

   if (!LK_(sarif_begin)(err, su))
      return;
   what[0] = '\0';
   if (VG_(get_error_kind)(err) == Err_Leak) {
      const LK_LossRecord* lr = extra->Err.Leak.lr;
      SizeT n = lk_fmt_loss_record(what, sizeof what, lr,
                                   extra->Err.Leak.n_this_record,
                                   extra->Err.Leak.n_total_records,
                                   extra->Err.Leak.delta, LK_VG_VERSION);
      if (n > 0 && n < sizeof what && what[n - 1] == '\n')
         what[n - 1] = '\0';
      kind = lk_state_xml_kind(lr->state);
      is_leak = True;
      bytes = lr->szB + lr->indirect_szB;
      blocks = lr->n_blocks;
   } else {
      kind = error_what(err, What_Sarif, what, sizeof what);
      ai = error_addrinfo(err);
   }
   LK_(sarif_stack)(where, NULL);
   /* A freshly detected error's description is filled in by
      update_Error_extra before it is shown; a suppressed one has none. */
   if (ai != NULL && ai->tag != Addr_Undescribed)
      sarif_addrinfo(a, ai);
   /* --track-leak-origins: the origin's sentence and stack */
   if (is_leak && extra->Err.Leak.origin != NULL)
      LK_(origin_sarif)(extra->Err.Leak.origin,
                        (ExeContext*)(Addr)extra->Err.Leak.lr->alloc_at);
   LK_(sarif_end)(kind, what, is_leak, bytes, blocks);
}

/*------------------------------------------------------------*/
/*--- Entries written Leakcheck:KIND                       ---*/
/*------------------------------------------------------------*/

/* The core applies an entry when its tool list names the tool's details
   name, which leakcheck sets to "Memcheck" in post_clo_init so that
   Memcheck's files apply unchanged (lk_main.c).  Entries naming
   Leakcheck (and not Memcheck) would then be skipped silently.  So once
   the core has read the files (VG_(load_suppressions), after
   post_clo_init) and before the client runs, every file that has such
   an entry is read a second time, through the core's own loader, with
   the details name "Leakcheck": the core parses and reports errors in
   those entries with the file's name and line numbers, and -v lists
   them with their file and line, exactly as for Memcheck entries.
   Entries naming both tools (Memcheck,Leakcheck:KIND) in such a file
   are loaded twice; the copies are identical (name, file, line), only
   the first one found is ever used, so this is invisible.
   docs/suppressions.md describes the rules for users. */

/* Does the tool list LIST (LEN chars) have the element NAME? */
static Bool tool_list_has(const HChar* list, Int len, const HChar* name)
{
   Int nlen = VG_(strlen)(name);
   Int i = 0;
   while (i < len) {
      Int j = i;
      while (j < len && list[j] != ',')
         j++;
      if (j - i == nlen && VG_(strncmp)(list + i, name, nlen) == 0)
         return True;
      i = j + 1;
   }
   return False;
}

/* Does file F have a tool line naming Leakcheck but not Memcheck?
   A rough scan of every line "WORD:..." is enough: location lines
   (fun:, obj:, src:) never name a tool, and the core checks the syntax
   in the second reading. */
static Bool file_has_leakcheck_entries(const HChar* f)
{
   SysRes sres = VG_(open)(f, VKI_O_RDONLY, 0);
   HChar  chunk[4096];
   HChar  line[256];
   Int    n, i, len = 0;
   Bool   found = False, overlong = False;
   if (sr_isError(sres))
      return False;
   while (!found && (n = VG_(read)(sr_Res(sres), chunk, sizeof chunk)) > 0) {
      for (i = 0; i < n && !found; i++) {
         HChar c = chunk[i];
         if (c != '\n') {
            if (len == 0 && (c == ' ' || c == '\t'))
               continue;          /* leading blanks, as the core skips */
            if (len < (Int)sizeof line - 1)
               line[len++] = c;
            else
               overlong = True;   /* a frame line: no tool list */
            continue;
         }
         if (!overlong) {
            Int colon = 0;
            while (colon < len && line[colon] != ':')
               colon++;
            found = colon < len
                    && tool_list_has(line, colon, "Leakcheck")
                    && !tool_list_has(line, colon, "Memcheck");
         }
         len = 0;
         overlong = False;
      }
   }
   if (!found && !overlong && len > 0) {   /* last line, no newline */
      Int colon = 0;
      while (colon < len && line[colon] != ':')
         colon++;
      found = colon < len && tool_list_has(line, colon, "Leakcheck")
              && !tool_list_has(line, colon, "Memcheck");
   }
   VG_(close)(sr_Res(sres));
   return found;
}

void LK_(load_leakcheck_suppressions)(void)
{
   static Bool done = False;
   Int i, n;
   if (done)
      return;
   done = True;
   n = VG_(sizeXA)(VG_(clo_suppressions));   /* files appended below are
                                                not scanned again */
   for (i = 0; i < n; i++) {
      const HChar* f = *(HChar**)VG_(indexXA)(VG_(clo_suppressions), i);
      if (!file_has_leakcheck_entries(f))
         continue;
      if (VG_(clo_verbosity) > 1)
         VG_(dmsg)("Reading Leakcheck entries of suppressions file: %s\n", f);
      VG_(details_name)("Leakcheck");
      VG_(add_suppression_file)(f);
      VG_(details_name)("Memcheck");
   }
}

/*--------------------------------------------------------------------*/
/*--- end                                                  lk_errors.c ---*/
/*--------------------------------------------------------------------*/
