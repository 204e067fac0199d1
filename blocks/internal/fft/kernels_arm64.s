//go:build arm64 && !purego

#include "textflag.h"

// Stockham FFT passes and vector products with Advanced SIMD (NEON),
// written by hand. See kernels_generic.go for the pass definitions; the Go
// passes are the reference these are tested against.
//
// Data layout. A V register holds four float32s. Most loops load four
// complex64 values with VLD2, which deinterleaves them into a register of
// real parts and one of imaginary parts ("split" form: re = [r0 r1 r2 r3],
// im = [i0 i1 i2 i3]), compute on the split form, and store with VST2,
// which interleaves them back; VLD2 and VST2 need no alignment. In split
// form a complex product is four instructions for four values and a
// multiplication by ±j is free (swap the registers, fold the sign into the
// next add or subtract).
//
// Vector float arithmetic. Go's arm64 assembler has VFMLA and VFMLS but no
// vector FADD, FSUB or FMUL (as of Go 1.26: see the instruction names in
// cmd/internal/obj/arm64/anames.go), so those are encoded by hand with WORD
// (A64 "Advanced SIMD three same", single precision, Q = 1: four lanes).
// The macros take register numbers, in Go's operand order (second source,
// first source, destination):
//
//	FADD4S(m, n, d)  FADD Vd.4S, Vn.4S, Vm.4S   Vd = Vn + Vm
//	FSUB4S(m, n, d)  FSUB Vd.4S, Vn.4S, Vm.4S   Vd = Vn − Vm
//	FMUL4S(m, n, d)  FMUL Vd.4S, Vn.4S, Vm.4S   Vd = Vn · Vm
//	FMLA4S(m, n, d)  FMLA Vd.4S, Vn.4S, Vm.4S   Vd = Vd + Vn · Vm (fused)
//	FMLS4S(m, n, d)  FMLS Vd.4S, Vn.4S, Vm.4S   Vd = Vd − Vn · Vm (fused)
//
// FMLA4S and FMLS4S are VFMLA Vm.S4, Vn.S4, Vd.S4 and VFMLS, which the
// assembler has, encoded the same way so that macros taking register
// numbers can use them (its preprocessor cannot paste a number into a V
// register name). go tool objdump decodes all five, which is how the
// encodings were checked, besides the tests. Doing the adds as VFMLA
// against a vector of ones instead would be exact too, but VFMLA
// accumulates into its destination, so every a+b, a−b pair would need an
// extra register copy.
#define FADD4S(m, n, d) WORD $(0x4E20D400 | ((m)<<16) | ((n)<<5) | (d))
#define FSUB4S(m, n, d) WORD $(0x4EA0D400 | ((m)<<16) | ((n)<<5) | (d))
#define FMUL4S(m, n, d) WORD $(0x6E20DC00 | ((m)<<16) | ((n)<<5) | (d))
#define FMLA4S(m, n, d) WORD $(0x4E20CC00 | ((m)<<16) | ((n)<<5) | (d))
#define FMLS4S(m, n, d) WORD $(0x4EA0CC00 | ((m)<<16) | ((n)<<5) | (d))

// Direction. The passes compute forward DFTs only. The inverse R-point
// DFT of x_0..x_{R−1} is the forward one of x_0, x_{R−1}, ..., x_1
// (Σ x_t·w^{−tk} = Σ x_{R−t}·w^{tk}, indices mod R), so for the inverse they swap the
// pointers of the inputs t and R−t at the start (b and d for radix 4; 1
// and 7, 2 and 6, 3 and 5 for radix 8) and conjugate the twiddle factors
// (XOR of their imaginary parts with V31: zero forward, sign bits
// inverse). For radix 4 this gives the same values as the Go passes to the
// bit up to the fused multiply-adds of the products (b−d and d−b differ in
// sign only); for radix 8 the order of the operations differs too.

// CONJMASK sets V31 to four sign bits if the byte in reg is 1 (inverse),
// to zeros if it is 0. reg is clobbered.
#define CONJMASK(reg) \
	LSL  $31, reg, reg \
	VDUP reg, V31.S4

// DFT4 computes in place the forward 4-point DFT (the radix-4 butterfly
// without twiddle factors) of four split-form values (register numbers):
// X0 = a+b+c+d into (ar, ai), X1 = (a−c) − j(b−d) into (br, bi),
// X2 = a−b+c−d into (cr, ci), X3 = (a−c) + j(b−d) into (dr, di). t0..t7
// are clobbered with p = a+c, m = a−c, s = b+d and x = b−d. −j·x is
// (xi, −xr), so X1 = (mr + xi, mi − xr) and X3 = (mr − xi, mi + xr).
// 16 instructions for four butterflies, 4 a butterfly.
#define DFT4(ar, ai, br, bi, cr, ci, dr, di, t0, t1, t2, t3, t4, t5, t6, t7) \
	FADD4S(cr, ar, t0) \
	FADD4S(ci, ai, t1) \
	FSUB4S(cr, ar, t2) \
	FSUB4S(ci, ai, t3) \
	FADD4S(dr, br, t4) \
	FADD4S(di, bi, t5) \
	FSUB4S(dr, br, t6) \
	FSUB4S(di, bi, t7) \
	FADD4S(t4, t0, ar) \
	FADD4S(t5, t1, ai) \
	FSUB4S(t4, t0, cr) \
	FSUB4S(t5, t1, ci) \
	FADD4S(t7, t2, br) \
	FSUB4S(t6, t3, bi) \
	FSUB4S(t7, t2, dr) \
	FADD4S(t6, t3, di)

// CMUL sets (dr, di) = (tr, ti)·(wr, wi), split form, register numbers:
// dr = tr·wr − ti·wi, di = tr·wi + ti·wr. 4 instructions for 4 values.
#define CMUL(tr, ti, wr, wi, dr, di) \
	FMUL4S(wr, tr, dr) \
	FMLS4S(wi, ti, dr) \
	FMUL4S(wi, tr, di) \
	FMLA4S(wr, ti, di)

// func radix4FirstAsm(y, x, tw []complex64, inv bool)
//
// s == 1: four butterflies p = p0..p0+3 an iteration, each with its own
// twiddle factors (blocked by four, see pass.tw: VLD2 splits w_k of the
// four p into real and imaginary parts). The outputs y[4p+k] are
// transposed on the way out: VZIP1/VZIP2 interleave each X_k back into
// complex values of p0, p1 and p2, p3, and VST4 on 64-bit lanes writes
// X0..X3 of p0, then of p1 (and likewise for p2, p3).
// Per four butterflies: 7 VLD2 + 3 EOR + 16 (DFT4) + 12 (3 CMUL) + 8 ZIP +
// 2 VST4 + 2 loop control = 50 instructions, 12.5 a butterfly.
TEXT ·radix4FirstAsm(SB), NOSPLIT, $0-73
	MOVD  y_base+0(FP), R0
	MOVD  x_base+24(FP), R1
	MOVD  x_len+32(FP), R6
	MOVD  tw_base+48(FP), R5
	MOVBU inv+72(FP), R7
	LSR   $2, R6, R6           // m
	LSL   $3, R6, R8           // m·8: bytes in a quarter of x
	ADD   R8, R1, R2           // b
	ADD   R8, R2, R3           // c
	ADD   R8, R3, R4           // d
	CBZ   R7, first_fwd
	MOVD  R2, R8               // inverse: swap b and d
	MOVD  R4, R2
	MOVD  R8, R4

first_fwd:
	CONJMASK(R7)
	LSR $2, R6, R6             // m/4 iterations
	CBZ R6, first_done

first_loop:
	VLD2.P 32(R1), [V0.S4, V1.S4]   // a of p0..p0+3: re, im
	VLD2.P 32(R2), [V2.S4, V3.S4]   // b
	VLD2.P 32(R3), [V4.S4, V5.S4]   // c
	VLD2.P 32(R4), [V6.S4, V7.S4]   // d
	VLD2.P 32(R5), [V16.S4, V17.S4] // w1 of p0..p0+3
	VLD2.P 32(R5), [V18.S4, V19.S4] // w2
	VLD2.P 32(R5), [V20.S4, V21.S4] // w3
	VEOR   V31.B16, V17.B16, V17.B16
	VEOR   V31.B16, V19.B16, V19.B16
	VEOR   V31.B16, V21.B16, V21.B16
	DFT4(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
	CMUL(2, 3, 16, 17, 8, 9)
	CMUL(4, 5, 18, 19, 10, 11)
	CMUL(6, 7, 20, 21, 12, 13)
	VZIP1  V1.S4, V0.S4, V22.S4     // X0 of p0, p1
	VZIP1  V9.S4, V8.S4, V23.S4     // X1
	VZIP1  V11.S4, V10.S4, V24.S4   // X2
	VZIP1  V13.S4, V12.S4, V25.S4   // X3
	VZIP2  V1.S4, V0.S4, V26.S4     // X0 of p2, p3
	VZIP2  V9.S4, V8.S4, V27.S4
	VZIP2  V11.S4, V10.S4, V28.S4
	VZIP2  V13.S4, V12.S4, V29.S4
	VST4.P [V22.D2, V23.D2, V24.D2, V25.D2], 64(R0)
	VST4.P [V26.D2, V27.D2, V28.D2, V29.D2], 64(R0)
	SUBS   $1, R6, R6
	BNE    first_loop

first_done:
	RET

// func radix4Asm(y, x, tw []complex64, m, s int, inv bool)
//
// s a multiple of 4: for each p, the twiddle factors are broadcast (VLD2R
// splits w_k into a register of its real part and one of its imaginary
// part) and four butterflies q..q+3 run an iteration.
// Per four butterflies: 4 VLD2 + 16 (DFT4) + 12 (3 CMUL) + 4 VST2 + 2 loop
// control = 38 instructions, 9.5 a butterfly, plus 13 per p (3 VLD2R +
// 3 EOR + 4 ADD + 3 loop control): 12.75 a butterfly when s = 4.
TEXT ·radix4Asm(SB), NOSPLIT, $0-89
	MOVD  y_base+0(FP), R5
	MOVD  x_base+24(FP), R1
	MOVD  tw_base+48(FP), R9
	MOVD  m+72(FP), R10
	MOVD  s+80(FP), R11
	MOVBU inv+88(FP), R14
	MUL   R10, R11, R15
	LSL   $3, R15, R15         // m·s·8: bytes in a quarter of x
	ADD   R15, R1, R2          // b
	ADD   R15, R2, R3          // c
	ADD   R15, R3, R4          // d
	LSL   $3, R11, R13         // s·8: bytes in a quarter of a p's output
	ADD   R13, R5, R6          // y's quarters for p = 0
	ADD   R13, R6, R7
	ADD   R13, R7, R8
	ADD   R13<<1, R13, R13     // 3·s·8
	LSR   $2, R11, R11         // s/4 iterations per p
	CBZ   R14, mid_fwd
	MOVD  R2, R15              // inverse: swap b and d
	MOVD  R4, R2
	MOVD  R15, R4

mid_fwd:
	CONJMASK(R14)
	CBZ R10, mid_done

mid_p:
	VLD2R.P 8(R9), [V16.S4, V17.S4] // w1 of this p: re, im broadcast
	VLD2R.P 8(R9), [V18.S4, V19.S4] // w2
	VLD2R.P 8(R9), [V20.S4, V21.S4] // w3
	VEOR    V31.B16, V17.B16, V17.B16
	VEOR    V31.B16, V19.B16, V19.B16
	VEOR    V31.B16, V21.B16, V21.B16
	MOVD    R11, R12

mid_q:
	VLD2.P 32(R1), [V0.S4, V1.S4]
	VLD2.P 32(R2), [V2.S4, V3.S4]
	VLD2.P 32(R3), [V4.S4, V5.S4]
	VLD2.P 32(R4), [V6.S4, V7.S4]
	DFT4(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
	VST2.P [V0.S4, V1.S4], 32(R5)
	CMUL(2, 3, 16, 17, 8, 9)
	VST2.P [V8.S4, V9.S4], 32(R6)
	CMUL(4, 5, 18, 19, 10, 11)
	VST2.P [V10.S4, V11.S4], 32(R7)
	CMUL(6, 7, 20, 21, 12, 13)
	VST2.P [V12.S4, V13.S4], 32(R8)
	SUBS   $1, R12, R12
	BNE    mid_q

	// x's quarters advance by s values per p, y's by 4s: R5..R8 have
	// moved s.
	ADD  R13, R5, R5
	ADD  R13, R6, R6
	ADD  R13, R7, R7
	ADD  R13, R8, R8
	SUBS $1, R10, R10
	BNE  mid_p

mid_done:
	RET

// func radix4LastAsm(y, x []complex64, inv bool)
//
// m == 1, s a multiple of 4: four butterflies an iteration, no twiddle
// factors. Each iteration loads all it stores, so y may be x.
// Per four butterflies: 4 VLD2 + 16 (DFT4) + 4 VST2 + 2 loop control = 26
// instructions, 6.5 a butterfly.
TEXT ·radix4LastAsm(SB), NOSPLIT, $0-49
	MOVD  y_base+0(FP), R4
	MOVD  x_base+24(FP), R0
	MOVD  x_len+32(FP), R8
	MOVBU inv+48(FP), R9
	LSR   $2, R8, R8           // s
	LSL   $3, R8, R10          // s·8: bytes in a quarter
	ADD   R10, R0, R1
	ADD   R10, R1, R2
	ADD   R10, R2, R3
	ADD   R10, R4, R5
	ADD   R10, R5, R6
	ADD   R10, R6, R7
	CBZ   R9, last_fwd
	MOVD  R1, R10              // inverse: swap b and d
	MOVD  R3, R1
	MOVD  R10, R3

last_fwd:
	LSR $2, R8, R8             // s/4 iterations
	CBZ R8, last_done

last_loop:
	VLD2.P 32(R0), [V0.S4, V1.S4]
	VLD2.P 32(R1), [V2.S4, V3.S4]
	VLD2.P 32(R2), [V4.S4, V5.S4]
	VLD2.P 32(R3), [V6.S4, V7.S4]
	DFT4(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
	VST2.P [V0.S4, V1.S4], 32(R4)
	VST2.P [V2.S4, V3.S4], 32(R5)
	VST2.P [V4.S4, V5.S4], 32(R6)
	VST2.P [V6.S4, V7.S4], 32(R7)
	SUBS   $1, R8, R8
	BNE    last_loop

last_done:
	RET

DATA halfSqrt2<>+0(SB)/4, $0x3f3504f3 // float32(√2/2)
GLOBL halfSqrt2<>(SB), RODATA|NOPTR, $4

// func radix8LastAsm(y, x []complex64, inv bool)
//
// m == 1, s a multiple of 4: four radix-8 butterflies an iteration, as in
// radix8LastGo: a radix-2 level, u_t = x_t + x_{t+4} and v_t =
// (x_t − x_{t+4})·w8^t, then 4-point DFTs of u (giving X0, X2, X4, X6) and
// v (X1, X3, X5, X7). With d_t = x_t − x_{t+4} and h = √2/2, forward:
// v1 = h·(d1r + d1i, d1i − d1r), v2 = −j·d2 = (x2i − x6i, x6r − x2r) and
// v3 = −j·h·(d3 − j·d3) = h·(e_r − e_i, e_r + e_i) with e = x7 − x3, so
// that no negation is needed. Each iteration loads all it stores, so y may
// be x.
// Per four butterflies: 8 VLD2 + 16 (radix-2 level) + 8 (v1, v3) + 32
// (two DFT4) + 8 VST2 + 2 loop control = 74 instructions, 18.5 a radix-8
// butterfly.
TEXT ·radix8LastAsm(SB), NOSPLIT, $0-49
	MOVD  y_base+0(FP), R8
	MOVD  x_base+24(FP), R0
	MOVD  x_len+32(FP), R19
	MOVBU inv+48(FP), R20
	LSR   $3, R19, R19         // s
	LSL   $3, R19, R21         // s·8: bytes in an eighth
	ADD   R21, R0, R1
	ADD   R21, R1, R2
	ADD   R21, R2, R3
	ADD   R21, R3, R4
	ADD   R21, R4, R5
	ADD   R21, R5, R6
	ADD   R21, R6, R7
	ADD   R21, R8, R9
	ADD   R21, R9, R10
	ADD   R21, R10, R11
	ADD   R21, R11, R12
	ADD   R21, R12, R13
	ADD   R21, R13, R14
	ADD   R21, R14, R15
	CBZ   R20, r8_fwd
	MOVD  R1, R21              // inverse: swap x1 and x7, x2 and x6, x3 and x5
	MOVD  R7, R1
	MOVD  R21, R7
	MOVD  R2, R21
	MOVD  R6, R2
	MOVD  R21, R6
	MOVD  R3, R21
	MOVD  R5, R3
	MOVD  R21, R5

r8_fwd:
	MOVD  $halfSqrt2<>(SB), R21
	VLD1R (R21), [V30.S4]
	LSR   $2, R19, R19         // s/4 iterations
	CBZ   R19, r8_done

r8_loop:
	VLD2.P 32(R0), [V0.S4, V1.S4]   // x0
	VLD2.P 32(R1), [V2.S4, V3.S4]   // x1
	VLD2.P 32(R2), [V4.S4, V5.S4]   // x2
	VLD2.P 32(R3), [V6.S4, V7.S4]   // x3
	VLD2.P 32(R4), [V8.S4, V9.S4]   // x4
	VLD2.P 32(R5), [V10.S4, V11.S4] // x5
	VLD2.P 32(R6), [V12.S4, V13.S4] // x6
	VLD2.P 32(R7), [V14.S4, V15.S4] // x7

	// Radix-2 level: u_t in (V16, V17) .. (V22, V23); v0 = x0 − x4 in
	// (V0, V1), d1 = x1 − x5 in (V2, V3), v2 in (V24, V25), e = x7 − x3
	// in (V14, V15).
	FADD4S(8, 0, 16)
	FADD4S(9, 1, 17)
	FADD4S(10, 2, 18)
	FADD4S(11, 3, 19)
	FADD4S(12, 4, 20)
	FADD4S(13, 5, 21)
	FADD4S(14, 6, 22)
	FADD4S(15, 7, 23)
	FSUB4S(8, 0, 0)
	FSUB4S(9, 1, 1)
	FSUB4S(10, 2, 2)
	FSUB4S(11, 3, 3)
	FSUB4S(13, 5, 24)
	FSUB4S(4, 12, 25)
	FSUB4S(6, 14, 14)
	FSUB4S(7, 15, 15)

	// v1 = h·(d1r + d1i, d1i − d1r) in (V2, V3); v3 = h·(er − ei, er + ei)
	// in (V6, V7).
	FADD4S(3, 2, 26)
	FSUB4S(2, 3, 27)
	FMUL4S(30, 26, 2)
	FMUL4S(30, 27, 3)
	FSUB4S(15, 14, 26)
	FADD4S(15, 14, 27)
	FMUL4S(30, 26, 6)
	FMUL4S(30, 27, 7)

	// 4-point DFTs: v gives X1, X3, X5, X7 in (V0, V1), (V2, V3),
	// (V24, V25), (V6, V7); u gives X0, X2, X4, X6 in place.
	DFT4(0, 1, 2, 3, 24, 25, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
	DFT4(16, 17, 18, 19, 20, 21, 22, 23, 8, 9, 10, 11, 12, 13, 14, 15)
	VST2.P [V16.S4, V17.S4], 32(R8)
	VST2.P [V0.S4, V1.S4], 32(R9)
	VST2.P [V18.S4, V19.S4], 32(R10)
	VST2.P [V2.S4, V3.S4], 32(R11)
	VST2.P [V20.S4, V21.S4], 32(R12)
	VST2.P [V24.S4, V25.S4], 32(R13)
	VST2.P [V22.S4, V23.S4], 32(R14)
	VST2.P [V6.S4, V7.S4], 32(R15)
	SUBS   $1, R19, R19
	BNE    r8_loop

r8_done:
	RET

// func radix2Asm(y, x []complex64)
//
// m == 1, s a multiple of 4: four butterflies an iteration, on the
// interleaved values (no products, so no need to split them).
// Per four butterflies: 2 VLD1 + 4 FADD/FSUB + 2 VST1 + 2 loop control =
// 10 instructions, 2.5 a butterfly. NewPlan makes a radix-2 pass for n = 2
// only, where s = 1 and the Go pass runs: the tests call this one directly.
TEXT ·radix2Asm(SB), NOSPLIT, $0-48
	MOVD y_base+0(FP), R2
	MOVD x_base+24(FP), R0
	MOVD x_len+32(FP), R4
	LSR  $1, R4, R4            // s
	LSL  $3, R4, R5            // s·8: bytes in a half
	ADD  R5, R0, R1
	ADD  R5, R2, R3
	LSR  $2, R4, R4            // s/4 iterations
	CBZ  R4, r2_done

r2_loop:
	VLD1.P 32(R0), [V0.S4, V1.S4]
	VLD1.P 32(R1), [V2.S4, V3.S4]
	FADD4S(2, 0, 4)
	FADD4S(3, 1, 5)
	FSUB4S(2, 0, 6)
	FSUB4S(3, 1, 7)
	VST1.P [V4.S4, V5.S4], 32(R2)
	VST1.P [V6.S4, V7.S4], 32(R3)
	SUBS   $1, R4, R4
	BNE    r2_loop

r2_done:
	RET

// func mulWindowAsm(dst, src []complex64, w []float32)
//
// Eight values an iteration: 2 VLD2 + 1 VLD1 + 4 FMUL + 2 VST2 + 2 loop
// control = 11 instructions, 1.4 a value.
TEXT ·mulWindowAsm(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD src_base+24(FP), R1
	MOVD w_base+48(FP), R2
	LSR  $3, R3, R3            // 8 values an iteration
	CBZ  R3, win_done

win_loop:
	VLD1.P 32(R2), [V16.S4, V17.S4] // w0..w7
	VLD2.P 32(R1), [V0.S4, V1.S4]   // src 0..3: re, im
	VLD2.P 32(R1), [V2.S4, V3.S4]   // src 4..7
	FMUL4S(16, 0, 0)
	FMUL4S(16, 1, 1)
	FMUL4S(17, 2, 2)
	FMUL4S(17, 3, 3)
	VST2.P [V0.S4, V1.S4], 32(R0)
	VST2.P [V2.S4, V3.S4], 32(R0)
	SUBS   $1, R3, R3
	BNE    win_loop

win_done:
	RET

// func mulWindowRealAsm(dst []complex64, src, w []float32)
//
// Eight values an iteration: 2 VLD1 + 2 FMUL + 2 VST2 (interleaving the
// products with zeros) + 2 loop control = 8 instructions, 1 a value.
TEXT ·mulWindowRealAsm(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD src_base+24(FP), R1
	MOVD w_base+48(FP), R2
	VEOR V5.B16, V5.B16, V5.B16 // imaginary parts: +0
	VEOR V7.B16, V7.B16, V7.B16
	LSR  $3, R3, R3            // 8 values an iteration
	CBZ  R3, winr_done

winr_loop:
	VLD1.P 32(R1), [V0.S4, V1.S4] // x0..x7
	VLD1.P 32(R2), [V2.S4, V3.S4] // w0..w7
	FMUL4S(2, 0, 4)
	FMUL4S(3, 1, 6)
	VST2.P [V4.S4, V5.S4], 32(R0)
	VST2.P [V6.S4, V7.S4], 32(R0)
	SUBS   $1, R3, R3
	BNE    winr_loop

winr_done:
	RET

// func mulAsm(dst, a, b []complex64)
//
// Eight values an iteration: 4 VLD2 + 8 (two CMULs) + 2 VST2 + 2 loop
// control = 16 instructions, 2 a value.
TEXT ·mulAsm(SB), NOSPLIT, $0-72
	MOVD dst_base+0(FP), R0
	MOVD dst_len+8(FP), R3
	MOVD a_base+24(FP), R1
	MOVD b_base+48(FP), R2
	LSR  $3, R3, R3            // 8 values an iteration
	CBZ  R3, mul_done

mul_loop:
	VLD2.P 32(R1), [V0.S4, V1.S4] // a0..a3
	VLD2.P 32(R1), [V2.S4, V3.S4] // a4..a7
	VLD2.P 32(R2), [V4.S4, V5.S4] // b0..b3
	VLD2.P 32(R2), [V6.S4, V7.S4] // b4..b7
	CMUL(0, 1, 4, 5, 16, 17)
	CMUL(2, 3, 6, 7, 18, 19)
	VST2.P [V16.S4, V17.S4], 32(R0)
	VST2.P [V18.S4, V19.S4], 32(R0)
	SUBS   $1, R3, R3
	BNE    mul_loop

mul_done:
	RET
