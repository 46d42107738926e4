/*--------------------------------------------------------------------*/
/*--- leakcheck: the SARIF log's glue.              lk_sarif_glue.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   --sarif-file=FILE (docs/sarif.md).  lk_errors.c hands over each error
   as Valgrind shows it (pp_Error) and each one a suppression hides
   (update_extra_suppression_use, leak records included); this file
   symbolises its stacks and passes the result to the core
   (lk_sarif.cpp), which turns it into JSON at once.  At the end of the
   run (lk_fini, after the leak search) the file is named as --xml-file
   is, with %p and %q{VAR} expanded then, so that a forked child writes
   its own file (a child's copy of the parent's results is dropped at the
   fork), and written in one go.  The exit status is the client's
   exit_group argument, seen in the syscall wrapper.

   Frames: those of the text and the XML, inlined calls included:
   VG_(apply_ExeContext) walks the stack (so "below main" is cut as in
   the text) and VG_(describe_IP) describes each frame; its XML form
   (VG_(clo_xml) set for the call) is read back field by field.
*/

#include "pub_tool_basics.h"
#include "pub_tool_vki.h"
#include "pub_tool_vkiscnums.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_errormgr.h"
#include "pub_tool_execontext.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_oset.h"
#include "pub_tool_stacktrace.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_xarray.h"
#include "lk_include.h"

Bool LK_(sarif_on) = False;

static LK_Sarif* sarif = NULL;
static HChar* srcroot = NULL;        /* absolute, VG_(malloc)ed */
/* The errors already in the log (shown ones, leaks aside), by Error*:
   which result each is and how often it has occurred. */
typedef struct {
   UWord err;            /* the key: the Error* the core keeps */
   UInt  result;         /* its result's index; NOT_IN_LOG after a fork */
   ULong count;
} SeenError;
#define NOT_IN_LOG 0xffffffffu
static OSet* seen_errors = NULL;
static SeenError* building_seen;
static Bool exit_known = False;
static Int exit_status = 0;

/*------------------------------------------------------------*/
/*--- One result under construction                       ---*/
/*------------------------------------------------------------*/

#define MAX_STACKS 4
#define MAX_FRAMES 512
#define MAX_NOTES  4
#define POOL_SZB   (128 * 1024)

static LK_SarifFrame frames[MAX_STACKS][MAX_FRAMES];
static LK_SarifStack stacks[MAX_STACKS];
static const HChar* notes[MAX_NOTES];
static UInt n_stacks, n_notes;
static HChar pool[POOL_SZB];          /* the strings of the result */
static SizeT pool_used;
static Bool building;
static const Supp* building_supp;
static ThreadId building_tid;

/* A copy of s in the pool, or NULL when the pool is full. */
static const HChar* keep(const HChar* s)
{
   SizeT n;
   HChar* d;
   if (s == NULL)
      return NULL;
   n = VG_(strlen)(s) + 1;
   if (pool_used + n > POOL_SZB)
      return NULL;
   d = pool + pool_used;
   VG_(memcpy)(d, s, n);
   pool_used += n;
   return d;
}

/* The name of su.  Valgrind has no accessor: in coregrind/m_errormgr.c's
   struct _Supp the name is the field after 'next' from 3.21 on, after
   next and count in 3.19 and 3.20 (read in the VALGRIND_3_19_0 ..
   VALGRIND_3_27_0 release sources; run here on 3.19, 3.24 and 3.27).
   As a guard against a layout we have not read, the pointer is used
   only if Valgrind's own memory holds it. */
static const HChar* supp_name(const Supp* su)
{
   const HChar* const* slot;
   const NSegment* seg;
#if LK_VG_AT_LEAST(3, 21)
   slot = (const HChar* const*)((const UChar*)su + sizeof(void*));
#else
   slot = (const HChar* const*)((const UChar*)su + 2 * sizeof(void*));
#endif
   if (*slot == NULL)
      return NULL;
   seg = VG_(am_find_nsegment)((Addr)*slot);
   if (seg == NULL || seg->kind != SkAnonV || !seg->hasR)
      return NULL;
   return *slot;
}

Bool LK_(sarif_begin)(const Error* err, const Supp* su)
{
   tl_assert(!building);
   /* An error is shown once; vgdb's v.info all_errors and -v's list at
      exit show it again.  Leak errors live on the stack of
      VG_(unique_error) and are offered once per search. */
   building_seen = NULL;
   if (su == NULL && VG_(get_error_kind)(err) != Err_Leak) {
      UWord key = (UWord)err;
      SeenError* se;
      if (VG_(OSetGen_Lookup)(seen_errors, &key) != NULL)
         return False;
      se = VG_(OSetGen_AllocNode)(seen_errors, sizeof *se);
      se->err = key;
      se->result = NOT_IN_LOG;
      se->count = 1;
      VG_(OSetGen_Insert)(seen_errors, se);
      building_seen = se;
   }
   building = True;
   building_supp = su;
   building_tid = VG_(get_running_tid)();
   if (VG_(get_error_kind)(err) == Err_Leak
       || building_tid == VG_INVALID_THREADID)
      building_tid = 1;    /* as the leak errors' <tid> */
   n_stacks = n_notes = 0;
   pool_used = 0;
   return True;
}

typedef struct { LK_SarifFrame* f; UInt n; } FrameSink;

/* The text of element <tag> in Valgrind's XML form of a frame, unescaped
   into the pool; NULL if absent. */
static const HChar* xml_field(const HChar* desc, const HChar* tag)
{
   HChar open[16], close[16];
   const HChar* p;
   const HChar* q;
   HChar* d;
   VG_(snprintf)(open, sizeof open, "<%s>", tag);
   VG_(snprintf)(close, sizeof close, "</%s>", tag);
   p = VG_(strstr)(desc, open);
   if (p == NULL)
      return NULL;
   p += VG_(strlen)(open);
   q = VG_(strstr)(p, close);
   if (q == NULL || pool_used + (SizeT)(q - p) + 1 > POOL_SZB)
      return NULL;
   d = pool + pool_used;
   while (p < q) {
      if (*p == '&') {
         static const struct { const HChar* e; HChar c; } ents[] = {
            { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
            { "&quot;", '"' }, { "&apos;", '\'' } };
         UInt k;
         for (k = 0; k < sizeof ents / sizeof ents[0]; k++) {
            SizeT n = VG_(strlen)(ents[k].e);
            if (VG_(strncmp)(p, ents[k].e, n) == 0) {
               *d++ = ents[k].c;
               p += n;
               break;
            }
         }
         if (k < sizeof ents / sizeof ents[0])
            continue;
      }
      *d++ = *p++;
   }
   *d++ = '\0';
   {
      const HChar* r = pool + pool_used;
      pool_used = d - pool;
      return r;
   }
}

/* Every frame of one code address, inlined calls first, as the text and
   the XML list them: Valgrind describes each (VG_(describe_IP), in its
   XML form for the fields), and the fields are read back. */
static void add_frame(UInt n, DiEpoch ep, Addr ip, void* opaque)
{
   FrameSink* fs = opaque;
   InlIPCursor* iipc = VG_(new_IIPC)(ep, ip);
   const Bool xml = VG_(clo_xml);
   do {
      const HChar* desc;
      const HChar* line;
      LK_SarifFrame* f;
      if (fs->n >= MAX_FRAMES)
         break;
      VG_(clo_xml) = True;
      desc = VG_(describe_IP)(ep, ip, iipc);
      VG_(clo_xml) = xml;
      f = &fs->f[fs->n++];
      f->ip = ip;
      f->fn = xml_field(desc, "fn");
      f->obj = xml_field(desc, "obj");
      f->dir = xml_field(desc, "dir");
      f->file = xml_field(desc, "file");
      line = xml_field(desc, "line");
      f->line = line ? (unsigned)VG_(strtoll10)(line, NULL) : 0;
   } while (VG_(next_IIPC)(iipc));
   VG_(delete_IIPC)(iipc);
}

void LK_(sarif_stack)(ExeContext* ec, const HChar* text)
{
   FrameSink fs;
   tl_assert(building);
   if (n_stacks >= MAX_STACKS || ec == NULL)
      return;
   fs.f = frames[n_stacks];
   fs.n = 0;
   VG_(apply_ExeContext)(add_frame, &fs, ec);
   stacks[n_stacks].text = keep(text);
   stacks[n_stacks].frames = fs.f;
   stacks[n_stacks].n_frames = fs.n;
   n_stacks++;
}

void LK_(sarif_note)(const HChar* text)
{
   tl_assert(building);
   if (n_notes < MAX_NOTES && (text = keep(text)) != NULL)
      notes[n_notes++] = text;
}

void LK_(sarif_end)(const HChar* kind, const HChar* what, Bool is_leak,
                    ULong bytes, ULong blocks)
{
   tl_assert(building);
   building = False;
   if (kind != NULL) {
      LK_SarifResult r;
      r.kind = kind;
      r.what = what;
      r.stacks = stacks;
      r.n_stacks = n_stacks;
      r.notes = notes;
      r.n_notes = n_notes;
      r.tid = building_tid;
      r.is_leak = is_leak;
      r.leaked_bytes = bytes;
      r.leaked_blocks = blocks;
      r.suppressed = building_supp != NULL;
      r.supp_name = building_supp ? supp_name(building_supp) : NULL;
      if (building_seen != NULL)
         building_seen->result = lk_sarif_count(sarif);
      lk_sarif_add(sarif, &r);
   }
}

/* The core's error manager found err again: its count (the XML's
   <errorcounts>) went up by one.  The core calls the tool's eq_Error
   only from VG_(maybe_record_error), on the errors it keeps, and adds
   one to the count of the first for which it answers True (read in
   coregrind/m_errormgr.c of 3.19 to 3.27); lk_errors.c calls this
   then.  An error shown is counted from 1; a suppressed one is not in
   seen_errors (the core hands its update_extra_suppression_use a copy
   of it, not the Error* it keeps). */
void LK_(sarif_error_again)(const Error* err)
{
   UWord key = (UWord)err;
   SeenError* se = VG_(OSetGen_Lookup)(seen_errors, &key);
   if (se != NULL)
      se->count++;
}

/*------------------------------------------------------------*/
/*--- Options, fork, exit                                  ---*/
/*------------------------------------------------------------*/

/* A forked child starts a log of its own. */
static void sarif_atfork_child(ThreadId tid)
{
   SeenError* se;
   if (!LK_(sarif_on))
      return;
   lk_sarif_free(sarif);
   sarif = lk_sarif_new(srcroot);
   exit_known = False;
   /* the parent's Error*s are the child's too: those already logged
      stay out of the child's log, as its text does not repeat them */
   VG_(OSetGen_ResetIter)(seen_errors);
   while ((se = VG_(OSetGen_Next)(seen_errors)) != NULL)
      se->result = NOT_IN_LOG;
}

/* Option parsing is over, so the core's bad-option message no longer
   exits by itself (as in lk_main.c): close the XML document, say it,
   exit. */
static void bad_option(const HChar* opt, const HChar* msg, const HChar* val)
{
   if (VG_(clo_xml))
      VG_(printf_xml)("</valgrindoutput>\n");
   VG_(fmsg_bad_option)(opt, msg, val);
   VG_(exit)(1);
}

void LK_(sarif_post_clo_init)(void)
{
   if (LK_(clo_sarif_srcroot) != NULL && LK_(clo_sarif_file) == NULL)
      bad_option("--sarif-srcroot", "--sarif-srcroot%s needs --sarif-file\n",
                 "");
   if (LK_(clo_sarif_file) == NULL)
      return;
   if (LK_(clo_sarif_file)[0] == '\0')
      bad_option("--sarif-file=",
                 "Missing file name (expected --sarif-file=<file>)%s\n", "");
   if (LK_(clo_sarif_srcroot) != NULL) {
      const HChar* d = LK_(clo_sarif_srcroot);
      const HChar* wd = VG_(get_startup_wd)();
      struct vg_stat st;
      SysRes res;
      if (d[0] == '\0')
         bad_option("--sarif-srcroot=", "Missing directory (expected "
                    "--sarif-srcroot=<dir>)%s\n", "");
      if (d[0] == '/') {
         srcroot = VG_(strdup)("lk.sarif.root", d);
      } else {
         srcroot = VG_(malloc)("lk.sarif.root",
                               VG_(strlen)(wd) + VG_(strlen)(d) + 2);
         VG_(sprintf)(srcroot, "%s/%s", wd, d);
      }
      res = VG_(stat)(srcroot, &st);
      if (sr_isError(res) || !VKI_S_ISDIR(st.mode)) {
         HChar msg[200];
         VG_(snprintf)(msg, sizeof msg, "--sarif-srcroot=%s", d);
         bad_option(msg, "'%s' is not a directory\n", d);
      }
   }
   {
      /* A file that cannot be created is a bad option now, as for
         --xml-file, not a message at the end of the run.  (The file is
         written again at exit; with %p an exec'd program, same pid,
         writes the same file.) */
      HChar* name = VG_(expand_file_name)("--sarif-file",
                                          LK_(clo_sarif_file));
      SysRes sres = VG_(open)(name, VKI_O_CREAT | VKI_O_WRONLY | VKI_O_TRUNC,
                              VKI_S_IRUSR | VKI_S_IWUSR | VKI_S_IRGRP
                              | VKI_S_IROTH);
      if (sr_isError(sres)) {
         HChar msg[300];
         VG_(snprintf)(msg, sizeof msg, "--sarif-file=%s",
                       LK_(clo_sarif_file));
         bad_option(msg, "cannot create SARIF file '%s'\n", name);
      }
      VG_(close)(sr_Res(sres));
      VG_(free)(name);
   }
   seen_errors = VG_(OSetGen_Create)(offsetof(SeenError, err), NULL,
                                     VG_(malloc), "lk.sarif.seen",
                                     VG_(free));
   sarif = lk_sarif_new(srcroot);
   LK_(sarif_on) = True;
   VG_(atfork)(NULL, NULL, sarif_atfork_child);
}

void LK_(sarif_pre_syscall)(UInt sysno, const UWord* args, UInt nArgs)
{
   if (!LK_(sarif_on) || nArgs < 1)
      return;
   if (sysno == __NR_exit_group) {
      exit_known = True;
      exit_status = (Int)(args[0] & 0xff);
   }
}

typedef struct { Int fd; Bool ok; } FileSink;

static void write_out(void* opaque, const char* s, size_t n)
{
   FileSink* fs = opaque;
   while (fs->ok && n > 0) {
      Int w = VG_(write)(fs->fd, s, n);
      if (w <= 0) {
         fs->ok = False;
         break;
      }
      s += w;
      n -= (size_t)w;
   }
}

void LK_(sarif_fini)(void)
{
   HChar* name;
   SysRes sres;
   FileSink fs;
   LK_SarifInvocation inv;
   XArray* args;
   Word i, n_vg, n_cl;
   const HChar** argv;
   HChar vg_version[32];

   if (!LK_(sarif_on))
      return;
   LK_(sarif_on) = False;
   {
      /* how often each error shown occurred */
      SeenError* se;
      VG_(OSetGen_ResetIter)(seen_errors);
      while ((se = VG_(OSetGen_Next)(seen_errors)) != NULL)
         if (se->result != NOT_IN_LOG && se->count > 1)
            lk_sarif_set_occurrences(sarif, se->result, se->count);
   }
   name = VG_(expand_file_name)("--sarif-file", LK_(clo_sarif_file));
   sres = VG_(open)(name, VKI_O_CREAT | VKI_O_WRONLY | VKI_O_TRUNC,
                    VKI_S_IRUSR | VKI_S_IWUSR | VKI_S_IRGRP | VKI_S_IROTH);
   if (sr_isError(sres)) {
      VG_(umsg)("leakcheck: cannot create SARIF file %s\n", name);
      VG_(free)(name);
      return;
   }
   fs.fd = sr_Res(sres);
   fs.ok = True;

   /* valgrind, its options, the client and its arguments */
   args = VG_(args_for_valgrind);
   n_vg = args ? VG_(sizeXA)(args) : 0;
   n_cl = VG_(args_for_client) ? VG_(sizeXA)(VG_(args_for_client)) : 0;
   argv = VG_(malloc)("lk.sarif.argv", (n_vg + n_cl + 2) * sizeof *argv);
   inv.n_args = 0;
   argv[inv.n_args++] = "valgrind";
   for (i = 0; i < n_vg; i++)
      argv[inv.n_args++] = *(HChar**)VG_(indexXA)(args, i);
   if (VG_(args_the_exename))
      argv[inv.n_args++] = VG_(args_the_exename);
   for (i = 0; i < n_cl; i++)
      argv[inv.n_args++] = *(HChar**)VG_(indexXA)(VG_(args_for_client), i);
   inv.args = argv;
   inv.tool_version = LK_PACKAGE_VERSION;
   VG_(snprintf)(vg_version, sizeof vg_version, "%d.%d",
                 LK_VG_VERSION / 100, LK_VG_VERSION % 100);
   inv.valgrind_version = vg_version;
   inv.cwd = VG_(get_startup_wd)();
   inv.pid = VG_(getpid)();
   inv.ppid = VG_(getppid)();
   inv.exit_known = exit_known;
   inv.exit_code = exit_status;
   inv.exit_signal = 0;
   lk_sarif_write(sarif, &inv, write_out, &fs);
   VG_(close)(fs.fd);
   if (!fs.ok)
      VG_(umsg)("leakcheck: could not write SARIF file %s\n", name);
   VG_(free)(argv);
   VG_(free)(name);
}

/*--------------------------------------------------------------------*/
/*--- end                                           lk_sarif_glue.c ---*/
/*--------------------------------------------------------------------*/
