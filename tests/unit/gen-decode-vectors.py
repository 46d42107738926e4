#!/usr/bin/env python3
# Makes the vectors of tests/unit/test_decode.cpp: assembles each case with
# GNU as, reads the bytes back with objdump, and prints them with the size,
# direction and effective address the case's definition gives.  Run in a
# scratch directory: python3 .../gen-decode-vectors.py
# SPDX-License-Identifier: GPL-2.0-or-later
import subprocess, re
regs = ['rax','rcx','rdx','rbx','rsp','rbp','rsi','rdi','r8','r9','r10','r11','r12','r13','r14','r15']
val = {r: 0x100000 * (k + 1) + 0x11 * k for k, r in enumerate(regs)}
# (instruction with {m} for the memory operand, size, is_write, sse16)
cases = [
 ("movb {m}, %al", 1, 0), ("movw {m}, %ax", 2, 0), ("movl {m}, %eax", 4, 0), ("movq {m}, %rax", 8, 0),
 ("movb %cl, {m}", 1, 1), ("movw %cx, {m}", 2, 1), ("movl %ecx, {m}", 4, 1), ("movq %r9, {m}", 8, 1),
 ("movb $7, {m}", 1, 1), ("movw $0x1234, {m}", 2, 1), ("movl $0x12345678, {m}", 4, 1), ("movq $-5, {m}", 8, 1),
 ("movzbl {m}, %eax", 1, 0), ("movzwl {m}, %r11d", 2, 0), ("movsbq {m}, %rax", 1, 0), ("movswq {m}, %rax", 2, 0),
 ("movslq {m}, %r10", 4, 0), ("movzbq {m}, %r12", 1, 0),
 ("addq {m}, %rax", 8, 0), ("subq {m}, %r13", 8, 0), ("andq {m}, %rdx", 8, 0), ("orq {m}, %rdx", 8, 0),
 ("xorq {m}, %rdx", 8, 0), ("cmpq {m}, %rdx", 8, 0), ("adcq {m}, %rdx", 8, 0), ("sbbq {m}, %rdx", 8, 0),
 ("addl {m}, %eax", 4, 0), ("cmpl {m}, %eax", 4, 0), ("cmpb {m}, %al", 1, 0),
 ("cmpq $3, {m}", 8, 0), ("cmpq $0x12345, {m}", 8, 0), ("cmpl $0x12345, {m}", 4, 0), ("cmpw $0x1234, {m}", 2, 0),
 ("cmpb $3, {m}", 1, 0), ("testq %rax, {m}", 8, 0), ("testb $1, {m}", 1, 0), ("testl $0x100, {m}", 4, 0),
 ("imulq {m}, %rax", None, None),
 ("mulq {m}", 8, 0), ("divl {m}", 4, 0), ("idivq {m}", 8, 0), ("pushq {m}", 8, 0), ("incq {m}", 8, 0), ("decl {m}", 4, 0),
 ("call *{m}", 8, 0), ("jmp *{m}", 8, 0),
 ("lock cmpxchgq %rcx, {m}", 8, 0), ("lock cmpxchgl %ecx, {m}", 4, 0), ("lock cmpxchgb %cl, {m}", 1, 0),
 ("lock cmpxchgw %cx, {m}", 2, 0), ("lock cmpxchg16b {m}", 16, 0), ("lock cmpxchg8b {m}", 8, 0),
 ("movups {m}, %xmm1", 16, 0), ("movupd {m}, %xmm9", 16, 0), ("movups %xmm2, {m}", 16, 1), ("movupd %xmm10, {m}", 16, 1),
 ("movaps {m}, %xmm1", 16, 0), ("movapd %xmm3, {m}", 16, 1), ("movdqu {m}, %xmm1", 16, 0), ("movdqa %xmm1, {m}", 16, 1),
 ("movss {m}, %xmm1", 4, 0), ("movsd {m}, %xmm1", 8, 0), ("movss %xmm4, {m}", 4, 1), ("movsd %xmm12, {m}", 8, 1),
 ("movd {m}, %xmm1", 4, 0), ("movq {m}, %xmm1", 8, 0), ("movd %xmm1, {m}", 4, 1), ("movq %xmm1, {m}", 8, 1),
 ("movlps {m}, %xmm1", 8, 0), ("movhps %xmm1, {m}", 8, 1), ("ucomisd {m}, %xmm1", 8, 0), ("ucomiss {m}, %xmm1", 4, 0),
 ("flds {m}", 4, 0), ("fldl {m}", 8, 0), ("fstps {m}", 4, 1), ("fstpl {m}", 8, 1), ("fildll {m}", 8, 0),
 ("fistpll {m}", 8, 1), ("fildl {m}", 4, 0), ("filds {m}", 2, 0),
 ("cmovzq {m}, %rax", 8, 0), ("xchgq %rax, {m}", 8, 0),
]
mems = [("(%rax)", "rax", None, 1, 0), ("8(%rbx)", "rbx", None, 1, 8), ("-16(%r13)", "r13", None, 1, -16),
        ("0x1000(%r12,%r9,4)", "r12", "r9", 4, 0x1000), ("(%rsp)", "rsp", None, 1, 0),
        ("0x7f(%rbp,%rsi,8)", "rbp", "rsi", 8, 0x7f), ("0x12345678(,%rdx,2)", None, "rdx", 2, 0x12345678),
        ("(%r11,%r14)", "r11", "r14", 1, 0), ("-0x80000(%rdi)", "rdi", None, 1, -0x80000)]
lines, exp = [], []
for k, (ins, size, w) in enumerate(cases):
    m = mems[k % len(mems)]
    lines.append(ins.format(m=m[0]))
    ea = (val[m[1]] if m[1] else 0) + (val[m[2]] * m[3] if m[2] else 0) + m[4]
    exp.append((ins.format(m=m[0]), size, w, ea & (2**64-1)))
open('t.s','w').write('\n'.join(l + '\n' for l in lines) + 'nop\n')
subprocess.check_call(['as', '-o', 't.o', 't.s'])
dump = subprocess.check_output(['objdump', '-d', '--insn-width=16', 't.o']).decode()
insns = []
for l in dump.splitlines():
    mm = re.match(r'\s+[0-9a-f]+:\s+((?:[0-9a-f]{2} )+)\s*(.*)', l)
    if mm: insns.append(mm.group(1).split())
out = []
for (txt, size, w, ea), bs in zip(exp, insns):
    if size is None: continue
    out.append('   {"%s", {%s}, %d, %d, 0x%xull},' % (txt, ', '.join('0x'+b for b in bs), size, w, ea))
print('\n'.join(out))
print('regs', ', '.join('0x%xull' % val[r] for r in regs))
