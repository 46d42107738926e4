/*--------------------------------------------------------------------*/
/*--- leakcheck: replacements loaded into the client.              ---*/
/*---                                          lk_replace_strmem.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   The preload library vgpreload_leakcheck-amd64-linux.so is Valgrind's
   libreplacemalloc_toolpreload (malloc, free, new, delete, ... linked
   whole) plus the code in this file, which runs on the simulated CPU
   inside the client.  Replacements of glibc's string and memory
   functions belong here once heap accesses are checked (see
   docs/design.md).
*/

#include "pub_tool_basics.h"
#include "pub_tool_redir.h"

/*--------------------------------------------------------------------*/
/*--- end                                      lk_replace_strmem.c ---*/
/*--------------------------------------------------------------------*/
