/*--------------------------------------------------------------------*/
/*--- leakcheck: replacements loaded into the client.              ---*/
/*---                                          lk_replace_strmem.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   The preload library vgpreload_leakcheck-amd64-linux.so is Valgrind's
   libreplacemalloc_toolpreload (malloc, free, new, delete, ... linked
   whole) plus the code in this file, which runs on the simulated CPU
   inside the client.

   String and memory functions
   ---------------------------
   glibc's string and memory routines read aligned words and vectors,
   which may run past the end of a heap block (never past a page, so
   harmless natively).  leakcheck checks every heap access, so those reads would
   be reported.  These replacements do the same work byte by byte (or
   word by word where both sides are aligned), so that a correct program
   is silent while a real overrun inside, say, strcpy is reported with
   the caller in the stack.  They also report overlapping source and
   destination in the copying functions, through the client request
   Memcheck's own replacements use.

   The replacement set of the Memcheck of the Valgrind leakcheck is
   built against is replaced here, name for name and with the same
   equivalence tags (the tag says which replacements behave alike,
   pub_tool_redir.h), so that a program sees the same functions replaced
   under either tool: 3.19's set, plus wmemcmp from 3.21, wcsncpy from
   3.22, memccpy, wcpncpy, strlcpy and strlcat from 3.23, glibc's
   __wcscat_avx2 from 3.25 (LK_STRMEM_AT_LEAST; docs/compatibility.md,
   "Valgrind versions").  What they report changes with the version too:
   from 3.23 strncat's overlap check no longer counts the source's
   terminator, which it did not read.  Where the granularity of the
   accesses shows in reports (the size in "Invalid read of size N"), the
   access pattern is Memcheck's: byte accesses, except memcpy/memmove,
   memset and memcmp, which move aligned 8-byte words in their middle.
   Built without debug information, so that stack frames read
   "strlen (in .../leakcheck/vgpreload_memcheck-amd64-linux.so)" as Memcheck's
   do on Debian.

   Everything here is compiled with -fno-builtin and without loop
   pattern distribution, so the compiler never turns a loop back into a
   call of the function being replaced.
*/

#include "pub_tool_basics.h"
#include "pub_tool_redir.h"
#include "valgrind.h"
#include "memcheck.h"

/* The version of the Valgrind whose Memcheck's replacements these follow
   (lk_vgcore.h has the same test for the tool; that header is not for
   code that runs in the client). */
#define LK_STRMEM_AT_LEAST(major, minor)                               \
   (__VALGRIND_MAJOR__ * 100 + __VALGRIND_MINOR__ >= (major) * 100 + (minor))

/* The preload has no libc headers; these come from the client's libc. */
extern int tolower(int c);
extern int tolower_l(int c, void* locale);
extern void _exit(int status) __attribute__((__noreturn__));

/*------------------------------------------------------------*/
/*--- Common pieces                                        ---*/
/*------------------------------------------------------------*/

/* Do [dst, dst+dstlen) and [src, src+srclen) share a byte? */
static inline Bool lk_overlap(const void* dst, const void* src,
                              SizeT dstlen, SizeT srclen)
{
   Addr d = (Addr)dst, s = (Addr)src;
   if (dstlen == 0 || srclen == 0)
      return False;
   if (d <= s)
      return s - d < dstlen;
   return d - s < srclen;
}

/* Reported by the tool as "Source and destination overlap in
   FN(dst, src[, len])"; len 0 means the form without a length. */
#define LK_OVERLAP(fn, dst, src, len)                                  \
   VALGRIND_DO_CLIENT_REQUEST_STMT(                                    \
      _VG_USERREQ__MEMCHECK_RECORD_OVERLAP_ERROR,                      \
      (fn), (dst), (src), (len), 0)

/* The _chk functions' answer to a destination that is too small. */
#define LK_CHK_FAIL(what)                                              \
   do {                                                                \
      VALGRIND_PRINTF_BACKTRACE("*** " what ": buffer overflow "       \
                                "detected ***: program terminated\n"); \
      _exit(1);                                                        \
   } while (0)

/* Copies n bytes upwards (dst below src, or disjoint): bytes up to an
   8-byte boundary, 8-byte words (four at a time, then one), 2-byte
   halves when both sides are even, then bytes. */
static inline void lk_copy_up(UChar* d, const UChar* s, SizeT n)
{
   if ((((Addr)d ^ (Addr)s) & 7) == 0) {
      while (((Addr)s & 7) != 0 && n > 0) { *d++ = *s++; n--; }
      while (n >= 32) {
         ((ULong*)d)[0] = ((const ULong*)s)[0];
         ((ULong*)d)[1] = ((const ULong*)s)[1];
         ((ULong*)d)[2] = ((const ULong*)s)[2];
         ((ULong*)d)[3] = ((const ULong*)s)[3];
         d += 32; s += 32; n -= 32;
      }
      while (n >= 8) {
         *(ULong*)d = *(const ULong*)s;
         d += 8; s += 8; n -= 8;
      }
      if (n == 0)
         return;
   }
   if ((((Addr)d | (Addr)s) & 1) == 0) {
      while (n >= 2) {
         *(UShort*)d = *(const UShort*)s;
         d += 2; s += 2; n -= 2;
      }
   }
   while (n > 0) { *d++ = *s++; n--; }
}

/* The same downwards (dst above an overlapping src), from the end. */
static inline void lk_copy_down(UChar* d, const UChar* s, SizeT n)
{
   d += n;
   s += n;
   if ((((Addr)d ^ (Addr)s) & 7) == 0) {
      while (((Addr)s & 7) != 0 && n > 0) { *--d = *--s; n--; }
      while (n >= 32) {
         d -= 32; s -= 32; n -= 32;
         ((ULong*)d)[3] = ((const ULong*)s)[3];
         ((ULong*)d)[2] = ((const ULong*)s)[2];
         ((ULong*)d)[1] = ((const ULong*)s)[1];
         ((ULong*)d)[0] = ((const ULong*)s)[0];
      }
      while (n >= 8) {
         d -= 8; s -= 8; n -= 8;
         *(ULong*)d = *(const ULong*)s;
      }
      if (n == 0)
         return;
   }
   if ((((Addr)d | (Addr)s) & 1) == 0) {
      while (n >= 2) {
         d -= 2; s -= 2; n -= 2;
         *(UShort*)d = *(const UShort*)s;
      }
   }
   while (n > 0) { *--d = *--s; n--; }
}

/* Byte by byte, in the direction that is safe for overlaps. */
static inline void lk_move_bytes(UChar* d, const UChar* s, SizeT n)
{
   SizeT i;
   if (d < s) {
      for (i = 0; i < n; i++) d[i] = s[i];
   } else if (d > s) {
      for (i = n; i > 0; i--) d[i - 1] = s[i - 1];
   }
}

/*------------------------------------------------------------*/
/*--- The replacements                                     ---*/
/*------------------------------------------------------------*/

/* Each LK_<FN>(soname, name) defines the replacement of 'name' in
   objects whose soname matches; the list after each one is the set of
   names Memcheck replaces. */

/*---------------------- strrchr ----------------------*/
#define LK_STRRCHR(so, fn)                                             \
   char* VG_REPLACE_FUNCTION_EZU(20010, so, fn)(const char* s, int c); \
   char* VG_REPLACE_FUNCTION_EZU(20010, so, fn)(const char* s, int c)  \
   {                                                                   \
      const UChar* p = (const UChar*)s;                                \
      const UChar* last = NULL;                                        \
      UChar ch = (UChar)c;                                             \
      for (;; p++) {                                                   \
         if (*p == ch) last = p;                                       \
         if (*p == 0) break;                                           \
      }                                                                \
      return (char*)last;                                              \
   }
LK_STRRCHR(VG_Z_LIBC_SONAME, strrchr)
LK_STRRCHR(VG_Z_LIBC_SONAME, rindex)
LK_STRRCHR(VG_Z_LIBC_SONAME, __GI_strrchr)
LK_STRRCHR(VG_Z_LIBC_SONAME, __strrchr_sse2)
LK_STRRCHR(VG_Z_LIBC_SONAME, __strrchr_sse2_no_bsf)
LK_STRRCHR(VG_Z_LIBC_SONAME, __strrchr_sse42)
LK_STRRCHR(VG_Z_LD_LINUX_SO_2, rindex)

/*---------------------- strchr ----------------------*/
#define LK_STRCHR(so, fn)                                              \
   char* VG_REPLACE_FUNCTION_EZU(20020, so, fn)(const char* s, int c); \
   char* VG_REPLACE_FUNCTION_EZU(20020, so, fn)(const char* s, int c)  \
   {                                                                   \
      const UChar* p = (const UChar*)s;                                \
      UChar ch = (UChar)c;                                             \
      for (;; p++) {                                                   \
         if (*p == ch) return (char*)p;                                \
         if (*p == 0) return NULL;                                     \
      }                                                                \
   }
LK_STRCHR(VG_Z_LIBC_SONAME, strchr)
LK_STRCHR(VG_Z_LIBC_SONAME, index)
LK_STRCHR(VG_Z_LIBC_SONAME, __GI_strchr)
LK_STRCHR(VG_Z_LIBC_SONAME, __strchr_sse2)
LK_STRCHR(VG_Z_LIBC_SONAME, __strchr_sse2_no_bsf)

/* Copies the string src to d (inside dst), reports an overlap of the
   whole of both strings, terminators included, under the name fn, and
   returns the end of the copy (its NUL).  Shared by strcat, strcpy and
   stpcpy; always inlined, so that the overlap is reported from the
   replacement function itself, as Memcheck's stacks show it. */
static inline __attribute__((always_inline))
char* lk_copy_string(char* dst, char* d, const char* src, const char* fn)
{
   const char* s = src;
   while (*s) *d++ = *s++;
   *d = 0;
   if (lk_overlap(dst, src, (SizeT)(d - dst) + 1, (SizeT)(s - src) + 1))
      LK_OVERLAP(fn, dst, src, 0);
   return d;
}

/*---------------------- strcat ----------------------*/
#define LK_STRCAT(so, fn)                                              \
   char* VG_REPLACE_FUNCTION_EZU(20030, so, fn)(char* dst,             \
                                                const char* src);      \
   char* VG_REPLACE_FUNCTION_EZU(20030, so, fn)(char* dst,             \
                                                const char* src)       \
   {                                                                   \
      char* d = dst;                                                   \
      while (*d) d++;                                                  \
      lk_copy_string(dst, d, src, "strcat");                           \
      return dst;                                                      \
   }
LK_STRCAT(VG_Z_LIBC_SONAME, strcat)
LK_STRCAT(VG_Z_LIBC_SONAME, __GI_strcat)

/*---------------------- strncat ----------------------*/
#define LK_STRNCAT(so, fn)                                             \
   char* VG_REPLACE_FUNCTION_EZU(20040, so, fn)(char* dst,             \
                                   const char* src, SizeT n);          \
   char* VG_REPLACE_FUNCTION_EZU(20040, so, fn)(char* dst,             \
                                   const char* src, SizeT n)           \
   {                                                                   \
      char* d = dst;                                                   \
      const char* s = src;                                             \
      SizeT k = 0;                                                     \
      while (*d) d++;                                                  \
      while (k < n && *s) { *d++ = *s++; k++; }                        \
      *d = 0;                                                          \
      if (lk_overlap(dst, src, (SizeT)(d - dst) + 1,                   \
                     (SizeT)(s - src) + LK_STRNCAT_SRC_TERMINATOR))    \
         LK_OVERLAP("strncat", dst, src, n);                           \
      return dst;                                                      \
   }
/* Until 3.22 the source's extent in the overlap check counts one byte
   past what was copied (Valgrind bug 401284, fixed in 3.23). */
#if LK_STRMEM_AT_LEAST(3, 23)
#  define LK_STRNCAT_SRC_TERMINATOR 0
#else
#  define LK_STRNCAT_SRC_TERMINATOR 1
#endif
LK_STRNCAT(VG_Z_LIBC_SONAME, strncat)

#if LK_STRMEM_AT_LEAST(3, 23)
/*---------------------- strlcat (glibc 2.38 on) ----------------------*/
/* Appends src to the string in dst, keeping dst within n bytes and
   nul-terminated; returns the length it tried to make, min(n,
   strlen(dst)) + strlen(src). */
#define LK_STRLCAT(so, fn)                                             \
   SizeT VG_REPLACE_FUNCTION_EZU(20050, so, fn)(char* dst,             \
                                   const char* src, SizeT n);          \
   SizeT VG_REPLACE_FUNCTION_EZU(20050, so, fn)(char* dst,             \
                                   const char* src, SizeT n)           \
   {                                                                   \
      char* d = dst;                                                   \
      const char* s = src;                                             \
      SizeT len = 0;                                                   \
      while (len < n && *d) { d++; len++; }                            \
      if (len < n) {                                                   \
         while (len + 1 < n && *s) { *d++ = *s++; len++; }             \
         *d = 0;                                                       \
      }                                                                \
      while (*s) { s++; len++; }                                       \
      if (lk_overlap(dst, src, (SizeT)(d - dst) + 1,                   \
                     (SizeT)(s - src) + 1))                            \
         LK_OVERLAP("strlcat", dst, src, n);                           \
      return len;                                                      \
   }
LK_STRLCAT(VG_Z_LIBC_SONAME, strlcat)
#endif

/*---------------------- strnlen ----------------------*/
#define LK_STRNLEN(so, fn)                                             \
   SizeT VG_REPLACE_FUNCTION_EZU(20060, so, fn)(const char* s,         \
                                                SizeT n);              \
   SizeT VG_REPLACE_FUNCTION_EZU(20060, so, fn)(const char* s,         \
                                                SizeT n)               \
   {                                                                   \
      SizeT k = 0;                                                     \
      while (k < n && s[k]) k++;                                       \
      return k;                                                        \
   }
LK_STRNLEN(VG_Z_LIBC_SONAME, strnlen)
LK_STRNLEN(VG_Z_LIBC_SONAME, __GI_strnlen)

/*---------------------- strlen ----------------------*/
#define LK_STRLEN(so, fn)                                              \
   SizeT VG_REPLACE_FUNCTION_EZU(20070, so, fn)(const char* s);        \
   SizeT VG_REPLACE_FUNCTION_EZU(20070, so, fn)(const char* s)         \
   {                                                                   \
      SizeT k = 0;                                                     \
      while (s[k]) k++;                                                \
      return k;                                                        \
   }
LK_STRLEN(VG_Z_LIBC_SONAME, strlen)
LK_STRLEN(VG_Z_LIBC_SONAME, __GI_strlen)
LK_STRLEN(VG_Z_LIBC_SONAME, __strlen_sse2)
LK_STRLEN(VG_Z_LIBC_SONAME, __strlen_sse2_no_bsf)
LK_STRLEN(VG_Z_LIBC_SONAME, __strlen_sse42)
LK_STRLEN(VG_Z_LD_LINUX_SO_2, strlen)
LK_STRLEN(VG_Z_LD_LINUX_X86_64_SO_2, strlen)

/*---------------------- strcpy ----------------------*/
#define LK_STRCPY(so, fn)                                              \
   char* VG_REPLACE_FUNCTION_EZU(20080, so, fn)(char* dst,             \
                                                const char* src);      \
   char* VG_REPLACE_FUNCTION_EZU(20080, so, fn)(char* dst,             \
                                                const char* src)       \
   {                                                                   \
      lk_copy_string(dst, dst, src, "strcpy");                         \
      return dst;                                                      \
   }
LK_STRCPY(VG_Z_LIBC_SONAME, strcpy)
LK_STRCPY(VG_Z_LIBC_SONAME, __GI_strcpy)

/*---------------------- strncpy ----------------------*/
/* The overlap report shows where the copy stopped (as Memcheck's). */
#define LK_STRNCPY(so, fn)                                             \
   char* VG_REPLACE_FUNCTION_EZU(20090, so, fn)(char* dst,             \
                                   const char* src, SizeT n);          \
   char* VG_REPLACE_FUNCTION_EZU(20090, so, fn)(char* dst,             \
                                   const char* src, SizeT n)           \
   {                                                                   \
      char* d = dst;                                                   \
      const char* s = src;                                             \
      SizeT k = 0;                                                     \
      while (k < n && *s) { *d++ = *s++; k++; }                        \
      if (lk_overlap(dst, src, n, k < n ? k + 1 : n))                  \
         LK_OVERLAP("strncpy", d, s, n);                               \
      while (k < n) { *d++ = 0; k++; }                                 \
      return dst;                                                      \
   }
LK_STRNCPY(VG_Z_LIBC_SONAME, strncpy)
LK_STRNCPY(VG_Z_LIBC_SONAME, __GI_strncpy)
LK_STRNCPY(VG_Z_LIBC_SONAME, __strncpy_sse2)
LK_STRNCPY(VG_Z_LIBC_SONAME, __strncpy_sse2_unaligned)

/*---------------------- strncmp ----------------------*/
#define LK_STRNCMP(so, fn)                                             \
   int VG_REPLACE_FUNCTION_EZU(20110, so, fn)(const char* a,           \
                                   const char* b, SizeT n);            \
   int VG_REPLACE_FUNCTION_EZU(20110, so, fn)(const char* a,           \
                                   const char* b, SizeT n)             \
   {                                                                   \
      SizeT k;                                                         \
      for (k = 0; k < n; k++) {                                        \
         UChar x = (UChar)a[k], y = (UChar)b[k];                       \
         if (x != y) return x < y ? -1 : 1;                            \
         if (x == 0) return 0;                                         \
      }                                                                \
      return 0;                                                        \
   }
LK_STRNCMP(VG_Z_LIBC_SONAME, strncmp)
LK_STRNCMP(VG_Z_LIBC_SONAME, __GI_strncmp)
LK_STRNCMP(VG_Z_LIBC_SONAME, __strncmp_sse2)
LK_STRNCMP(VG_Z_LIBC_SONAME, __strncmp_sse42)

/*---------------------- strcasecmp & co ----------------------*/
#define LK_STRCASECMP(so, fn)                                          \
   int VG_REPLACE_FUNCTION_EZU(20120, so, fn)(const char* a,           \
                                              const char* b);          \
   int VG_REPLACE_FUNCTION_EZU(20120, so, fn)(const char* a,           \
                                              const char* b)           \
   {                                                                   \
      for (;; a++, b++) {                                              \
         int x = tolower((UChar)*a), y = tolower((UChar)*b);           \
         if (x != y) return x < y ? -1 : 1;                            \
         if (x == 0) return 0;                                         \
      }                                                                \
   }
LK_STRCASECMP(VG_Z_LIBC_SONAME, strcasecmp)
LK_STRCASECMP(VG_Z_LIBC_SONAME, __GI_strcasecmp)

#define LK_STRNCASECMP(so, fn)                                         \
   int VG_REPLACE_FUNCTION_EZU(20130, so, fn)(const char* a,           \
                                   const char* b, SizeT n);            \
   int VG_REPLACE_FUNCTION_EZU(20130, so, fn)(const char* a,           \
                                   const char* b, SizeT n)             \
   {                                                                   \
      SizeT k;                                                         \
      for (k = 0; k < n; k++) {                                        \
         int x = tolower((UChar)a[k]), y = tolower((UChar)b[k]);       \
         if (x != y) return x < y ? -1 : 1;                            \
         if (x == 0) return 0;                                         \
      }                                                                \
      return 0;                                                        \
   }
LK_STRNCASECMP(VG_Z_LIBC_SONAME, strncasecmp)
LK_STRNCASECMP(VG_Z_LIBC_SONAME, __GI_strncasecmp)

#define LK_STRCASECMP_L(so, fn)                                        \
   int VG_REPLACE_FUNCTION_EZU(20140, so, fn)(const char* a,           \
                                   const char* b, void* loc);          \
   int VG_REPLACE_FUNCTION_EZU(20140, so, fn)(const char* a,           \
                                   const char* b, void* loc)           \
   {                                                                   \
      for (;; a++, b++) {                                              \
         int x = tolower_l((UChar)*a, loc);                            \
         int y = tolower_l((UChar)*b, loc);                            \
         if (x != y) return x < y ? -1 : 1;                            \
         if (x == 0) return 0;                                         \
      }                                                                \
   }
LK_STRCASECMP_L(VG_Z_LIBC_SONAME, strcasecmp_l)
LK_STRCASECMP_L(VG_Z_LIBC_SONAME, __GI_strcasecmp_l)
LK_STRCASECMP_L(VG_Z_LIBC_SONAME, __GI___strcasecmp_l)

#define LK_STRNCASECMP_L(so, fn)                                       \
   int VG_REPLACE_FUNCTION_EZU(20150, so, fn)(const char* a,           \
                          const char* b, SizeT n, void* loc);          \
   int VG_REPLACE_FUNCTION_EZU(20150, so, fn)(const char* a,           \
                          const char* b, SizeT n, void* loc)           \
   {                                                                   \
      SizeT k;                                                         \
      for (k = 0; k < n; k++) {                                        \
         int x = tolower_l((UChar)a[k], loc);                          \
         int y = tolower_l((UChar)b[k], loc);                          \
         if (x != y) return x < y ? -1 : 1;                            \
         if (x == 0) return 0;                                         \
      }                                                                \
      return 0;                                                        \
   }
LK_STRNCASECMP_L(VG_Z_LIBC_SONAME, strncasecmp_l)
LK_STRNCASECMP_L(VG_Z_LIBC_SONAME, __GI_strncasecmp_l)
LK_STRNCASECMP_L(VG_Z_LIBC_SONAME, __GI___strncasecmp_l)

/*---------------------- strcmp ----------------------*/
#define LK_STRCMP(so, fn)                                              \
   int VG_REPLACE_FUNCTION_EZU(20160, so, fn)(const char* a,           \
                                              const char* b);          \
   int VG_REPLACE_FUNCTION_EZU(20160, so, fn)(const char* a,           \
                                              const char* b)           \
   {                                                                   \
      for (;; a++, b++) {                                              \
         UChar x = (UChar)*a, y = (UChar)*b;                           \
         if (x != y) return x < y ? -1 : 1;                            \
         if (x == 0) return 0;                                         \
      }                                                                \
   }
LK_STRCMP(VG_Z_LIBC_SONAME, strcmp)
LK_STRCMP(VG_Z_LIBC_SONAME, __GI_strcmp)
LK_STRCMP(VG_Z_LIBC_SONAME, __strcmp_sse2)
LK_STRCMP(VG_Z_LIBC_SONAME, __strcmp_sse42)
LK_STRCMP(VG_Z_LD_LINUX_X86_64_SO_2, strcmp)
LK_STRCMP(VG_Z_LD64_SO_1, strcmp)

/*---------------------- memchr, memrchr ----------------------*/
#define LK_MEMCHR(so, fn)                                              \
   void* VG_REPLACE_FUNCTION_EZU(20170, so, fn)(const void* s, int c,  \
                                                SizeT n);              \
   void* VG_REPLACE_FUNCTION_EZU(20170, so, fn)(const void* s, int c,  \
                                                SizeT n)               \
   {                                                                   \
      const UChar* p = (const UChar*)s;                                \
      SizeT k;                                                         \
      for (k = 0; k < n; k++)                                          \
         if (p[k] == (UChar)c) return (void*)(p + k);                  \
      return NULL;                                                     \
   }
LK_MEMCHR(VG_Z_LIBC_SONAME, memchr)
LK_MEMCHR(VG_Z_LIBC_SONAME, __GI_memchr)

#define LK_MEMRCHR(so, fn)                                             \
   void* VG_REPLACE_FUNCTION_EZU(20360, so, fn)(const void* s, int c,  \
                                                SizeT n);              \
   void* VG_REPLACE_FUNCTION_EZU(20360, so, fn)(const void* s, int c,  \
                                                SizeT n)               \
   {                                                                   \
      const UChar* p = (const UChar*)s;                                \
      while (n > 0) {                                                  \
         n--;                                                          \
         if (p[n] == (UChar)c) return (void*)(p + n);                  \
      }                                                                \
      return NULL;                                                     \
   }
LK_MEMRCHR(VG_Z_LIBC_SONAME, memrchr)

/*---------------------- memcpy, memmove ----------------------*/
/* memcpy reports overlap; memmove, and the old memcpy@GLIBC_2.2.5 that
   programs linked against glibc < 2.14 call (it behaved as memmove),
   do not.  Both copy in the safe direction. */
#define LK_MEMCPY_BODY(check)                                          \
   {                                                                   \
      if ((check) && lk_overlap(dst, src, n, n))                       \
         LK_OVERLAP("memcpy", dst, src, n);                            \
      if (n == 0) return dst;                                          \
      if (dst < src || !lk_overlap(dst, src, n, n))                    \
         lk_copy_up((UChar*)dst, (const UChar*)src, n);                \
      else if (dst > src)                                              \
         lk_copy_down((UChar*)dst, (const UChar*)src, n);              \
      return dst;                                                      \
   }
#define LK_MEMCPY(so, fn)                                              \
   void* VG_REPLACE_FUNCTION_EZZ(20180, so, fn)(void* dst,             \
                                   const void* src, SizeT n);          \
   void* VG_REPLACE_FUNCTION_EZZ(20180, so, fn)(void* dst,             \
                                   const void* src, SizeT n)           \
   LK_MEMCPY_BODY(True)
#define LK_MEMMOVE(so, fn)                                             \
   void* VG_REPLACE_FUNCTION_EZZ(20181, so, fn)(void* dst,             \
                                   const void* src, SizeT n);          \
   void* VG_REPLACE_FUNCTION_EZZ(20181, so, fn)(void* dst,             \
                                   const void* src, SizeT n)           \
   LK_MEMCPY_BODY(False)
/* Z-encoded names: memcpy@@GLIBC_2.14, memcpy@GLIBC_2.2.5,
   __GI_memcpy, _intel_fast_memcpy (executables built by icc). */
LK_MEMCPY(VG_Z_LIBC_SONAME, memcpy)
LK_MEMCPY(VG_Z_LIBC_SONAME, memcpyZAZAGLIBCZu2Zd14)
LK_MEMCPY(VG_Z_LIBC_SONAME, ZuZuGIZumemcpy)
LK_MEMCPY(VG_Z_LIBC_SONAME, ZuZumemcpyZusse2)
LK_MEMCPY(VG_Z_LIBC_SONAME, ZuZumemcpyZuavxZuunalignedZuerms)
LK_MEMCPY(VG_Z_LD_SO_1, memcpy)
LK_MEMCPY(VG_Z_LD64_SO_1, memcpy)
LK_MEMCPY(NONE, ZuintelZufastZumemcpy)
LK_MEMMOVE(VG_Z_LIBC_SONAME, memmove)
LK_MEMMOVE(VG_Z_LIBC_SONAME, ZuZuGIZumemmove)
LK_MEMMOVE(VG_Z_LIBC_SONAME, memcpyZAGLIBCZu2Zd2Zd5)
LK_MEMMOVE(VG_Z_LD64_SO_1, memmove)

/*---------------------- memcmp, bcmp ----------------------*/
#define LK_MEMCMP(so, fn)                                              \
   int VG_REPLACE_FUNCTION_EZU(20190, so, fn)(const void* av,          \
                                   const void* bv, SizeT n);           \
   int VG_REPLACE_FUNCTION_EZU(20190, so, fn)(const void* av,          \
                                   const void* bv, SizeT n)            \
   {                                                                   \
      const UChar* a = (const UChar*)av;                               \
      const UChar* b = (const UChar*)bv;                               \
      /* Equal aligned words are skipped a word at a time. */          \
      if ((((Addr)a | (Addr)b) & 7) == 0) {                            \
         while (n >= 8 && *(const ULong*)a == *(const ULong*)b) {      \
            a += 8; b += 8; n -= 8;                                    \
         }                                                             \
      }                                                                \
      for (; n > 0; n--, a++, b++) {                                   \
         if (*a != *b) return *a < *b ? -1 : 1;                        \
      }                                                                \
      return 0;                                                        \
   }
LK_MEMCMP(VG_Z_LIBC_SONAME, memcmp)
LK_MEMCMP(VG_Z_LIBC_SONAME, __GI_memcmp)
LK_MEMCMP(VG_Z_LIBC_SONAME, __memcmp_sse2)
LK_MEMCMP(VG_Z_LIBC_SONAME, __memcmp_sse4_1)
LK_MEMCMP(VG_Z_LIBC_SONAME, bcmp)
LK_MEMCMP(VG_Z_LD_SO_1, bcmp)

/*---------------------- stpcpy, stpncpy ----------------------*/
#define LK_STPCPY(so, fn)                                              \
   char* VG_REPLACE_FUNCTION_EZU(20200, so, fn)(char* dst,             \
                                                const char* src);      \
   char* VG_REPLACE_FUNCTION_EZU(20200, so, fn)(char* dst,             \
                                                const char* src)       \
   {                                                                   \
      return lk_copy_string(dst, dst, src, "stpcpy");                  \
   }
LK_STPCPY(VG_Z_LIBC_SONAME, stpcpy)
LK_STPCPY(VG_Z_LIBC_SONAME, __GI_stpcpy)
LK_STPCPY(VG_Z_LIBC_SONAME, __stpcpy_sse2)
LK_STPCPY(VG_Z_LIBC_SONAME, __stpcpy_sse2_unaligned)
LK_STPCPY(VG_Z_LD_LINUX_SO_2, stpcpy)
LK_STPCPY(VG_Z_LD_LINUX_AARCH64_SO_1, stpcpy)
LK_STPCPY(VG_Z_LD_LINUX_X86_64_SO_2, stpcpy)

#define LK_STPNCPY(so, fn)                                             \
   char* VG_REPLACE_FUNCTION_EZU(20420, so, fn)(char* dst,             \
                                   const char* src, SizeT n);          \
   char* VG_REPLACE_FUNCTION_EZU(20420, so, fn)(char* dst,             \
                                   const char* src, SizeT n)           \
   {                                                                   \
      char* d = dst;                                                   \
      const char* s = src;                                             \
      char* end;                                                       \
      SizeT k = 0;                                                     \
      while (k < n && *s) { *d++ = *s++; k++; }                        \
      if (lk_overlap(dst, src, n, k < n ? k + 1 : n))                  \
         LK_OVERLAP("stpncpy", d, s, n);                               \
      end = d;                                                         \
      while (k < n) { *d++ = 0; k++; }                                 \
      return end;                                                      \
   }
LK_STPNCPY(VG_Z_LIBC_SONAME, stpncpy)

/*---------------------- memset ----------------------*/
#define LK_MEMSET(so, fn)                                              \
   void* VG_REPLACE_FUNCTION_EZZ(20210, so, fn)(void* s, int c,        \
                                                SizeT n);              \
   void* VG_REPLACE_FUNCTION_EZZ(20210, so, fn)(void* s, int c,        \
                                                SizeT n)               \
   {                                                                   \
      UChar* p = (UChar*)s;                                            \
      ULong w = (UChar)c * 0x0101010101010101ULL;                      \
      while (((Addr)p & 7) != 0 && n > 0) { *p++ = (UChar)c; n--; }    \
      while (n >= 32) {                                                \
         ((ULong*)p)[0] = w; ((ULong*)p)[1] = w;                       \
         ((ULong*)p)[2] = w; ((ULong*)p)[3] = w;                       \
         p += 32; n -= 32;                                             \
      }                                                                \
      while (n >= 8) { *(ULong*)p = w; p += 8; n -= 8; }               \
      while (n > 0) { *p++ = (UChar)c; n--; }                          \
      return s;                                                        \
   }
LK_MEMSET(VG_Z_LIBC_SONAME, memset)

/*---------------------- bcopy, __memmove_chk ----------------------*/
#define LK_BCOPY(so, fn)                                               \
   void VG_REPLACE_FUNCTION_EZU(20230, so, fn)(const void* src,        \
                                   void* dst, SizeT n);                \
   void VG_REPLACE_FUNCTION_EZU(20230, so, fn)(const void* src,        \
                                   void* dst, SizeT n)                 \
   {                                                                   \
      lk_move_bytes((UChar*)dst, (const UChar*)src, n);                \
   }
LK_BCOPY(VG_Z_LIBC_SONAME, bcopy)

#define LK_MEMMOVE_CHK(so, fn)                                         \
   void* VG_REPLACE_FUNCTION_EZU(20240, so, fn)(void* dst,             \
                      const void* src, SizeT n, SizeT dstlen);         \
   void* VG_REPLACE_FUNCTION_EZU(20240, so, fn)(void* dst,             \
                      const void* src, SizeT n, SizeT dstlen)          \
   {                                                                   \
      if (dstlen < n) LK_CHK_FAIL("memmove_chk");                      \
      lk_move_bytes((UChar*)dst, (const UChar*)src, n);                \
      return dst;                                                      \
   }
LK_MEMMOVE_CHK(VG_Z_LIBC_SONAME, __memmove_chk)

/*---------------------- strchrnul, rawmemchr ----------------------*/
#define LK_STRCHRNUL(so, fn)                                           \
   char* VG_REPLACE_FUNCTION_EZU(20250, so, fn)(const char* s, int c); \
   char* VG_REPLACE_FUNCTION_EZU(20250, so, fn)(const char* s, int c)  \
   {                                                                   \
      const UChar* p = (const UChar*)s;                                \
      while (*p != (UChar)c && *p != 0) p++;                           \
      return (char*)p;                                                 \
   }
LK_STRCHRNUL(VG_Z_LIBC_SONAME, strchrnul)

#define LK_RAWMEMCHR(so, fn)                                           \
   void* VG_REPLACE_FUNCTION_EZU(20260, so, fn)(const void* s, int c); \
   void* VG_REPLACE_FUNCTION_EZU(20260, so, fn)(const void* s, int c)  \
   {                                                                   \
      const UChar* p = (const UChar*)s;                                \
      while (*p != (UChar)c) p++;                                      \
      return (void*)p;                                                 \
   }
LK_RAWMEMCHR(VG_Z_LIBC_SONAME, rawmemchr)
LK_RAWMEMCHR(VG_Z_LIBC_SONAME, __GI___rawmemchr)

/*---------------------- __strcpy_chk, __stpcpy_chk ----------------------*/
/* Copy until the terminator, failing when dstlen runs out first. */
#define LK_STRCPY_CHK(tag, so, fn, what, ret_end)                      \
   char* VG_REPLACE_FUNCTION_EZU(tag, so, fn)(char* dst,               \
                                   const char* src, SizeT dstlen);     \
   char* VG_REPLACE_FUNCTION_EZU(tag, so, fn)(char* dst,               \
                                   const char* src, SizeT dstlen)      \
   {                                                                   \
      char* d = dst;                                                   \
      for (;;) {                                                       \
         if (dstlen == 0) LK_CHK_FAIL(what);                           \
         dstlen--;                                                     \
         if ((*d++ = *src++) == 0) break;                              \
      }                                                                \
      return (ret_end) ? d - 1 : dst;                                  \
   }
LK_STRCPY_CHK(20270, VG_Z_LIBC_SONAME, __strcpy_chk, "strcpy_chk", 0)
LK_STRCPY_CHK(20280, VG_Z_LIBC_SONAME, __stpcpy_chk, "stpcpy_chk", 1)

/*---------------------- mempcpy, __memcpy_chk ----------------------*/
#define LK_MEMPCPY(so, fn)                                             \
   void* VG_REPLACE_FUNCTION_EZU(20290, so, fn)(void* dst,             \
                                   const void* src, SizeT n);          \
   void* VG_REPLACE_FUNCTION_EZU(20290, so, fn)(void* dst,             \
                                   const void* src, SizeT n)           \
   {                                                                   \
      if (n == 0) return dst;                                          \
      if (lk_overlap(dst, src, n, n))                                  \
         LK_OVERLAP("mempcpy", dst, src, n);                           \
      lk_move_bytes((UChar*)dst, (const UChar*)src, n);                \
      return (UChar*)dst + n;                                          \
   }
LK_MEMPCPY(VG_Z_LIBC_SONAME, mempcpy)
LK_MEMPCPY(VG_Z_LIBC_SONAME, __GI_mempcpy)
LK_MEMPCPY(VG_Z_LD_SO_1, mempcpy)
LK_MEMPCPY(VG_Z_LD_LINUX_SO_3, mempcpy)
LK_MEMPCPY(VG_Z_LD_LINUX_X86_64_SO_2, mempcpy)

#define LK_MEMCPY_CHK(so, fn)                                          \
   void* VG_REPLACE_FUNCTION_EZU(20300, so, fn)(void* dst,             \
                      const void* src, SizeT n, SizeT dstlen);         \
   void* VG_REPLACE_FUNCTION_EZU(20300, so, fn)(void* dst,             \
                      const void* src, SizeT n, SizeT dstlen)          \
   {                                                                   \
      if (dstlen < n) LK_CHK_FAIL("memcpy_chk");                       \
      if (n == 0) return dst;                                          \
      if (lk_overlap(dst, src, n, n))                                  \
         LK_OVERLAP("memcpy_chk", dst, src, n);                        \
      lk_move_bytes((UChar*)dst, (const UChar*)src, n);                \
      return dst;                                                      \
   }
LK_MEMCPY_CHK(VG_Z_LIBC_SONAME, __memcpy_chk)

/*---------------------- strstr, strcasestr ----------------------*/
#define LK_STRSTR(tag, so, fn, FOLD)                                   \
   char* VG_REPLACE_FUNCTION_EZU(tag, so, fn)(const char* h,           \
                                              const char* nd);         \
   char* VG_REPLACE_FUNCTION_EZU(tag, so, fn)(const char* h,           \
                                              const char* nd)          \
   {                                                                   \
      SizeT nlen = 0, k;                                               \
      while (nd[nlen]) nlen++;                                         \
      if (nlen == 0) return (char*)h;                                  \
      for (; *h; h++) {                                                \
         for (k = 0; k < nlen; k++)                                    \
            if (FOLD((UChar)h[k]) != FOLD((UChar)nd[k])) break;        \
         if (k == nlen) return (char*)h;                               \
      }                                                                \
      return NULL;                                                     \
   }
#define LK_SAME(c) (c)
LK_STRSTR(20310, VG_Z_LIBC_SONAME, strstr, LK_SAME)
LK_STRSTR(20310, VG_Z_LIBC_SONAME, __strstr_sse2, LK_SAME)
LK_STRSTR(20310, VG_Z_LIBC_SONAME, __strstr_sse42, LK_SAME)
LK_STRSTR(20350, VG_Z_LIBC_SONAME, strcasestr, tolower)

/*---------------------- strpbrk, strcspn, strspn ----------------------*/
static inline Bool lk_in_set(UChar c, const char* set)
{
   for (; *set; set++)
      if ((UChar)*set == c) return True;
   return False;
}

#define LK_STRPBRK(so, fn)                                             \
   char* VG_REPLACE_FUNCTION_EZU(20320, so, fn)(const char* s,         \
                                                const char* set);      \
   char* VG_REPLACE_FUNCTION_EZU(20320, so, fn)(const char* s,         \
                                                const char* set)       \
   {                                                                   \
      for (; *s; s++)                                                  \
         if (lk_in_set((UChar)*s, set)) return (char*)s;               \
      return NULL;                                                     \
   }
LK_STRPBRK(VG_Z_LIBC_SONAME, strpbrk)

#define LK_STRCSPN(so, fn)                                             \
   SizeT VG_REPLACE_FUNCTION_EZU(20330, so, fn)(const char* s,         \
                                                const char* set);      \
   SizeT VG_REPLACE_FUNCTION_EZU(20330, so, fn)(const char* s,         \
                                                const char* set)       \
   {                                                                   \
      SizeT k = 0;                                                     \
      while (s[k] && !lk_in_set((UChar)s[k], set)) k++;                \
      return k;                                                        \
   }
LK_STRCSPN(VG_Z_LIBC_SONAME, strcspn)
LK_STRCSPN(VG_Z_LIBC_SONAME, __GI_strcspn)

#define LK_STRSPN(so, fn)                                              \
   SizeT VG_REPLACE_FUNCTION_EZU(20340, so, fn)(const char* s,         \
                                                const char* set);      \
   SizeT VG_REPLACE_FUNCTION_EZU(20340, so, fn)(const char* s,         \
                                                const char* set)       \
   {                                                                   \
      SizeT k = 0;                                                     \
      while (s[k] && lk_in_set((UChar)s[k], set)) k++;                 \
      return k;                                                        \
   }
LK_STRSPN(VG_Z_LIBC_SONAME, strspn)

/*---------------------- wide characters ----------------------*/
/* wchar_t is a 4-byte Int on Linux. */
#define LK_WCSLEN(so, fn)                                              \
   SizeT VG_REPLACE_FUNCTION_EZU(20370, so, fn)(const Int* s);         \
   SizeT VG_REPLACE_FUNCTION_EZU(20370, so, fn)(const Int* s)          \
   {                                                                   \
      SizeT k = 0;                                                     \
      while (s[k]) k++;                                                \
      return k;                                                        \
   }
LK_WCSLEN(VG_Z_LIBC_SONAME, wcslen)

#define LK_WCSNLEN(so, fn)                                             \
   SizeT VG_REPLACE_FUNCTION_EZU(20440, so, fn)(const Int* s, SizeT n);\
   SizeT VG_REPLACE_FUNCTION_EZU(20440, so, fn)(const Int* s, SizeT n) \
   {                                                                   \
      SizeT k = 0;                                                     \
      while (k < n && s[k]) k++;                                       \
      return k;                                                        \
   }
LK_WCSNLEN(VG_Z_LIBC_SONAME, wcsnlen)
LK_WCSNLEN(VG_Z_LIBC_SONAME, __GI_wcsnlen)

#define LK_WCSCMP(so, fn)                                              \
   int VG_REPLACE_FUNCTION_EZU(20380, so, fn)(const Int* a,            \
                                              const Int* b);           \
   int VG_REPLACE_FUNCTION_EZU(20380, so, fn)(const Int* a,            \
                                              const Int* b)            \
   {                                                                   \
      for (;; a++, b++) {                                              \
         if (*a != *b) return *a < *b ? -1 : 1;                        \
         if (*a == 0) return 0;                                        \
      }                                                                \
   }
LK_WCSCMP(VG_Z_LIBC_SONAME, wcscmp)

#define LK_WCSNCMP(so, fn)                                             \
   int VG_REPLACE_FUNCTION_EZU(20450, so, fn)(const Int* a,            \
                                   const Int* b, SizeT n);             \
   int VG_REPLACE_FUNCTION_EZU(20450, so, fn)(const Int* a,            \
                                   const Int* b, SizeT n)              \
   {                                                                   \
      SizeT k;                                                         \
      for (k = 0; k < n; k++) {                                        \
         if (a[k] != b[k]) return a[k] < b[k] ? -1 : 1;                \
         if (a[k] == 0) return 0;                                      \
      }                                                                \
      return 0;                                                        \
   }
LK_WCSNCMP(VG_Z_LIBC_SONAME, wcsncmp)

#define LK_WCSCPY(so, fn)                                              \
   Int* VG_REPLACE_FUNCTION_EZU(20390, so, fn)(Int* dst, const Int* src);\
   Int* VG_REPLACE_FUNCTION_EZU(20390, so, fn)(Int* dst, const Int* src) \
   {                                                                   \
      Int* d = dst;                                                    \
      const Int* s = src;                                              \
      while (*s) *d++ = *s++;                                          \
      *d = 0;                                                          \
      if (lk_overlap(dst, src, (SizeT)((Addr)d - (Addr)dst) + 4,       \
                     (SizeT)((Addr)s - (Addr)src) + 4))                \
         LK_OVERLAP("wcscpy", dst, src, 0);                            \
      return dst;                                                      \
   }
LK_WCSCPY(VG_Z_LIBC_SONAME, wcscpy)

#define LK_WCSCHR(so, fn)                                              \
   Int* VG_REPLACE_FUNCTION_EZU(20400, so, fn)(const Int* s, Int c);   \
   Int* VG_REPLACE_FUNCTION_EZU(20400, so, fn)(const Int* s, Int c)    \
   {                                                                   \
      for (;; s++) {                                                   \
         if (*s == c) return (Int*)s;                                  \
         if (*s == 0) return NULL;                                     \
      }                                                                \
   }
LK_WCSCHR(VG_Z_LIBC_SONAME, wcschr)

#define LK_WCSRCHR(so, fn)                                             \
   Int* VG_REPLACE_FUNCTION_EZU(20410, so, fn)(const Int* s, Int c);   \
   Int* VG_REPLACE_FUNCTION_EZU(20410, so, fn)(const Int* s, Int c)    \
   {                                                                   \
      const Int* last = NULL;                                          \
      for (;; s++) {                                                   \
         if (*s == c) last = s;                                        \
         if (*s == 0) return (Int*)last;                               \
      }                                                                \
   }
LK_WCSRCHR(VG_Z_LIBC_SONAME, wcsrchr)

#define LK_WMEMCHR(so, fn)                                             \
   Int* VG_REPLACE_FUNCTION_EZU(20430, so, fn)(const Int* s, Int c,    \
                                               SizeT n);               \
   Int* VG_REPLACE_FUNCTION_EZU(20430, so, fn)(const Int* s, Int c,    \
                                               SizeT n)                \
   {                                                                   \
      SizeT k;                                                         \
      for (k = 0; k < n; k++)                                          \
         if (s[k] == c) return (Int*)(s + k);                          \
      return NULL;                                                     \
   }
LK_WMEMCHR(VG_Z_LIBC_SONAME, wmemchr)
LK_WMEMCHR(VG_Z_LIBC_SONAME, __GI_wmemchr)

/*------------------------------------------------------------*/
/*--- Added by later Memchecks                             ---*/
/*------------------------------------------------------------*/

#if LK_STRMEM_AT_LEAST(3, 21)
/* glibc's AVX2 wmemcmp reads whole vectors past the end of its
   arguments.  Compares wchar_t (32-bit, signed) values. */
#define LK_WMEMCMP(so, fn)                                             \
   int VG_REPLACE_FUNCTION_EZU(20470, so, fn)(const Int* a,            \
                                              const Int* b, SizeT n);  \
   int VG_REPLACE_FUNCTION_EZU(20470, so, fn)(const Int* a,            \
                                              const Int* b, SizeT n)   \
   {                                                                   \
      SizeT k;                                                         \
      for (k = 0; k < n; k++)                                          \
         if (a[k] != b[k]) return a[k] < b[k] ? -1 : 1;                \
      return 0;                                                        \
   }
LK_WMEMCMP(VG_Z_LIBC_SONAME, wmemcmp)
#endif

#if LK_STRMEM_AT_LEAST(3, 22)
/* wcsncpy and wcpncpy: copy at most n wide characters of src, pad with
   nuls up to n.  The overlap check (after the copy) takes all n of dst
   and the part of src that was read, its terminator included; the
   report has no length.  wcpncpy returns where the copy stopped. */
static inline Int* lk_wcsncpy(Int* dst, const Int* src, SizeT n,
                              const char* fn)
{
   Int* d = dst;
   const Int* s = src;
   SizeT k = 0;
   while (k < n && *s) { *d++ = *s++; k++; }
   if (lk_overlap(dst, src, n * 4, (k < n ? k + 1 : n) * 4))
      LK_OVERLAP(fn, dst, src, 0);
   Int* end = d;
   while (k++ < n) *d++ = 0;
   return end;
}

#define LK_WCSNCPY(so, fn)                                             \
   Int* VG_REPLACE_FUNCTION_EZU(20480, so, fn)(Int* dst,               \
                                  const Int* src, SizeT n);            \
   Int* VG_REPLACE_FUNCTION_EZU(20480, so, fn)(Int* dst,               \
                                  const Int* src, SizeT n)             \
   {                                                                   \
      lk_wcsncpy(dst, src, n, "wcsncpy");                              \
      return dst;                                                      \
   }
LK_WCSNCPY(VG_Z_LIBC_SONAME, wcsncpy)
#endif

#if LK_STRMEM_AT_LEAST(3, 23)
/* Copies bytes up to and including the first c, at most n; returns the
   byte after the c copied, or NULL.  The overlap check takes all n of
   dst and the part of src copied. */
#define LK_MEMCCPY(so, fn)                                             \
   void* VG_REPLACE_FUNCTION_EZU(20490, so, fn)(void* dst,             \
                          const void* src, Int c, SizeT n);            \
   void* VG_REPLACE_FUNCTION_EZU(20490, so, fn)(void* dst,             \
                          const void* src, Int c, SizeT n)             \
   {                                                                   \
      UChar* d = dst;                                                  \
      const UChar* s = src;                                            \
      SizeT k;                                                         \
      for (k = 0; k < n; k++) {                                        \
         UChar b = s[k];                                               \
         d[k] = b;                                                     \
         if (b == (UChar)c) {                                          \
            if (lk_overlap(dst, src, n, k + 1))                        \
               LK_OVERLAP("memccpy", dst, src, n);                     \
            return d + k + 1;                                          \
         }                                                             \
      }                                                                \
      if (lk_overlap(dst, src, n, n))                                  \
         LK_OVERLAP("memccpy", dst, src, n);                           \
      return NULL;                                                     \
   }
LK_MEMCCPY(VG_Z_LIBC_SONAME, memccpy)

#define LK_WCPNCPY(so, fn)                                             \
   Int* VG_REPLACE_FUNCTION_EZU(20500, so, fn)(Int* dst,               \
                                  const Int* src, SizeT n);            \
   Int* VG_REPLACE_FUNCTION_EZU(20500, so, fn)(Int* dst,               \
                                  const Int* src, SizeT n)             \
   {                                                                   \
      return lk_wcsncpy(dst, src, n, "wcpncpy");                       \
   }
LK_WCPNCPY(VG_Z_LIBC_SONAME, wcpncpy)

/* strlcpy (glibc 2.38 on): copies at most n-1 bytes and nul-terminates
   (if n > 0); returns strlen(src).  The overlap check takes all n of
   dst and the part of src read; its report gives the pointers where the
   copy stopped, as Memcheck's does. */
#define LK_STRLCPY(so, fn)                                             \
   SizeT VG_REPLACE_FUNCTION_EZU(20100, so, fn)(char* dst,             \
                                   const char* src, SizeT n);          \
   SizeT VG_REPLACE_FUNCTION_EZU(20100, so, fn)(char* dst,             \
                                   const char* src, SizeT n)           \
   {                                                                   \
      char* d = dst;                                                   \
      const char* s = src;                                             \
      SizeT k = 0;                                                     \
      while (k + 1 < n && *s) { *d++ = *s++; k++; }                    \
      if (lk_overlap(dst, src, n, k < n ? k + 1 : n))                  \
         LK_OVERLAP("strlcpy", d, s, n);                               \
      if (n > 0) *d = 0;                                               \
      while (*s) s++;                                                  \
      return (SizeT)(s - src);                                         \
   }
LK_STRLCPY(VG_Z_LIBC_SONAME, strlcpy)
#endif

#if LK_STRMEM_AT_LEAST(3, 25)
/* Only glibc's AVX2 variant is replaced (Valgrind bug 501893): wcscat
   itself stays glibc's.  The overlap check counts each string's bytes
   plus one. */
#define LK_WCSCAT(so, fn)                                              \
   Int* VG_REPLACE_FUNCTION_EZU(20510, so, fn)(Int* dst, const Int* src);\
   Int* VG_REPLACE_FUNCTION_EZU(20510, so, fn)(Int* dst, const Int* src) \
   {                                                                   \
      Int* d = dst;                                                    \
      const Int* s = src;                                              \
      while (*d) d++;                                                  \
      while (*s) *d++ = *s++;                                          \
      *d = 0;                                                          \
      if (lk_overlap(dst, src, (SizeT)((Addr)d - (Addr)dst) + 1,       \
                     (SizeT)((Addr)s - (Addr)src) + 1))                \
         LK_OVERLAP("wcscat", dst, src, 0);                            \
      return dst;                                                      \
   }
LK_WCSCAT(VG_Z_LIBC_SONAME, __wcscat_avx2)
#endif

/*--------------------------------------------------------------------*/
/*--- end                                      lk_replace_strmem.c ---*/
/*--------------------------------------------------------------------*/
