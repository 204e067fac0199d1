//go:build !purego

#include "textflag.h"

// AVX-512 versions of fir_amd64.s's loops, for processors with AVX512F
// (the only extension used: VPXORD rather than VXORPS, VEXTRACTF64X4
// rather than VEXTRACTF32X8, which would need AVX512DQ). ZMM registers hold
// 16 floats, and there are 32 of them, which allows more accumulators per
// pass than the AVX2 loops' 16 YMM registers.
//
// The output blocks below are regular and were written out by a small
// generator; each block's shape is explained once, at its first use.

// func firRealAsm512(out *float32, nout int, in *float32, taps *float32, ntaps int, stride int)
//
// out[j] = Σ_k taps[k]·in[j+k·stride] for j < nout, nout a multiple of 8,
// ntaps ≥ 1, stride dividing 16 (1 for real items, 2 for complex items
// with real taps). Vectorised across outputs like firRealAsm, but a ZMM
// load of 16 inputs at a tap offset k is the one that the accumulator 16
// outputs further needs at tap k+q, where q = 16/stride. So the taps go in
// groups of 4q: four taps k, k+q, k+2q, k+3q are broadcast together and
// n accumulators need only n+3 loads for 4n multiply-adds. Most of those
// 64-byte loads are unaligned and cross a cache line, and with one load per
// FMA (firRealAsm's way) the loads, not the FMA units, would set the pace.
// The taps left after the last whole group (ntaps mod 4q) go one at a time.
//
// Registers: DI out, CX outputs left, SI in, R8 taps, R9 end of taps, R10
// input step per tap in bytes, R11 end of the grouped taps, R12 = 4q bytes
// (the distance between the taps of a group, q taps of 4 bytes; also the
// number of taps in a group), R13 = 3·R12; AX and BX walk the input and the
// taps of one pass, DX ends a group's q steps. Z0–Z15 accumulate, Z16–Z19
// hold the broadcast taps, Z20–Z23 the loaded inputs.
TEXT ·firRealAsm512(SB), NOSPLIT, $0-48
	MOVQ out+0(FP), DI
	MOVQ nout+8(FP), CX
	MOVQ in+16(FP), SI
	MOVQ taps+24(FP), R8
	MOVQ ntaps+32(FP), R9
	MOVQ stride+40(FP), R10
	MOVQ $64, AX
	XORL DX, DX
	DIVQ R10
	MOVQ AX, R12
	LEAQ (R12)(R12*2), R13
	MOVQ R9, AX
	XORL DX, DX
	DIVQ R12
	IMULQ R12, AX
	LEAQ (R8)(AX*4), R11
	LEAQ (R8)(R9*4), R9
	SHLQ $2, R10

// 256 outputs (16 accumulators) per pass; then 64 (4), then 16 (one
// output vector, its four taps of a group summed in four accumulators so
// that the multiply-adds do not wait on each other).
real256:
	CMPQ CX, $256
	JLT  real64
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	MOVQ SI, AX
	MOVQ R8, BX
	CMPQ BX, R11
	JCC  real256rest

real256group:
	LEAQ (BX)(R12*1), DX

real256tap:
	VBROADCASTSS (BX), Z16
	VBROADCASTSS (BX)(R12*1), Z17
	VBROADCASTSS (BX)(R12*2), Z18
	VBROADCASTSS (BX)(R13*1), Z19
	VMOVUPS      0(AX), Z20
	VFMADD231PS  Z20, Z16, Z0
	VMOVUPS      64(AX), Z21
	VFMADD231PS  Z21, Z16, Z1
	VFMADD231PS  Z21, Z17, Z0
	VMOVUPS      128(AX), Z22
	VFMADD231PS  Z22, Z16, Z2
	VFMADD231PS  Z22, Z17, Z1
	VFMADD231PS  Z22, Z18, Z0
	VMOVUPS      192(AX), Z23
	VFMADD231PS  Z23, Z16, Z3
	VFMADD231PS  Z23, Z17, Z2
	VFMADD231PS  Z23, Z18, Z1
	VFMADD231PS  Z23, Z19, Z0
	VMOVUPS      256(AX), Z20
	VFMADD231PS  Z20, Z16, Z4
	VFMADD231PS  Z20, Z17, Z3
	VFMADD231PS  Z20, Z18, Z2
	VFMADD231PS  Z20, Z19, Z1
	VMOVUPS      320(AX), Z21
	VFMADD231PS  Z21, Z16, Z5
	VFMADD231PS  Z21, Z17, Z4
	VFMADD231PS  Z21, Z18, Z3
	VFMADD231PS  Z21, Z19, Z2
	VMOVUPS      384(AX), Z22
	VFMADD231PS  Z22, Z16, Z6
	VFMADD231PS  Z22, Z17, Z5
	VFMADD231PS  Z22, Z18, Z4
	VFMADD231PS  Z22, Z19, Z3
	VMOVUPS      448(AX), Z23
	VFMADD231PS  Z23, Z16, Z7
	VFMADD231PS  Z23, Z17, Z6
	VFMADD231PS  Z23, Z18, Z5
	VFMADD231PS  Z23, Z19, Z4
	VMOVUPS      512(AX), Z20
	VFMADD231PS  Z20, Z16, Z8
	VFMADD231PS  Z20, Z17, Z7
	VFMADD231PS  Z20, Z18, Z6
	VFMADD231PS  Z20, Z19, Z5
	VMOVUPS      576(AX), Z21
	VFMADD231PS  Z21, Z16, Z9
	VFMADD231PS  Z21, Z17, Z8
	VFMADD231PS  Z21, Z18, Z7
	VFMADD231PS  Z21, Z19, Z6
	VMOVUPS      640(AX), Z22
	VFMADD231PS  Z22, Z16, Z10
	VFMADD231PS  Z22, Z17, Z9
	VFMADD231PS  Z22, Z18, Z8
	VFMADD231PS  Z22, Z19, Z7
	VMOVUPS      704(AX), Z23
	VFMADD231PS  Z23, Z16, Z11
	VFMADD231PS  Z23, Z17, Z10
	VFMADD231PS  Z23, Z18, Z9
	VFMADD231PS  Z23, Z19, Z8
	VMOVUPS      768(AX), Z20
	VFMADD231PS  Z20, Z16, Z12
	VFMADD231PS  Z20, Z17, Z11
	VFMADD231PS  Z20, Z18, Z10
	VFMADD231PS  Z20, Z19, Z9
	VMOVUPS      832(AX), Z21
	VFMADD231PS  Z21, Z16, Z13
	VFMADD231PS  Z21, Z17, Z12
	VFMADD231PS  Z21, Z18, Z11
	VFMADD231PS  Z21, Z19, Z10
	VMOVUPS      896(AX), Z22
	VFMADD231PS  Z22, Z16, Z14
	VFMADD231PS  Z22, Z17, Z13
	VFMADD231PS  Z22, Z18, Z12
	VFMADD231PS  Z22, Z19, Z11
	VMOVUPS      960(AX), Z23
	VFMADD231PS  Z23, Z16, Z15
	VFMADD231PS  Z23, Z17, Z14
	VFMADD231PS  Z23, Z18, Z13
	VFMADD231PS  Z23, Z19, Z12
	VMOVUPS      1024(AX), Z20
	VFMADD231PS  Z20, Z17, Z15
	VFMADD231PS  Z20, Z18, Z14
	VFMADD231PS  Z20, Z19, Z13
	VMOVUPS      1088(AX), Z21
	VFMADD231PS  Z21, Z18, Z15
	VFMADD231PS  Z21, Z19, Z14
	VMOVUPS      1152(AX), Z22
	VFMADD231PS  Z22, Z19, Z15
	ADDQ $4, BX
	ADDQ R10, AX
	CMPQ BX, DX
	JNE  real256tap
	ADDQ R13, BX
	ADDQ $192, AX
	CMPQ BX, R11
	JCS  real256group

real256rest:
	CMPQ BX, R9
	JCC  real256store

real256resttap:
	VBROADCASTSS (BX), Z16
	VFMADD231PS  0(AX), Z16, Z0
	VFMADD231PS  64(AX), Z16, Z1
	VFMADD231PS  128(AX), Z16, Z2
	VFMADD231PS  192(AX), Z16, Z3
	VFMADD231PS  256(AX), Z16, Z4
	VFMADD231PS  320(AX), Z16, Z5
	VFMADD231PS  384(AX), Z16, Z6
	VFMADD231PS  448(AX), Z16, Z7
	VFMADD231PS  512(AX), Z16, Z8
	VFMADD231PS  576(AX), Z16, Z9
	VFMADD231PS  640(AX), Z16, Z10
	VFMADD231PS  704(AX), Z16, Z11
	VFMADD231PS  768(AX), Z16, Z12
	VFMADD231PS  832(AX), Z16, Z13
	VFMADD231PS  896(AX), Z16, Z14
	VFMADD231PS  960(AX), Z16, Z15
	ADDQ $4, BX
	ADDQ R10, AX
	CMPQ BX, R9
	JCS  real256resttap

real256store:
	VMOVUPS Z0, 0(DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	VMOVUPS Z4, 256(DI)
	VMOVUPS Z5, 320(DI)
	VMOVUPS Z6, 384(DI)
	VMOVUPS Z7, 448(DI)
	VMOVUPS Z8, 512(DI)
	VMOVUPS Z9, 576(DI)
	VMOVUPS Z10, 640(DI)
	VMOVUPS Z11, 704(DI)
	VMOVUPS Z12, 768(DI)
	VMOVUPS Z13, 832(DI)
	VMOVUPS Z14, 896(DI)
	VMOVUPS Z15, 960(DI)
	ADDQ $1024, DI
	ADDQ $1024, SI
	SUBQ $256, CX
	JMP  real256

real64:
	CMPQ CX, $64
	JLT  real16
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	MOVQ SI, AX
	MOVQ R8, BX
	CMPQ BX, R11
	JCC  real64rest

real64group:
	LEAQ (BX)(R12*1), DX

real64tap:
	VBROADCASTSS (BX), Z16
	VBROADCASTSS (BX)(R12*1), Z17
	VBROADCASTSS (BX)(R12*2), Z18
	VBROADCASTSS (BX)(R13*1), Z19
	VMOVUPS      0(AX), Z20
	VFMADD231PS  Z20, Z16, Z0
	VMOVUPS      64(AX), Z21
	VFMADD231PS  Z21, Z16, Z1
	VFMADD231PS  Z21, Z17, Z0
	VMOVUPS      128(AX), Z22
	VFMADD231PS  Z22, Z16, Z2
	VFMADD231PS  Z22, Z17, Z1
	VFMADD231PS  Z22, Z18, Z0
	VMOVUPS      192(AX), Z23
	VFMADD231PS  Z23, Z16, Z3
	VFMADD231PS  Z23, Z17, Z2
	VFMADD231PS  Z23, Z18, Z1
	VFMADD231PS  Z23, Z19, Z0
	VMOVUPS      256(AX), Z20
	VFMADD231PS  Z20, Z17, Z3
	VFMADD231PS  Z20, Z18, Z2
	VFMADD231PS  Z20, Z19, Z1
	VMOVUPS      320(AX), Z21
	VFMADD231PS  Z21, Z18, Z3
	VFMADD231PS  Z21, Z19, Z2
	VMOVUPS      384(AX), Z22
	VFMADD231PS  Z22, Z19, Z3
	ADDQ $4, BX
	ADDQ R10, AX
	CMPQ BX, DX
	JNE  real64tap
	ADDQ R13, BX
	ADDQ $192, AX
	CMPQ BX, R11
	JCS  real64group

real64rest:
	CMPQ BX, R9
	JCC  real64store

real64resttap:
	VBROADCASTSS (BX), Z16
	VFMADD231PS  0(AX), Z16, Z0
	VFMADD231PS  64(AX), Z16, Z1
	VFMADD231PS  128(AX), Z16, Z2
	VFMADD231PS  192(AX), Z16, Z3
	ADDQ $4, BX
	ADDQ R10, AX
	CMPQ BX, R9
	JCS  real64resttap

real64store:
	VMOVUPS Z0, 0(DI)
	VMOVUPS Z1, 64(DI)
	VMOVUPS Z2, 128(DI)
	VMOVUPS Z3, 192(DI)
	ADDQ $256, DI
	ADDQ $256, SI
	SUBQ $64, CX
	JMP  real64

real16:
	CMPQ CX, $16
	JLT  real8
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	MOVQ SI, AX
	MOVQ R8, BX
	CMPQ BX, R11
	JCC  real16rest

real16group:
	LEAQ (BX)(R12*1), DX

real16tap:
	VBROADCASTSS (BX), Z16
	VBROADCASTSS (BX)(R12*1), Z17
	VBROADCASTSS (BX)(R12*2), Z18
	VBROADCASTSS (BX)(R13*1), Z19
	VFMADD231PS  0(AX), Z16, Z0
	VFMADD231PS  64(AX), Z17, Z1
	VFMADD231PS  128(AX), Z18, Z2
	VFMADD231PS  192(AX), Z19, Z3
	ADDQ $4, BX
	ADDQ R10, AX
	CMPQ BX, DX
	JNE  real16tap
	ADDQ R13, BX
	ADDQ $192, AX
	CMPQ BX, R11
	JCS  real16group

real16rest:
	CMPQ BX, R9
	JCC  real16store

real16resttap:
	VBROADCASTSS (BX), Z16
	VFMADD231PS  0(AX), Z16, Z0
	ADDQ $4, BX
	ADDQ R10, AX
	CMPQ BX, R9
	JCS  real16resttap

real16store:
	VADDPS Z1, Z0, Z0
	VADDPS Z3, Z2, Z2
	VADDPS Z2, Z0, Z0
	VMOVUPS Z0, 0(DI)
	ADDQ $64, DI
	ADDQ $64, SI
	SUBQ $16, CX
	JMP  real16

// The last 8 outputs, in one YMM register as in firRealAsm.
real8:
	CMPQ CX, $8
	JLT  realdone
	VXORPS Y0, Y0, Y0
	MOVQ SI, AX
	MOVQ R8, BX

real8tap:
	VBROADCASTSS (BX), Y15
	VFMADD231PS  (AX), Y15, Y0
	ADDQ $4, BX
	ADDQ R10, AX
	CMPQ BX, R9
	JCS  real8tap
	VMOVUPS Y0, (DI)

realdone:
	VZEROUPPER
	RET

// 1.0 in every lane: VFMADDSUB231PS with it computes a ∓ b, the AVX-512
// stand-in for VADDSUBPS, which has no ZMM form.
DATA ones512<>+0(SB)/4, $0x3f800000
GLOBL ones512<>(SB), RODATA|NOPTR, $4

// func firComplexAsm512(out *complex64, nout int, in *complex64, taps *complex64, ntaps int)
//
// out[j] = Σ_k taps[k]·in[j+k] for j < nout, nout a multiple of 4, ntaps ≥ 1.
// As firComplexAsm: per 8 outputs two accumulators, a = Σ re(t)·x and
// b = Σ im(t)·x, then out = (re a − im b, im a + re b). As in
// firRealAsm512, the input vector loaded for tap k is the one the next
// output vector needs at tap k+8, so taps go in pairs k, k+8 (groups of 16
// taps): n output vectors need n+1 loads for 4n multiply-adds instead of n
// for 2n, which measured 13 % faster with 64 and 256 taps (groups of four
// taps measured the same as pairs). The taps after the last whole group go
// one at a time.
//
// Blocks of 64, 16 and 8 outputs, then 4 in YMM registers. Registers: DI
// out, CX outputs left, SI in, R8 taps, R9 end of taps, R11 end of the
// grouped taps; AX and BX walk the input and the taps of one pass, DX ends
// a group's 8 steps. Z0–Z7 hold a, Z8–Z15 b, Z16–Z19 the broadcast real
// and imaginary parts of two taps, Z20–Z30 the loaded inputs, Z31 ones.
TEXT ·firComplexAsm512(SB), NOSPLIT, $0-40
	MOVQ out+0(FP), DI
	MOVQ nout+8(FP), CX
	MOVQ in+16(FP), SI
	MOVQ taps+24(FP), R8
	MOVQ ntaps+32(FP), R9
	VBROADCASTSS ones512<>(SB), Z31
	MOVQ R9, R11
	ANDQ $-16, R11
	LEAQ (R8)(R11*8), R11
	LEAQ (R8)(R9*8), R9

cplx64:
	CMPQ CX, $64
	JLT  cplx16
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	MOVQ SI, AX
	MOVQ R8, BX
	CMPQ BX, R11
	JCC  cplx64rest

cplx64group:
	LEAQ 64(BX), DX

cplx64tap:
	VBROADCASTSS 0(BX), Z16
	VBROADCASTSS 4(BX), Z17
	VBROADCASTSS 64(BX), Z18
	VBROADCASTSS 68(BX), Z19
	VMOVUPS      0(AX), Z20
	VFMADD231PS  Z20, Z16, Z0
	VFMADD231PS  Z20, Z17, Z8
	VMOVUPS      64(AX), Z21
	VFMADD231PS  Z21, Z16, Z1
	VFMADD231PS  Z21, Z17, Z9
	VFMADD231PS  Z21, Z18, Z0
	VFMADD231PS  Z21, Z19, Z8
	VMOVUPS      128(AX), Z22
	VFMADD231PS  Z22, Z16, Z2
	VFMADD231PS  Z22, Z17, Z10
	VFMADD231PS  Z22, Z18, Z1
	VFMADD231PS  Z22, Z19, Z9
	VMOVUPS      192(AX), Z23
	VFMADD231PS  Z23, Z16, Z3
	VFMADD231PS  Z23, Z17, Z11
	VFMADD231PS  Z23, Z18, Z2
	VFMADD231PS  Z23, Z19, Z10
	VMOVUPS      256(AX), Z24
	VFMADD231PS  Z24, Z16, Z4
	VFMADD231PS  Z24, Z17, Z12
	VFMADD231PS  Z24, Z18, Z3
	VFMADD231PS  Z24, Z19, Z11
	VMOVUPS      320(AX), Z25
	VFMADD231PS  Z25, Z16, Z5
	VFMADD231PS  Z25, Z17, Z13
	VFMADD231PS  Z25, Z18, Z4
	VFMADD231PS  Z25, Z19, Z12
	VMOVUPS      384(AX), Z26
	VFMADD231PS  Z26, Z16, Z6
	VFMADD231PS  Z26, Z17, Z14
	VFMADD231PS  Z26, Z18, Z5
	VFMADD231PS  Z26, Z19, Z13
	VMOVUPS      448(AX), Z27
	VFMADD231PS  Z27, Z16, Z7
	VFMADD231PS  Z27, Z17, Z15
	VFMADD231PS  Z27, Z18, Z6
	VFMADD231PS  Z27, Z19, Z14
	VMOVUPS      512(AX), Z28
	VFMADD231PS  Z28, Z18, Z7
	VFMADD231PS  Z28, Z19, Z15
	ADDQ $8, BX
	ADDQ $8, AX
	CMPQ BX, DX
	JNE  cplx64tap
	ADDQ $64, BX
	ADDQ $64, AX
	CMPQ BX, R11
	JCS  cplx64group

cplx64rest:
	CMPQ BX, R9
	JCC  cplx64store

cplx64resttap:
	VBROADCASTSS (BX), Z16
	VBROADCASTSS 4(BX), Z17
	VMOVUPS      0(AX), Z20
	VFMADD231PS  Z20, Z16, Z0
	VFMADD231PS  Z20, Z17, Z8
	VMOVUPS      64(AX), Z21
	VFMADD231PS  Z21, Z16, Z1
	VFMADD231PS  Z21, Z17, Z9
	VMOVUPS      128(AX), Z22
	VFMADD231PS  Z22, Z16, Z2
	VFMADD231PS  Z22, Z17, Z10
	VMOVUPS      192(AX), Z23
	VFMADD231PS  Z23, Z16, Z3
	VFMADD231PS  Z23, Z17, Z11
	VMOVUPS      256(AX), Z24
	VFMADD231PS  Z24, Z16, Z4
	VFMADD231PS  Z24, Z17, Z12
	VMOVUPS      320(AX), Z25
	VFMADD231PS  Z25, Z16, Z5
	VFMADD231PS  Z25, Z17, Z13
	VMOVUPS      384(AX), Z26
	VFMADD231PS  Z26, Z16, Z6
	VFMADD231PS  Z26, Z17, Z14
	VMOVUPS      448(AX), Z27
	VFMADD231PS  Z27, Z16, Z7
	VFMADD231PS  Z27, Z17, Z15
	ADDQ $8, BX
	ADDQ $8, AX
	CMPQ BX, R9
	JCS  cplx64resttap

cplx64store:
	VPERMILPS      $0xB1, Z8, Z8
	VFMADDSUB231PS Z31, Z0, Z8
	VMOVUPS        Z8, 0(DI)
	VPERMILPS      $0xB1, Z9, Z9
	VFMADDSUB231PS Z31, Z1, Z9
	VMOVUPS        Z9, 64(DI)
	VPERMILPS      $0xB1, Z10, Z10
	VFMADDSUB231PS Z31, Z2, Z10
	VMOVUPS        Z10, 128(DI)
	VPERMILPS      $0xB1, Z11, Z11
	VFMADDSUB231PS Z31, Z3, Z11
	VMOVUPS        Z11, 192(DI)
	VPERMILPS      $0xB1, Z12, Z12
	VFMADDSUB231PS Z31, Z4, Z12
	VMOVUPS        Z12, 256(DI)
	VPERMILPS      $0xB1, Z13, Z13
	VFMADDSUB231PS Z31, Z5, Z13
	VMOVUPS        Z13, 320(DI)
	VPERMILPS      $0xB1, Z14, Z14
	VFMADDSUB231PS Z31, Z6, Z14
	VMOVUPS        Z14, 384(DI)
	VPERMILPS      $0xB1, Z15, Z15
	VFMADDSUB231PS Z31, Z7, Z15
	VMOVUPS        Z15, 448(DI)
	ADDQ $512, DI
	ADDQ $512, SI
	SUBQ $64, CX
	JMP  cplx64

cplx16:
	CMPQ CX, $16
	JLT  cplx8
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	MOVQ SI, AX
	MOVQ R8, BX
	CMPQ BX, R11
	JCC  cplx16rest

cplx16group:
	LEAQ 64(BX), DX

cplx16tap:
	VBROADCASTSS 0(BX), Z16
	VBROADCASTSS 4(BX), Z17
	VBROADCASTSS 64(BX), Z18
	VBROADCASTSS 68(BX), Z19
	VMOVUPS      0(AX), Z20
	VFMADD231PS  Z20, Z16, Z0
	VFMADD231PS  Z20, Z17, Z8
	VMOVUPS      64(AX), Z21
	VFMADD231PS  Z21, Z16, Z1
	VFMADD231PS  Z21, Z17, Z9
	VFMADD231PS  Z21, Z18, Z0
	VFMADD231PS  Z21, Z19, Z8
	VMOVUPS      128(AX), Z22
	VFMADD231PS  Z22, Z18, Z1
	VFMADD231PS  Z22, Z19, Z9
	ADDQ $8, BX
	ADDQ $8, AX
	CMPQ BX, DX
	JNE  cplx16tap
	ADDQ $64, BX
	ADDQ $64, AX
	CMPQ BX, R11
	JCS  cplx16group

cplx16rest:
	CMPQ BX, R9
	JCC  cplx16store

cplx16resttap:
	VBROADCASTSS (BX), Z16
	VBROADCASTSS 4(BX), Z17
	VMOVUPS      0(AX), Z20
	VFMADD231PS  Z20, Z16, Z0
	VFMADD231PS  Z20, Z17, Z8
	VMOVUPS      64(AX), Z21
	VFMADD231PS  Z21, Z16, Z1
	VFMADD231PS  Z21, Z17, Z9
	ADDQ $8, BX
	ADDQ $8, AX
	CMPQ BX, R9
	JCS  cplx16resttap

cplx16store:
	VPERMILPS      $0xB1, Z8, Z8
	VFMADDSUB231PS Z31, Z0, Z8
	VMOVUPS        Z8, 0(DI)
	VPERMILPS      $0xB1, Z9, Z9
	VFMADDSUB231PS Z31, Z1, Z9
	VMOVUPS        Z9, 64(DI)
	ADDQ $128, DI
	ADDQ $128, SI
	SUBQ $16, CX
	JMP  cplx16

cplx8:
	CMPQ CX, $8
	JLT  cplx4
	VPXORD Z0, Z0, Z0
	VPXORD Z8, Z8, Z8
	MOVQ SI, AX
	MOVQ R8, BX
	CMPQ BX, R11
	JCC  cplx8rest

cplx8group:
	LEAQ 64(BX), DX

cplx8tap:
	VBROADCASTSS 0(BX), Z16
	VBROADCASTSS 4(BX), Z17
	VBROADCASTSS 64(BX), Z18
	VBROADCASTSS 68(BX), Z19
	VMOVUPS      0(AX), Z20
	VFMADD231PS  Z20, Z16, Z0
	VFMADD231PS  Z20, Z17, Z8
	VMOVUPS      64(AX), Z21
	VFMADD231PS  Z21, Z18, Z0
	VFMADD231PS  Z21, Z19, Z8
	ADDQ $8, BX
	ADDQ $8, AX
	CMPQ BX, DX
	JNE  cplx8tap
	ADDQ $64, BX
	ADDQ $64, AX
	CMPQ BX, R11
	JCS  cplx8group

cplx8rest:
	CMPQ BX, R9
	JCC  cplx8store

cplx8resttap:
	VBROADCASTSS (BX), Z16
	VBROADCASTSS 4(BX), Z17
	VMOVUPS      0(AX), Z20
	VFMADD231PS  Z20, Z16, Z0
	VFMADD231PS  Z20, Z17, Z8
	ADDQ $8, BX
	ADDQ $8, AX
	CMPQ BX, R9
	JCS  cplx8resttap

cplx8store:
	VPERMILPS      $0xB1, Z8, Z8
	VFMADDSUB231PS Z31, Z0, Z8
	VMOVUPS        Z8, 0(DI)
	ADDQ $64, DI
	ADDQ $64, SI
	SUBQ $8, CX
	JMP  cplx8

cplx4:
	CMPQ CX, $4
	JLT  cplxdone
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	MOVQ SI, AX
	MOVQ R8, BX

cplx4tap:
	VBROADCASTSS (BX), Y14
	VBROADCASTSS 4(BX), Y15
	VMOVUPS      (AX), Y8
	VFMADD231PS  Y8, Y14, Y0
	VFMADD231PS  Y8, Y15, Y1
	ADDQ $8, BX
	ADDQ $8, AX
	CMPQ BX, R9
	JCS  cplx4tap
	VPERMILPS $0xB1, Y1, Y1
	VADDSUBPS Y1, Y0, Y0
	VMOVUPS Y0, (DI)

cplxdone:
	VZEROUPPER
	RET

// Lane indexes that spread 16 real taps over 16 complex items: t0 t0 t1 t1
// … t7 t7, then t8 t8 … t15 t15.
DATA spread512<>+0(SB)/4, $0
DATA spread512<>+4(SB)/4, $0
DATA spread512<>+8(SB)/4, $1
DATA spread512<>+12(SB)/4, $1
DATA spread512<>+16(SB)/4, $2
DATA spread512<>+20(SB)/4, $2
DATA spread512<>+24(SB)/4, $3
DATA spread512<>+28(SB)/4, $3
DATA spread512<>+32(SB)/4, $4
DATA spread512<>+36(SB)/4, $4
DATA spread512<>+40(SB)/4, $5
DATA spread512<>+44(SB)/4, $5
DATA spread512<>+48(SB)/4, $6
DATA spread512<>+52(SB)/4, $6
DATA spread512<>+56(SB)/4, $7
DATA spread512<>+60(SB)/4, $7
DATA spread512<>+64(SB)/4, $8
DATA spread512<>+68(SB)/4, $8
DATA spread512<>+72(SB)/4, $9
DATA spread512<>+76(SB)/4, $9
DATA spread512<>+80(SB)/4, $10
DATA spread512<>+84(SB)/4, $10
DATA spread512<>+88(SB)/4, $11
DATA spread512<>+92(SB)/4, $11
DATA spread512<>+96(SB)/4, $12
DATA spread512<>+100(SB)/4, $12
DATA spread512<>+104(SB)/4, $13
DATA spread512<>+108(SB)/4, $13
DATA spread512<>+112(SB)/4, $14
DATA spread512<>+116(SB)/4, $14
DATA spread512<>+120(SB)/4, $15
DATA spread512<>+124(SB)/4, $15
GLOBL spread512<>(SB), RODATA|NOPTR, $128

// func dotRealAVX512(x *float32, taps *float32, n int) float32
//
// Σ x[k]·taps[k] for k < n, n a multiple of 8: 64 then 16 taps per step in
// four ZMM accumulators, summed into one YMM register for the last 8.
TEXT ·dotRealAVX512(SB), NOSPLIT, $0-28
	MOVQ   x+0(FP), SI
	MOVQ   taps+8(FP), BX
	MOVQ   n+16(FP), CX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3

dot64:
	CMPQ CX, $64
	JLT  dot16
	VMOVUPS     (BX), Z4
	VMOVUPS     64(BX), Z5
	VMOVUPS     128(BX), Z6
	VMOVUPS     192(BX), Z7
	VFMADD231PS (SI), Z4, Z0
	VFMADD231PS 64(SI), Z5, Z1
	VFMADD231PS 128(SI), Z6, Z2
	VFMADD231PS 192(SI), Z7, Z3
	ADDQ $256, SI
	ADDQ $256, BX
	SUBQ $64, CX
	JMP  dot64

dot16:
	CMPQ CX, $16
	JLT  dotfold
	VMOVUPS     (BX), Z4
	VFMADD231PS (SI), Z4, Z0
	ADDQ $64, SI
	ADDQ $64, BX
	SUBQ $16, CX
	JMP  dot16

dotfold:
	VADDPS        Z1, Z0, Z0
	VADDPS        Z3, Z2, Z2
	VADDPS        Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS        Y1, Y0, Y0
	CMPQ          CX, $8
	JLT           dotsum
	VMOVUPS       (BX), Y4
	VFMADD231PS   (SI), Y4, Y0

dotsum:
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VADDSS       X1, X0, X0
	VMOVSS       X0, ret+24(FP)
	VZEROUPPER
	RET

// func dotComplexRealAVX512(x *complex64, taps *float32, n int) complex64
//
// Σ x[k]·taps[k] for k < n, n a multiple of 8: each 16 real taps are
// spread over two ZMM registers of 8 complex items (VPERMPS by spread512),
// so the even lanes sum real parts and the odd lanes imaginary parts.
TEXT ·dotComplexRealAVX512(SB), NOSPLIT, $0-32
	MOVQ    x+0(FP), SI
	MOVQ    taps+8(FP), BX
	MOVQ    n+16(FP), CX
	VMOVUPS spread512<>+0(SB), Z14
	VMOVUPS spread512<>+64(SB), Z15
	VPXORD  Z0, Z0, Z0
	VPXORD  Z1, Z1, Z1
	VPXORD  Z2, Z2, Z2
	VPXORD  Z3, Z3, Z3

cdot32:
	CMPQ CX, $32
	JLT  cdot16
	VMOVUPS     (BX), Z8
	VMOVUPS     64(BX), Z9
	VPERMPS     Z8, Z14, Z4
	VPERMPS     Z8, Z15, Z5
	VPERMPS     Z9, Z14, Z6
	VPERMPS     Z9, Z15, Z7
	VFMADD231PS (SI), Z4, Z0
	VFMADD231PS 64(SI), Z5, Z1
	VFMADD231PS 128(SI), Z6, Z2
	VFMADD231PS 192(SI), Z7, Z3
	ADDQ $256, SI
	ADDQ $128, BX
	SUBQ $32, CX
	JMP  cdot32

cdot16:
	CMPQ CX, $16
	JLT  cdot8
	VMOVUPS     (BX), Z8
	VPERMPS     Z8, Z14, Z4
	VPERMPS     Z8, Z15, Z5
	VFMADD231PS (SI), Z4, Z0
	VFMADD231PS 64(SI), Z5, Z1
	ADDQ $128, SI
	ADDQ $64, BX
	SUBQ $16, CX

cdot8:
	// At most 8 taps are left: a YMM load (which clears the upper half)
	// and the low half of the spread.
	CMPQ        CX, $8
	JLT         cdotsum
	VMOVUPS     (BX), Y8
	VPERMPS     Z8, Z14, Z4
	VFMADD231PS (SI), Z4, Z2

cdotsum:
	VADDPS        Z1, Z0, Z0
	VADDPS        Z3, Z2, Z2
	VADDPS        Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPS        X1, X0, X0
	VMOVHLPS      X0, X0, X1
	VADDPS        X1, X0, X0
	VMOVSD        X0, ret+24(FP)
	VZEROUPPER
	RET

// func dotComplexAVX512(x *complex64, taps *complex64, n int) complex64
//
// Σ x[k]·taps[k] for k < n, n a multiple of 4: a = Σ x·re(t) and
// b = Σ x·im(t) lane by lane, 16 then 8 items per step in ZMM registers,
// folded into YMM registers for the last 4, then (re a − im b, im a + re b).
TEXT ·dotComplexAVX512(SB), NOSPLIT, $0-32
	MOVQ   x+0(FP), SI
	MOVQ   taps+8(FP), BX
	MOVQ   n+16(FP), CX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3

zdot16:
	CMPQ CX, $16
	JLT  zdot8
	VMOVSLDUP   (BX), Z4
	VMOVSHDUP   (BX), Z5
	VMOVSLDUP   64(BX), Z6
	VMOVSHDUP   64(BX), Z7
	VMOVUPS     (SI), Z8
	VMOVUPS     64(SI), Z9
	VFMADD231PS Z8, Z4, Z0
	VFMADD231PS Z8, Z5, Z1
	VFMADD231PS Z9, Z6, Z2
	VFMADD231PS Z9, Z7, Z3
	ADDQ $128, SI
	ADDQ $128, BX
	SUBQ $16, CX
	JMP  zdot16

zdot8:
	CMPQ CX, $8
	JLT  zdotfold
	VMOVSLDUP   (BX), Z4
	VMOVSHDUP   (BX), Z5
	VMOVUPS     (SI), Z8
	VFMADD231PS Z8, Z4, Z0
	VFMADD231PS Z8, Z5, Z1
	ADDQ $64, SI
	ADDQ $64, BX
	SUBQ $8, CX

zdotfold:
	VADDPS        Z2, Z0, Z0
	VADDPS        Z3, Z1, Z1
	VEXTRACTF64X4 $1, Z0, Y2
	VEXTRACTF64X4 $1, Z1, Y3
	VADDPS        Y2, Y0, Y0
	VADDPS        Y3, Y1, Y1
	CMPQ          CX, $4
	JLT           zdotsum
	VMOVSLDUP     (BX), Y4
	VMOVSHDUP     (BX), Y5
	VMOVUPS       (SI), Y8
	VFMADD231PS   Y8, Y4, Y0
	VFMADD231PS   Y8, Y5, Y1

zdotsum:
	VPERMILPS    $0xB1, Y1, Y1
	VADDSUBPS    Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSD       X0, ret+24(FP)
	VZEROUPPER
	RET
