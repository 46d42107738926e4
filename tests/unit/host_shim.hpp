// An LK_Host for native unit tests: malloc-backed memory, reads of
// ordinary process memory, and a table of fake mappings for the
// multipleinheritance heuristic.  SPDX-License-Identifier: GPL-2.0-or-later
#ifndef LK_HOST_SHIM_HPP
#define LK_HOST_SHIM_HPP

#include "lk_core.h"
#include <cstdint>
#include <vector>

namespace lk_test {

void install_host();

// Mappings that segment_at() reports; tests add and clear them.
void add_segment(uint64_t start, uint64_t end_inclusive, unsigned flags);
void clear_segments();

// Addresses read_word() refuses (simulated faults).
void add_unreadable(uint64_t start, uint64_t end_exclusive);
void clear_unreadable();

// Number of assertion failures reported by the core (tests expect 0).
extern int g_assert_failures;

}  // namespace lk_test

#endif
