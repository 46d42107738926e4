/* The memo of lk_stacktrace.c learns the unwinding rule of each code
   address and must forget it when the debug info changes.  This program
   builds two shared libraries whose code is byte for byte the same but
   for the size of one stack frame (the call to malloc returns to the same
   offset in both), loads the first, allocates from that frame, unloads
   it, and does the same with the second, which the loader maps at the
   same address.  A memo kept across would unwind the second library's
   frame with the first one's frame size: --fast-stack-traces=verify
   stops the run at that trace (checked by disabling the flush).  The
   libraries are compiled at run time with $CC (default gcc). */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char* src_fmt =
   "#include <stdlib.h>\n"
   "void* keep;\n"
   "__attribute__((noinline)) void* alloc_in_frame(int n)\n"
   "{\n"
   "   volatile char buf[%d];\n"
   "   buf[0] = (char)n;\n"
   "   keep = malloc(n + buf[0]);\n"
   "   __asm__ volatile(\"\" ::: \"memory\");\n"
   "   return keep;\n"
   "}\n";

static char dir[] = "/tmp/lk-fast-stacks-XXXXXX";

static int build(const char* name, int frame)
{
   char path[512], cmd[1024];
   const char* cc = getenv("CC") ? getenv("CC") : "gcc";
   FILE* f;
   snprintf(path, sizeof path, "%s/%s.c", dir, name);
   f = fopen(path, "w");
   if (!f)
      return -1;
   fprintf(f, src_fmt, frame);
   fclose(f);
   snprintf(cmd, sizeof cmd, "%s -O2 -g -shared -fPIC -o %s/%s.so %s",
            cc, dir, name, path);
   return system(cmd);
}

static void* load_and_allocate(const char* name)
{
   char path[512];
   void* h;
   void* (*fn)(int);
   snprintf(path, sizeof path, "%s/%s.so", dir, name);
   h = dlopen(path, RTLD_NOW);
   if (!h) {
      printf("dlopen %s: %s\n", name, dlerror());
      exit(1);
   }
   fn = (void* (*)(int))dlsym(h, "alloc_in_frame");
   free(fn(10));
   dlclose(h);
   return (void*)fn;
}

static void clean_up(void)
{
   static const char* files[] = { "small.c", "small.so", "large.c",
                                  "large.so" };
   char path[512];
   unsigned i;
   for (i = 0; i < sizeof files / sizeof files[0]; i++) {
      snprintf(path, sizeof path, "%s/%s", dir, files[i]);
      unlink(path);
   }
   rmdir(dir);
}

int main(void)
{
   void *a, *b;
   if (!mkdtemp(dir))
      return 1;
   if (build("small", 40) != 0 || build("large", 104) != 0) {
      printf("could not build the libraries\n");
      clean_up();
      return 1;
   }
   a = load_and_allocate("small");
   b = load_and_allocate("large");
   printf("loaded at the same address: %s\n", a == b ? "yes" : "no");
   clean_up();
   return 0;
}
