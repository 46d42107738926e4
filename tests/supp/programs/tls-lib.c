/* A library with thread-local storage, loaded with dlopen: the first
   access from a thread that existed before dlopen allocates that
   thread's block with malloc in tls_get_addr_tail (glibc), which
   Valgrind's default.supp suppresses ("dtv-addr-tail"). */
__thread char tls_buf[4096];
char* tls_touch(void) { tls_buf[0] = 1; return tls_buf; }
