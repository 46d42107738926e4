/*--------------------------------------------------------------------*/
/*--- leakcheck: which memory a faulting host instruction touched. ---*/
/*---                                                 lk_decode.cpp ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Memcheck reports a load or store through a wild pointer ("Invalid
   read of size 4 ... Address 0x12345678 is not stack'd, malloc'd or
   (recently) free'd") before the access faults, because its shadow
   covers all memory.  leakcheck's shadow covers the heap only, so such
   an access passes the inline check and faults.  The glue (lk_fault.c)
   then sees the host machine state of the fault: this file decodes the
   host instruction that faulted and says which bytes it accessed, so
   that the glue can report what Memcheck would have reported.

   The faulting instruction is almost always one that VEX's amd64
   back end emitted for a guest load or store (host_amd64_defs.c,
   emit_AMD64Instr): movb/w/l/q loads and stores, movz/movs, 64-bit ALU
   operations with a memory source, cmp/test with memory, mul/div with
   memory, push of memory, lock cmpxchg{,8b,16b}, SSE moves of 4, 8 and
   16 bytes, and x87 loads and stores.  A guest 32-byte access becomes
   two 16-byte host moves at +0 and +16 from one base register; the
   glue pairs them up.  Faults inside C helpers (compiled by gcc) are
   decoded with the same table when their instruction is one of these;
   anything else is "not decoded" and the glue stays silent.

   Only the ModRM memory operand is decoded; RIP-relative operands
   (never used by VEX for client memory) and 32-bit address size are
   refused.
*/

#include "lk_core_util.hpp"

namespace {

enum : uint8_t {
   kNone = 0,   // no memory operand we know of
   kByte,       // 1 byte
   kV,          // operand size: 2 (0x66), 4, or 8 (REX.W)
   kW,          // 2 bytes
   kD,          // 4 bytes
   kQ,          // 8 bytes
   kX,          // 16 bytes
   kSse,        // 16; F3 prefix: 4; F2 prefix: 8  (movups/movss/movsd family)
   kDQ,         // 8 with REX.W, else 4 (movd/movq)
   kCx,         // cmpxchg8b/16b: 16 with REX.W, else 8
   kUcom,       // ucomis: 0x66: 8, else 4
};

enum : uint8_t { kRead = 0, kWrite = 1 };

struct OpInfo {
   uint8_t size;
   uint8_t dir;
   uint8_t imm;   // immediate bytes after the ModRM operand (0, 1, 4; 0xFF: 0x66 ? 2 : 4)
};

}  // namespace

extern "C" int lk_core_decode_access(const uint8_t* code, size_t avail,
                                     const uint64_t regs[16],
                                     LK_InsnAccess* out)
{
   size_t i = 0;
   bool opsize16 = false, rep_f3 = false, rep_f2 = false;
   uint8_t rex = 0;

   // Legacy prefixes, then at most one REX prefix.
   for (;;) {
      if (i >= avail || i >= 15) return 0;
      uint8_t b = code[i];
      if (b == 0x66) { opsize16 = true; i++; continue; }
      if (b == 0xF3) { rep_f3 = true; i++; continue; }
      if (b == 0xF2) { rep_f2 = true; i++; continue; }
      if (b == 0xF0) { i++; continue; }                     // lock
      if (b == 0x2E || b == 0x3E || b == 0x26 || b == 0x36) { i++; continue; }
      if (b == 0x64 || b == 0x65) return 0;                  // fs/gs: base unknown
      if (b == 0x67) return 0;                               // 32-bit addresses
      break;
   }
   if (i < avail && (code[i] & 0xF0) == 0x40) rex = code[i++];
   if (i >= avail) return 0;

   const bool rex_w = (rex & 8) != 0;
   OpInfo op = {kNone, kRead, 0};
   uint8_t b0 = code[i++], b1 = 0;
   uint8_t reg_field_needed = 0xFF;   // for group opcodes: required /r (0xFF: any)

   if (b0 == 0x0F) {
      if (i >= avail) return 0;
      b1 = code[i++];
      switch (b1) {
         case 0x10: op = {kSse, kRead, 0}; break;    // movups/movupd/movss/movsd load
         case 0x11: op = {kSse, kWrite, 0}; break;   // ... store
         case 0x12: case 0x16: op = {kQ, kRead, 0}; break;    // movlps/movhps load
         case 0x13: case 0x17: op = {kQ, kWrite, 0}; break;   // ... store
         case 0x28: op = {kX, kRead, 0}; break;     // movaps/movapd load
         case 0x29: op = {kX, kWrite, 0}; break;    // ... store
         case 0x2B: case 0xE7: op = {kX, kWrite, 0}; break;  // movntps, movntdq
         case 0x2E: case 0x2F: op = {kUcom, kRead, 0}; break;
         case 0x6E: op = {kDQ, kRead, 0}; break;    // movd/movq xmm, r/m
         case 0x6F:                                  // movdqa/movdqu load (MMX: 8)
            op = {(opsize16 || rep_f3) ? kX : kQ, kRead, 0}; break;
         case 0x7E:                                  // F3: movq xmm, m64; else movd/movq r/m, xmm
            op = rep_f3 ? OpInfo{kQ, kRead, 0} : OpInfo{kDQ, kWrite, 0}; break;
         case 0x7F: op = {(opsize16 || rep_f3) ? kX : kQ, kWrite, 0}; break;
         case 0xD6: op = {kQ, kWrite, 0}; break;    // movq m64, xmm
         case 0xB0: op = {kByte, kRead, 0}; break;  // cmpxchg (Memcheck: a read)
         case 0xB1: op = {kV, kRead, 0}; break;
         case 0xB6: case 0xBE: op = {kByte, kRead, 0}; break;  // movzb/movsb
         case 0xB7: case 0xBF: op = {kW, kRead, 0}; break;     // movzw/movsw
         case 0xC7: op = {kCx, kRead, 0}; reg_field_needed = 1; break;  // cmpxchg8b/16b
         default:
            if (b1 >= 0x40 && b1 <= 0x4F) { op = {kV, kRead, 0}; break; }  // cmovcc
            return 0;
      }
   } else if (b0 < 0x40 && (b0 & 7) < 4) {
      // ALU ops: 0 Eb,Gb  1 Ev,Gv  2 Gb,Eb  3 Gv,Ev.  cmp (0x38..0x3B)
      // only reads; the Ev,Gv forms of the others read and write, and
      // Memcheck reports the read first.
      op = {(b0 & 1) ? kV : kByte, kRead, 0};
   } else {
      switch (b0) {
         case 0x63: op = {kD, kRead, 0}; break;                 // movsxd
         case 0x69: op = {kV, kRead, 0xFF}; break;              // imul r, r/m, imm32
         case 0x6B: op = {kV, kRead, 1}; break;                 // imul r, r/m, imm8
         case 0x80: op = {kByte, kRead, 1}; break;
         case 0x81: op = {kV, kRead, 0xFF}; break;
         case 0x83: op = {kV, kRead, 1}; break;
         case 0x84: case 0x86: op = {kByte, kRead, 0}; break;   // test, xchg
         case 0x85: case 0x87: op = {kV, kRead, 0}; break;
         case 0x88: op = {kByte, kWrite, 0}; break;             // mov stores
         case 0x89: op = {kV, kWrite, 0}; break;
         case 0x8A: op = {kByte, kRead, 0}; break;              // mov loads
         case 0x8B: op = {kV, kRead, 0}; break;
         case 0xC6: op = {kByte, kWrite, 1}; reg_field_needed = 0; break;
         case 0xC7: op = {kV, kWrite, 0xFF}; reg_field_needed = 0; break;
         case 0xF6: op = {kByte, kRead, 0}; break;              // test imm: see below
         case 0xF7: op = {kV, kRead, 0}; break;                 // mul/div/test/not/neg
         case 0xFF: op = {kQ, kRead, 0}; break;                 // push/call/jmp/inc/dec
         case 0xD9: case 0xDD: case 0xDB: case 0xDF:            // x87
            op = {kNone, kRead, 0}; break;
         default:
            return 0;
      }
   }

   // ModRM, SIB, displacement.
   if (i >= avail) return 0;
   uint8_t modrm = code[i++];
   uint8_t mod = modrm >> 6, reg = (modrm >> 3) & 7, rm = modrm & 7;
   if (mod == 3) return 0;                       // register operand: no memory
   if (reg_field_needed != 0xFF && reg != reg_field_needed) return 0;

   // Group opcodes whose size or direction depends on /r.
   if (b0 == 0xF6 || b0 == 0xF7) {
      if (reg == 0 || reg == 1) op.imm = (b0 == 0xF6) ? 1 : 0xFF;   // test r/m, imm
   } else if (b0 == 0xFF) {
      if (reg == 0 || reg == 1) op.size = kV;     // inc/dec
      else if (reg == 3 || reg == 5 || reg == 7) return 0;
   } else if (b0 == 0xD9) {                      // flds / fsts / fstps m32
      if (reg == 0) op = {kD, kRead, 0};
      else if (reg == 2 || reg == 3) op = {kD, kWrite, 0};
      else return 0;                              // fldenv, fldcw, ...: guest state only
   } else if (b0 == 0xDD) {                      // fldl / fstl / fstpl m64
      if (reg == 0) op = {kQ, kRead, 0};
      else if (reg == 2 || reg == 3) op = {kQ, kWrite, 0};
      else return 0;
   } else if (b0 == 0xDB) {                      // fildl / fistl / fistpl m32
      if (reg == 0) op = {kD, kRead, 0};
      else if (reg == 2 || reg == 3) op = {kD, kWrite, 0};
      else return 0;
   } else if (b0 == 0xDF) {                      // filds / fists m16, fildll / fistpll m64
      if (reg == 0) op = {kW, kRead, 0};
      else if (reg == 2 || reg == 3) op = {kW, kWrite, 0};
      else if (reg == 5) op = {kQ, kRead, 0};
      else if (reg == 7) op = {kQ, kWrite, 0};
      else return 0;
   }

   uint64_t ea = 0;
   if (rm == 4) {
      if (i >= avail) return 0;
      uint8_t sib = code[i++];
      uint8_t scale = sib >> 6;
      uint8_t index = ((sib >> 3) & 7) | ((rex & 2) ? 8 : 0);
      uint8_t base = (sib & 7) | ((rex & 1) ? 8 : 0);
      if (index != 4) ea += regs[index] << scale;
      if ((sib & 7) == 5 && mod == 0) {
         if (i + 4 > avail) return 0;
         int32_t d = (int32_t)((uint32_t)code[i] | ((uint32_t)code[i + 1] << 8)
                               | ((uint32_t)code[i + 2] << 16) | ((uint32_t)code[i + 3] << 24));
         ea += (uint64_t)(int64_t)d;
         i += 4;
      } else {
         ea += regs[base];
      }
   } else if (rm == 5 && mod == 0) {
      return 0;                                   // RIP-relative
   } else {
      ea += regs[rm | ((rex & 1) ? 8 : 0)];
   }
   if (mod == 1) {
      if (i >= avail) return 0;
      ea += (uint64_t)(int64_t)(int8_t)code[i++];
   } else if (mod == 2) {
      if (i + 4 > avail) return 0;
      int32_t d = (int32_t)((uint32_t)code[i] | ((uint32_t)code[i + 1] << 8)
                            | ((uint32_t)code[i + 2] << 16) | ((uint32_t)code[i + 3] << 24));
      ea += (uint64_t)(int64_t)d;
      i += 4;
   }

   unsigned size;
   switch (op.size) {
      case kByte: size = 1; break;
      case kW:    size = 2; break;
      case kD:    size = 4; break;
      case kQ:    size = 8; break;
      case kX:    size = 16; break;
      case kV:    size = rex_w ? 8 : opsize16 ? 2 : 4; break;
      case kSse:  size = rep_f3 ? 4 : rep_f2 ? 8 : 16; break;
      case kDQ:   size = rex_w ? 8 : 4; break;
      case kCx:   size = rex_w ? 16 : 8; break;
      case kUcom: size = opsize16 ? 8 : 4; break;
      default:    return 0;
   }
   unsigned imm = op.imm == 0xFF ? (opsize16 ? 2 : 4) : op.imm;
   if (i + imm > avail) return 0;

   out->addr = ea;
   out->size = size;
   out->is_write = op.dir == kWrite;
   out->len = (uint32_t)(i + imm);
   // A 16-byte SSE move: one half of a guest 32-byte access, maybe.
   out->sse16_move = (b0 == 0x0F && size == 16
                      && (b1 == 0x10 || b1 == 0x11 || b1 == 0x28 || b1 == 0x29
                          || b1 == 0x6F || b1 == 0x7F)) ? 1 : 0;
   return 1;
}
