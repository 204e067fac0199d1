//go:build !purego

#include "textflag.h"

// (−1, +1, −1, +1): combines the two accumulators of the complex loops.
DATA signs<>+0(SB)/4, $-1.0
DATA signs<>+4(SB)/4, $1.0
DATA signs<>+8(SB)/4, $-1.0
DATA signs<>+12(SB)/4, $1.0
GLOBL signs<>(SB), RODATA|NOPTR, $16

// func firRealAsm(out *float32, nout int, in *float32, taps *float32, ntaps int, stride int)
//
// out[j] = Σ_k taps[k]·in[j+k·stride] for j < nout, nout a multiple of 4,
// ntaps ≥ 1: each tap is broadcast and multiply-added into 8 (then 1)
// accumulators of 4 consecutive outputs.
TEXT ·firRealAsm(SB), NOSPLIT, $0-48
	MOVD out+0(FP), R0
	MOVD nout+8(FP), R1
	MOVD in+16(FP), R2
	MOVD taps+24(FP), R3
	MOVD ntaps+32(FP), R4
	MOVD stride+40(FP), R5
	LSL  $2, R5, R5

real32:
	CMP  $32, R1
	BLT  real4
	VEOR V0.B16, V0.B16, V0.B16
	VEOR V1.B16, V1.B16, V1.B16
	VEOR V2.B16, V2.B16, V2.B16
	VEOR V3.B16, V3.B16, V3.B16
	VEOR V4.B16, V4.B16, V4.B16
	VEOR V5.B16, V5.B16, V5.B16
	VEOR V6.B16, V6.B16, V6.B16
	VEOR V7.B16, V7.B16, V7.B16
	MOVD R2, R6
	MOVD R3, R7
	MOVD R4, R8

real32tap:
	VLD1R.P 4(R7), [V31.S4]
	MOVD    R6, R9
	VLD1.P  64(R9), [V16.S4, V17.S4, V18.S4, V19.S4]
	VLD1    (R9), [V20.S4, V21.S4, V22.S4, V23.S4]
	VFMLA   V31.S4, V16.S4, V0.S4
	VFMLA   V31.S4, V17.S4, V1.S4
	VFMLA   V31.S4, V18.S4, V2.S4
	VFMLA   V31.S4, V19.S4, V3.S4
	VFMLA   V31.S4, V20.S4, V4.S4
	VFMLA   V31.S4, V21.S4, V5.S4
	VFMLA   V31.S4, V22.S4, V6.S4
	VFMLA   V31.S4, V23.S4, V7.S4
	ADD     R5, R6, R6
	SUBS    $1, R8, R8
	BNE     real32tap
	VST1.P  [V0.S4, V1.S4, V2.S4, V3.S4], 64(R0)
	VST1.P  [V4.S4, V5.S4, V6.S4, V7.S4], 64(R0)
	ADD     $128, R2, R2
	SUB     $32, R1, R1
	B       real32

real4:
	CMP  $4, R1
	BLT  realdone
	VEOR V0.B16, V0.B16, V0.B16
	MOVD R2, R6
	MOVD R3, R7
	MOVD R4, R8

real4tap:
	VLD1R.P 4(R7), [V31.S4]
	VLD1    (R6), [V16.S4]
	VFMLA   V31.S4, V16.S4, V0.S4
	ADD     R5, R6, R6
	SUBS    $1, R8, R8
	BNE     real4tap
	VST1.P  [V0.S4], 16(R0)
	ADD     $16, R2, R2
	SUB     $4, R1, R1
	B       real4

realdone:
	RET

// func firComplexAsm(out *complex64, nout int, in *complex64, taps *complex64, ntaps int)
//
// out[j] = Σ_k taps[k]·in[j+k] for j < nout, nout a multiple of 2, ntaps ≥ 1.
// Per 2 outputs two accumulators a = Σ re(t)·x and b = Σ im(t)·x, then
// out = a + (−1, +1)·swap(b) = (re a − im b, im a + re b).
TEXT ·firComplexAsm(SB), NOSPLIT, $0-40
	MOVD out+0(FP), R0
	MOVD nout+8(FP), R1
	MOVD in+16(FP), R2
	MOVD taps+24(FP), R3
	MOVD ntaps+32(FP), R4
	MOVD $signs<>(SB), R10
	VLD1 (R10), [V30.S4]

cplx8:
	CMP  $8, R1
	BLT  cplx2
	VEOR V0.B16, V0.B16, V0.B16
	VEOR V1.B16, V1.B16, V1.B16
	VEOR V2.B16, V2.B16, V2.B16
	VEOR V3.B16, V3.B16, V3.B16
	VEOR V4.B16, V4.B16, V4.B16
	VEOR V5.B16, V5.B16, V5.B16
	VEOR V6.B16, V6.B16, V6.B16
	VEOR V7.B16, V7.B16, V7.B16
	MOVD R2, R6
	MOVD R3, R7
	MOVD R4, R8

cplx8tap:
	VLD1R.P 4(R7), [V28.S4]
	VLD1R.P 4(R7), [V29.S4]
	VLD1    (R6), [V16.S4, V17.S4, V18.S4, V19.S4]
	VFMLA   V28.S4, V16.S4, V0.S4
	VFMLA   V29.S4, V16.S4, V1.S4
	VFMLA   V28.S4, V17.S4, V2.S4
	VFMLA   V29.S4, V17.S4, V3.S4
	VFMLA   V28.S4, V18.S4, V4.S4
	VFMLA   V29.S4, V18.S4, V5.S4
	VFMLA   V28.S4, V19.S4, V6.S4
	VFMLA   V29.S4, V19.S4, V7.S4
	ADD     $8, R6, R6
	SUBS    $1, R8, R8
	BNE     cplx8tap
	VREV64  V1.S4, V1.S4
	VREV64  V3.S4, V3.S4
	VREV64  V5.S4, V5.S4
	VREV64  V7.S4, V7.S4
	VFMLA   V30.S4, V1.S4, V0.S4
	VFMLA   V30.S4, V3.S4, V2.S4
	VFMLA   V30.S4, V5.S4, V4.S4
	VFMLA   V30.S4, V7.S4, V6.S4
	VST1.P  [V0.S4], 16(R0)
	VST1.P  [V2.S4], 16(R0)
	VST1.P  [V4.S4], 16(R0)
	VST1.P  [V6.S4], 16(R0)
	ADD     $64, R2, R2
	SUB     $8, R1, R1
	B       cplx8

cplx2:
	CMP  $2, R1
	BLT  cplxdone
	VEOR V0.B16, V0.B16, V0.B16
	VEOR V1.B16, V1.B16, V1.B16
	MOVD R2, R6
	MOVD R3, R7
	MOVD R4, R8

cplx2tap:
	VLD1R.P 4(R7), [V28.S4]
	VLD1R.P 4(R7), [V29.S4]
	VLD1    (R6), [V16.S4]
	VFMLA   V28.S4, V16.S4, V0.S4
	VFMLA   V29.S4, V16.S4, V1.S4
	ADD     $8, R6, R6
	SUBS    $1, R8, R8
	BNE     cplx2tap
	VREV64  V1.S4, V1.S4
	VFMLA   V30.S4, V1.S4, V0.S4
	VST1.P  [V0.S4], 16(R0)
	ADD     $16, R2, R2
	SUB     $2, R1, R1
	B       cplx2

cplxdone:
	RET

// func dotNEON(acc *[8]float32, x *float32, taps *float32, n int, kind int)
//
// Lane sums of x·taps over n taps, n a multiple of 4, left in acc for the
// caller to add up. kind 0: real items and taps (acc[0:4] holds partial
// sums); kind 1: complex items, real taps spread over re and im (acc[0:4]:
// re, im, re, im); kind 2: complex items and taps, acc[0:4] = Σ x·re(t) and
// acc[4:8] = Σ x·im(t) lane by lane (n counts complex taps, a multiple of 2).
TEXT ·dotNEON(SB), NOSPLIT, $0-40
	MOVD acc+0(FP), R0
	MOVD x+8(FP), R1
	MOVD taps+16(FP), R2
	MOVD n+24(FP), R3
	MOVD kind+32(FP), R4
	VEOR V0.B16, V0.B16, V0.B16
	VEOR V1.B16, V1.B16, V1.B16
	VEOR V2.B16, V2.B16, V2.B16
	VEOR V3.B16, V3.B16, V3.B16
	CMP  $1, R4
	BEQ  spread
	BGT  cplx

real:
	CBZ    R3, realend
	VLD1.P 16(R2), [V8.S4]
	VLD1.P 16(R1), [V16.S4]
	VFMLA  V8.S4, V16.S4, V0.S4
	SUB    $4, R3, R3
	B      real

realend:
	VST1 [V0.S4, V1.S4], (R0)
	RET

spread:
	CBZ    R3, spreadend
	VLD1.P 16(R2), [V8.S4]
	VZIP1  V8.S4, V8.S4, V9.S4
	VZIP2  V8.S4, V8.S4, V10.S4
	VLD1.P 32(R1), [V16.S4, V17.S4]
	VFMLA  V9.S4, V16.S4, V0.S4
	VFMLA  V10.S4, V17.S4, V1.S4
	SUB    $4, R3, R3
	B      spread

spreadend:
	VST1  [V0.S4, V1.S4], (R0)
	RET

cplx:
	CBZ    R3, cplxend
	VLD1.P 16(R2), [V8.S4]
	VTRN1  V8.S4, V8.S4, V9.S4
	VTRN2  V8.S4, V8.S4, V10.S4
	VLD1.P 16(R1), [V16.S4]
	VFMLA  V9.S4, V16.S4, V0.S4
	VFMLA  V10.S4, V16.S4, V1.S4
	SUB    $2, R3, R3
	B      cplx

cplxend:
	VST1 [V0.S4, V1.S4], (R0)
	RET
