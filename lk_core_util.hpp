/*--------------------------------------------------------------------*/
/*--- leakcheck: freestanding helpers shared by the core files.    ---*/
/*---                                              lk_core_util.hpp ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   The core is freestanding C++17: no libc, no libstdc++, no exceptions,
   no RTTI, no new/delete, and no global objects with constructors
   (coregrind's _start never runs .init_array).  Everything it needs from
   the outside comes through the LK_Host installed by lk_core_init().
   This header holds the few building blocks the core files share: the
   host pointer, LK_ASSERT, a growable vector of plain structs over host
   memory, an in-place sort and a bounded string builder.
*/

#ifndef LK_CORE_UTIL_HPP
#define LK_CORE_UTIL_HPP

#include "lk_core.h"

namespace lk {

/* The host's page size (amd64-linux), for the core's tables and for
   pages it reads or hands back. */
constexpr uint64_t kPage = 4096;

/* The host installed by lk_core_init (a constant-initialised POD). */
extern const LK_Host* g_host;

[[noreturn]] void assert_fail(const char* expr, const char* file, int line);

#define LK_ASSERT(e) \
   ((e) ? (void)0 : ::lk::assert_fail(#e, __FILE__, __LINE__))

inline void* host_alloc(const char* cc, size_t szB) {
   return g_host->alloc(cc, szB);
}
inline void host_free(void* p) {
   if (p) g_host->dealloc(p);
}

template <typename T> inline T min_of(T a, T b) { return a < b ? a : b; }
template <typename T> inline T max_of(T a, T b) { return a < b ? b : a; }

/* A growable array of trivially-copyable T in host memory, in the spirit
   of Valgrind's XArray and LSan's InternalMmapVector.  It has no
   destructor on purpose: owners call release() explicitly, so that it
   can live inside constant-initialised structs. */
template <typename T> struct Vec {
   T*     data_;
   size_t size_;
   size_t cap_;
   const char* cc_;

   void init(const char* cc) { data_ = nullptr; size_ = cap_ = 0; cc_ = cc; }
   void release() { host_free(data_); data_ = nullptr; size_ = cap_ = 0; }
   void clear() { size_ = 0; }
   size_t size() const { return size_; }
   bool empty() const { return size_ == 0; }
   T& operator[](size_t i) { return data_[i]; }
   const T& operator[](size_t i) const { return data_[i]; }
   T* begin() { return data_; }
   T* end() { return data_ + size_; }

   void reserve(size_t n) {
      if (n <= cap_) return;
      T* nd = static_cast<T*>(host_alloc(cc_, n * sizeof(T)));
      for (size_t i = 0; i < size_; i++) nd[i] = data_[i];
      host_free(data_);
      data_ = nd;
      cap_  = n;
   }
   /* Sets the size to n; new elements are left uninitialised. */
   void resize_uninit(size_t n) { reserve(n); size_ = n; }
   void push_back(const T& v) {
      if (size_ == cap_) reserve(cap_ < 16 ? 16 : cap_ * 2);
      data_[size_++] = v;
   }
   T pop_back() { LK_ASSERT(size_ > 0); return data_[--size_]; }
   T& back() { return data_[size_ - 1]; }
};

/* Sorts a[0..n) in place with cmp(x, y) < 0 meaning x before y.
   Quicksort (Hoare partition on the middle value), insertion sort for small parts;
   it recurses into the smaller part only, so the depth is O(log n).
   Not stable: callers use total orders. */
template <typename T, typename Cmp>
void sort(T* a, size_t n, Cmp cmp) {
   while (n > 16) {
      /* Hoare partition around the middle element's value. */
      T pivot = a[n / 2];
      size_t i = (size_t)-1, j = n;
      for (;;) {
         do i++; while (cmp(a[i], pivot) < 0);
         do j--; while (cmp(pivot, a[j]) < 0);
         if (i >= j) break;
         T t = a[i]; a[i] = a[j]; a[j] = t;
      }
      /* a[0..j] <= pivot <= a[j+1..n), with 0 <= j < n-1 */
      size_t left = j + 1;
      if (left < n - left) {
         sort(a, left, cmp);
         a += left; n -= left;
      } else {
         sort(a + left, n - left, cmp);
         n = left;
      }
   }
   for (size_t i = 1; i < n; i++) {
      T v = a[i];
      size_t j = i;
      while (j > 0 && cmp(v, a[j - 1]) < 0) { a[j] = a[j - 1]; j--; }
      a[j] = v;
   }
}

/* Minimal string building for the formatters: appends into a fixed
   buffer, always NUL-terminated, and keeps counting past the end so the
   caller learns the length it needed (snprintf semantics). */
struct Out {
   char*  buf_;
   size_t cap_;
   size_t len_;

   void init(char* buf, size_t cap) {
      buf_ = buf; cap_ = cap; len_ = 0;
      if (cap_ > 0) buf_[0] = '\0';
   }
   void ch(char c) {
      if (len_ + 1 < cap_) { buf_[len_] = c; buf_[len_ + 1] = '\0'; }
      len_++;
   }
   void str(const char* s) { while (*s) ch(*s++); }
   void udec(uint64_t v);           /* plain decimal */
   void udec_sep(uint64_t v);       /* with thousands separators */
   void pad_right(const char* s, size_t width) {
      size_t n = 0;
      while (s[n]) n++;
      str(s);
      while (n++ < width) ch(' ');
   }
   size_t finish() const { return len_; }
};

} // namespace lk

#endif /* LK_CORE_UTIL_HPP */

/*--------------------------------------------------------------------*/
/*--- end                                          lk_core_util.hpp ---*/
/*--------------------------------------------------------------------*/
