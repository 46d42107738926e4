/* scan-traps.c -- memory the leak search must survive reading.
   Pages of a heap block and of an anonymous mapping are made unreadable
   behind Valgrind's back (mprotect run on the real CPU through
   VALGRIND_NON_SIMD_CALL, so the core's address-space manager does not
   know), a private file mapping extends past the end of its (empty) file
   (reading it raises SIGBUS), and PROT_NONE and write-only mappings lie
   around.  Both tools must skip what they cannot read and classify the
   rest alike.

   Usage: scan-traps HIDDEN-HEAP HIDDEN-MAPPING PAST-EOF, each 0 or 1
   (e.g. "scan-traps 1 1 1").  Memcheck 3.19 dies when one search meets
   two kinds of fault (it re-enables only the signal it caught, so the
   next SIGBUS or SIGSEGV is fatal), so the differential tests set one
   trap at a time; the regression test lk-scan-traps sets all three for
   leakcheck alone.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

/* A raw syscall, so that it can run on the real CPU. */
static long raw_mprotect(void* addr, long len, long prot)
{
   long ret;
   __asm__ volatile("syscall"
                    : "=a"(ret)
                    : "a"((long)SYS_mprotect), "D"(addr), "S"(len), "d"(prot)
                    : "rcx", "r11", "memory");
   return ret;
}

static long mprotect_result;
static void real_cpu_mprotect_none(long tid, void* addr, long len)
{
   (void)tid;
   mprotect_result = raw_mprotect(addr, len, PROT_NONE);
}

static void mprotect_behind_valgrinds_back(void* addr, long len)
{
   if (RUNNING_ON_VALGRIND)
      (void)VALGRIND_NON_SIMD_CALL2(real_cpu_mprotect_none, addr, len);
   else
      mprotect_result = mprotect(addr, len, PROT_NONE);
}

char** table;            /* a big heap block of pointers */
char** anon;             /* an anonymous mapping holding the only pointer */
char* traps[8];

int main(int argc, char** argv)
{
   if (argc != 4) {
      fprintf(stderr, "usage: scan-traps 0|1 0|1 0|1\n");
      return 2;
   }
   int hide_heap = argv[1][0] == '1', hide_map = argv[2][0] == '1';
   int past_eof = argv[3][0] == '1';
   long page = sysconf(_SC_PAGESIZE);
   const int n = 50000;

   table = calloc(n, sizeof(char*));
   for (int i = 0; i < n; i++)
      table[i] = (char*)table;
   table[n / 2] = malloc(1000);          /* reachable only through table */
   table[n / 2 + 1] = malloc(1001);      /* likewise */
   char* hidden = (char*)(((long)&table[n / 2] & ~(page - 1)));
   if (hide_heap)
      mprotect_behind_valgrinds_back(hidden, 2 * page);

   anon = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   anon[0] = malloc(2000);               /* readable root */
   anon[page / sizeof(char*)] = malloc(2001);   /* its page becomes unreadable */
   if (hide_map)
      mprotect_behind_valgrinds_back((char*)anon + page, page);

   traps[0] = mmap(NULL, 2 * page, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
   traps[1] = mmap(NULL, 2 * page, PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
   char name[] = "/tmp/lk-scan-traps-XXXXXX";
   int fd = mkstemp(name);
   unlink(name);
   traps[2] = past_eof ? mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE, fd, 0)
                       : NULL;
   for (int i = 0; i < 3; i++)
      if (traps[i] == MAP_FAILED) { perror("mmap"); return 1; }

   printf("mprotect result %ld\n", mprotect_result);
   return 0;
}
