//go:build arm64 && !purego

#include "textflag.h"

// Stockham FFT passes and vector products with Advanced SIMD (NEON),
// written by hand. See kernels_generic.go for the pass definitions; the Go
// passes are the reference these are tested against.
//
// Data layout. A V register holds four float32s. The loops load four
// complex64 values with VLD2, which deinterleaves them into a register of
// real parts and one of imaginary parts ("split" form: re = [r0 r1 r2 r3],
// im = [i0 i1 i2 i3]), compute on the split form, and store with VST2,
// which interleaves them back. In split form a complex product is four
// instructions for four values and a multiplication by ±j is free (swap
// the registers, fold the sign into the next add or subtract).
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

// CMUL sets (dr, di) = (tr, ti)·(wr, wi), split form, register numbers:
// dr = tr·wr − ti·wi, di = tr·wi + ti·wr. 4 instructions for 4 values.
#define CMUL(tr, ti, wr, wi, dr, di) \
	FMUL4S(wr, tr, dr) \
	FMLS4S(wi, ti, dr) \
	FMUL4S(wi, tr, di) \
	FMLA4S(wr, ti, di)

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
