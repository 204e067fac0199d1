//go:build !purego

#include "textflag.h"

// func firRealAsm(out *float32, nout int, in *float32, taps *float32, ntaps int, stride int)
//
// out[j] = Σ_k taps[k]·in[j+k·stride] for j < nout, nout a multiple of 8,
// ntaps ≥ 1. Vectorised across outputs: each tap is broadcast and
// multiply-added into 8 (then 1) accumulators of 8 consecutive outputs.
TEXT ·firRealAsm(SB), NOSPLIT, $0-48
	MOVQ out+0(FP), DI
	MOVQ nout+8(FP), CX
	MOVQ in+16(FP), SI
	MOVQ taps+24(FP), R8
	MOVQ ntaps+32(FP), R9
	MOVQ stride+40(FP), R10
	SHLQ $2, R10

real64:
	CMPQ CX, $64
	JLT  real8
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	MOVQ SI, AX
	MOVQ R8, BX
	MOVQ R9, DX

real64tap:
	VBROADCASTSS (BX), Y15
	VFMADD231PS  (AX), Y15, Y0
	VFMADD231PS  32(AX), Y15, Y1
	VFMADD231PS  64(AX), Y15, Y2
	VFMADD231PS  96(AX), Y15, Y3
	VFMADD231PS  128(AX), Y15, Y4
	VFMADD231PS  160(AX), Y15, Y5
	VFMADD231PS  192(AX), Y15, Y6
	VFMADD231PS  224(AX), Y15, Y7
	ADDQ $4, BX
	ADDQ R10, AX
	DECQ DX
	JNZ  real64tap
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	VMOVUPS Y4, 128(DI)
	VMOVUPS Y5, 160(DI)
	VMOVUPS Y6, 192(DI)
	VMOVUPS Y7, 224(DI)
	ADDQ $256, DI
	ADDQ $256, SI
	SUBQ $64, CX
	JMP  real64

real8:
	CMPQ CX, $8
	JLT  realdone
	VXORPS Y0, Y0, Y0
	MOVQ SI, AX
	MOVQ R8, BX
	MOVQ R9, DX

real8tap:
	VBROADCASTSS (BX), Y15
	VFMADD231PS  (AX), Y15, Y0
	ADDQ $4, BX
	ADDQ R10, AX
	DECQ DX
	JNZ  real8tap
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	SUBQ $8, CX
	JMP  real8

realdone:
	VZEROUPPER
	RET

// func firComplexAsm(out *complex64, nout int, in *complex64, taps *complex64, ntaps int)
//
// out[j] = Σ_k taps[k]·in[j+k] for j < nout, nout a multiple of 4, ntaps ≥ 1.
// Per 4 outputs two accumulators: a = Σ re(t)·x and b = Σ im(t)·x, then
// out = (re a − im b, im a + re b), one VPERMILPS and one VADDSUBPS.
TEXT ·firComplexAsm(SB), NOSPLIT, $0-40
	MOVQ out+0(FP), DI
	MOVQ nout+8(FP), CX
	MOVQ in+16(FP), SI
	MOVQ taps+24(FP), R8
	MOVQ ntaps+32(FP), R9

cplx16:
	CMPQ CX, $16
	JLT  cplx4
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	MOVQ SI, AX
	MOVQ R8, BX
	MOVQ R9, DX

cplx16tap:
	VBROADCASTSS (BX), Y14
	VBROADCASTSS 4(BX), Y15
	VMOVUPS      (AX), Y8
	VMOVUPS      32(AX), Y9
	VMOVUPS      64(AX), Y10
	VMOVUPS      96(AX), Y11
	VFMADD231PS  Y8, Y14, Y0
	VFMADD231PS  Y8, Y15, Y1
	VFMADD231PS  Y9, Y14, Y2
	VFMADD231PS  Y9, Y15, Y3
	VFMADD231PS  Y10, Y14, Y4
	VFMADD231PS  Y10, Y15, Y5
	VFMADD231PS  Y11, Y14, Y6
	VFMADD231PS  Y11, Y15, Y7
	ADDQ $8, BX
	ADDQ $8, AX
	DECQ DX
	JNZ  cplx16tap
	VPERMILPS $0xB1, Y1, Y1
	VPERMILPS $0xB1, Y3, Y3
	VPERMILPS $0xB1, Y5, Y5
	VPERMILPS $0xB1, Y7, Y7
	VADDSUBPS Y1, Y0, Y0
	VADDSUBPS Y3, Y2, Y2
	VADDSUBPS Y5, Y4, Y4
	VADDSUBPS Y7, Y6, Y6
	VMOVUPS Y0, (DI)
	VMOVUPS Y2, 32(DI)
	VMOVUPS Y4, 64(DI)
	VMOVUPS Y6, 96(DI)
	ADDQ $128, DI
	ADDQ $128, SI
	SUBQ $16, CX
	JMP  cplx16

cplx4:
	CMPQ CX, $4
	JLT  cplxdone
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	MOVQ SI, AX
	MOVQ R8, BX
	MOVQ R9, DX

cplx4tap:
	VBROADCASTSS (BX), Y14
	VBROADCASTSS 4(BX), Y15
	VMOVUPS      (AX), Y8
	VFMADD231PS  Y8, Y14, Y0
	VFMADD231PS  Y8, Y15, Y1
	ADDQ $8, BX
	ADDQ $8, AX
	DECQ DX
	JNZ  cplx4tap
	VPERMILPS $0xB1, Y1, Y1
	VADDSUBPS Y1, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	SUBQ $4, CX
	JMP  cplx4

cplxdone:
	VZEROUPPER
	RET

// Lane indexes that spread 4 real taps over 4 complex items: t0 t0 t1 t1 ...
DATA spreadlo<>+0(SB)/4, $0
DATA spreadlo<>+4(SB)/4, $0
DATA spreadlo<>+8(SB)/4, $1
DATA spreadlo<>+12(SB)/4, $1
DATA spreadlo<>+16(SB)/4, $2
DATA spreadlo<>+20(SB)/4, $2
DATA spreadlo<>+24(SB)/4, $3
DATA spreadlo<>+28(SB)/4, $3
GLOBL spreadlo<>(SB), RODATA|NOPTR, $32

DATA spreadhi<>+0(SB)/4, $4
DATA spreadhi<>+4(SB)/4, $4
DATA spreadhi<>+8(SB)/4, $5
DATA spreadhi<>+12(SB)/4, $5
DATA spreadhi<>+16(SB)/4, $6
DATA spreadhi<>+20(SB)/4, $6
DATA spreadhi<>+24(SB)/4, $7
DATA spreadhi<>+28(SB)/4, $7
GLOBL spreadhi<>(SB), RODATA|NOPTR, $32

// func dotRealAVX2(x *float32, taps *float32, n int) float32
//
// Σ x[k]·taps[k] for k < n, n a multiple of 8.
TEXT ·dotRealAVX2(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), SI
	MOVQ taps+8(FP), BX
	MOVQ n+16(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3

dot32:
	CMPQ CX, $32
	JLT  dot8
	VMOVUPS     (BX), Y4
	VMOVUPS     32(BX), Y5
	VMOVUPS     64(BX), Y6
	VMOVUPS     96(BX), Y7
	VFMADD231PS (SI), Y4, Y0
	VFMADD231PS 32(SI), Y5, Y1
	VFMADD231PS 64(SI), Y6, Y2
	VFMADD231PS 96(SI), Y7, Y3
	ADDQ $128, SI
	ADDQ $128, BX
	SUBQ $32, CX
	JMP  dot32

dot8:
	CMPQ CX, $8
	JLT  dotsum
	VMOVUPS     (BX), Y4
	VFMADD231PS (SI), Y4, Y0
	ADDQ $32, SI
	ADDQ $32, BX
	SUBQ $8, CX
	JMP  dot8

dotsum:
	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSHDUP    X0, X1
	VADDSS       X1, X0, X0
	VMOVSS       X0, ret+24(FP)
	VZEROUPPER
	RET

// func dotComplexRealAVX2(x *complex64, taps *float32, n int) complex64
//
// Σ x[k]·taps[k] for k < n, n a multiple of 8: each 8 real taps are spread
// over two registers of 4 complex items (t0 t0 t1 t1 …), so the even lanes
// sum real parts and the odd lanes imaginary parts.
TEXT ·dotComplexRealAVX2(SB), NOSPLIT, $0-32
	MOVQ    x+0(FP), SI
	MOVQ    taps+8(FP), BX
	MOVQ    n+16(FP), CX
	VMOVUPS spreadlo<>(SB), Y14
	VMOVUPS spreadhi<>(SB), Y15
	VXORPS  Y0, Y0, Y0
	VXORPS  Y1, Y1, Y1
	VXORPS  Y2, Y2, Y2
	VXORPS  Y3, Y3, Y3

cdot16:
	CMPQ CX, $16
	JLT  cdot8
	VMOVUPS     (BX), Y8
	VMOVUPS     32(BX), Y9
	VPERMPS     Y8, Y14, Y4
	VPERMPS     Y8, Y15, Y5
	VPERMPS     Y9, Y14, Y6
	VPERMPS     Y9, Y15, Y7
	VFMADD231PS (SI), Y4, Y0
	VFMADD231PS 32(SI), Y5, Y1
	VFMADD231PS 64(SI), Y6, Y2
	VFMADD231PS 96(SI), Y7, Y3
	ADDQ $128, SI
	ADDQ $64, BX
	SUBQ $16, CX
	JMP  cdot16

cdot8:
	CMPQ CX, $8
	JLT  cdotsum
	VMOVUPS     (BX), Y8
	VPERMPS     Y8, Y14, Y4
	VPERMPS     Y8, Y15, Y5
	VFMADD231PS (SI), Y4, Y0
	VFMADD231PS 32(SI), Y5, Y1
	ADDQ $64, SI
	ADDQ $32, BX
	SUBQ $8, CX
	JMP  cdot8

cdotsum:
	VADDPS       Y1, Y0, Y0
	VADDPS       Y3, Y2, Y2
	VADDPS       Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSD       X0, ret+24(FP)
	VZEROUPPER
	RET

// func dotComplexAVX2(x *complex64, taps *complex64, n int) complex64
//
// Σ x[k]·taps[k] for k < n, n a multiple of 4: a = Σ x·re(t) and
// b = Σ x·im(t) lane by lane, then (re a − im b, im a + re b).
TEXT ·dotComplexAVX2(SB), NOSPLIT, $0-32
	MOVQ   x+0(FP), SI
	MOVQ   taps+8(FP), BX
	MOVQ   n+16(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3

zdot8:
	CMPQ CX, $8
	JLT  zdot4
	VMOVSLDUP   (BX), Y4
	VMOVSHDUP   (BX), Y5
	VMOVSLDUP   32(BX), Y6
	VMOVSHDUP   32(BX), Y7
	VMOVUPS     (SI), Y8
	VMOVUPS     32(SI), Y9
	VFMADD231PS Y8, Y4, Y0
	VFMADD231PS Y8, Y5, Y1
	VFMADD231PS Y9, Y6, Y2
	VFMADD231PS Y9, Y7, Y3
	ADDQ $64, SI
	ADDQ $64, BX
	SUBQ $8, CX
	JMP  zdot8

zdot4:
	CMPQ CX, $4
	JLT  zdotsum
	VMOVSLDUP   (BX), Y4
	VMOVSHDUP   (BX), Y5
	VMOVUPS     (SI), Y8
	VFMADD231PS Y8, Y4, Y0
	VFMADD231PS Y8, Y5, Y1
	ADDQ $32, SI
	ADDQ $32, BX
	SUBQ $4, CX
	JMP  zdot4

zdotsum:
	VADDPS       Y2, Y0, Y0
	VADDPS       Y3, Y1, Y1
	VPERMILPS    $0xB1, Y1, Y1
	VADDSUBPS    Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS       X1, X0, X0
	VMOVHLPS     X0, X0, X1
	VADDPS       X1, X0, X0
	VMOVSD       X0, ret+24(FP)
	VZEROUPPER
	RET
