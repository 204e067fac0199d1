//go:build amd64 && !purego

#include "textflag.h"

// Stockham FFT passes with AVX2 and FMA, written by hand. A YMM register
// holds four complex64 values [r0 i0 r1 i1 r2 i2 r3 i3]. See
// kernels_generic.go for the pass definitions; the Go passes are the
// reference these are tested against.
//
// Complex product t·w with w's real parts in WR and imaginary parts in WI
// (each duplicated into both floats of a value):
//
//	VPERMILPS $0xB1, T, U      // U = [i0 r0 i1 r1 ...]
//	VMULPS WI, U, U            // U = [i0·wi r0·wi ...]
//	VFMADDSUB231PS WR, T, U    // even floats t·wr − u, odd t·wr + u
//
// The radix-4 butterfly needs −j·(b−d) forward and +j·(b−d) inverse: swap
// the floats of each value, then flip the sign of the imaginary (forward)
// or real (inverse) float: XOR with Y14. The inverse also conjugates the
// twiddle factors: their imaginary parts are XORed with Y15 (zero forward,
// all sign bits inverse).

// Sign masks, in float32 lanes.
DATA negImag<>+0x00(SB)/8, $0x8000000000000000
DATA negImag<>+0x08(SB)/8, $0x8000000000000000
DATA negImag<>+0x10(SB)/8, $0x8000000000000000
DATA negImag<>+0x18(SB)/8, $0x8000000000000000
GLOBL negImag<>(SB), RODATA|NOPTR, $32

DATA negReal<>+0x00(SB)/8, $0x0000000080000000
DATA negReal<>+0x08(SB)/8, $0x0000000080000000
DATA negReal<>+0x10(SB)/8, $0x0000000080000000
DATA negReal<>+0x18(SB)/8, $0x0000000080000000
GLOBL negReal<>(SB), RODATA|NOPTR, $32

DATA negAll<>+0x00(SB)/8, $0x8000000080000000
DATA negAll<>+0x08(SB)/8, $0x8000000080000000
DATA negAll<>+0x10(SB)/8, $0x8000000080000000
DATA negAll<>+0x18(SB)/8, $0x8000000080000000
GLOBL negAll<>(SB), RODATA|NOPTR, $32

// SIGNS loads Y14 and Y15 for the direction in reg (0 forward).
#define SIGNS(reg) \
	VMOVUPS   negImag<>(SB), Y14 \
	VXORPS    Y15, Y15, Y15      \
	TESTQ     reg, reg           \
	JZ        3(PC)              \
	VMOVUPS   negReal<>(SB), Y14 \
	VMOVUPS   negAll<>(SB), Y15

// DFT4 takes a, b, c, d and leaves the 4-point DFT (the untwiddled
// radix-4 butterfly) in place: a+b+c+d in a, (a−c)∓j(b−d) in b, a−b+c−d in
// c, (a−c)±j(b−d) in d (upper signs forward). t0..t3 are clobbered with
// a+c, a−c, b+d, ∓j(b−d).
#define DFT4(a, b, c, d, t0, t1, t2, t3) \
	VADDPS    c, a, t0        \
	VSUBPS    c, a, t1        \
	VADDPS    d, b, t2        \
	VSUBPS    d, b, t3        \
	VPERMILPS $0xB1, t3, t3   \
	VXORPS    Y14, t3, t3     \
	VADDPS    t2, t0, a       \
	VSUBPS    t2, t0, c       \
	VADDPS    t3, t1, b       \
	VSUBPS    t3, t1, d

// BUTTERFLY is DFT4 on Y0..Y3 with Y4..Y7 as temporaries.
#define BUTTERFLY DFT4(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7)

// MULMJ sets dst = ∓j·src (−j forward).
#define MULMJ(src, dst) \
	VPERMILPS $0xB1, src, dst \
	VXORPS    Y14, dst, dst

// MULW8 sets r = r·w8 (w8 = e^{∓2πi/8}) = √2/2·(r + (∓j)·r), with t
// clobbered; Y13 holds √2/2.
#define MULW8(r, t) \
	MULMJ(r, t)        \
	VADDPS t, r, r     \
	VMULPS Y13, r, r

// CMUL sets dst = t·w for the twiddle factors in wr, wi.
#define CMUL(t, wr, wi, dst) \
	VPERMILPS      $0xB1, t, dst \
	VMULPS         wi, dst, dst  \
	VFMADDSUB231PS wr, t, dst

// func radix4FirstAsm(y, x, tw []complex64, inv bool)
TEXT ·radix4FirstAsm(SB), NOSPLIT, $0-73
	MOVQ    y_base+0(FP), DI
	MOVQ    x_base+24(FP), SI
	MOVQ    x_len+32(FP), CX
	MOVQ    tw_base+48(FP), DX
	MOVBQZX inv+72(FP), AX
	SIGNS(AX)
	SHRQ    $2, CX             // m
	MOVQ    CX, R8
	SHLQ    $3, R8             // m·8: offset of b
	LEAQ    (R8)(R8*2), R9     // offset of d
	SHRQ    $2, CX             // m/4 iterations
	JZ      first_done

first_loop:
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R8*1), Y1
	VMOVUPS (SI)(R8*2), Y2
	VMOVUPS (SI)(R9*1), Y3
	BUTTERFLY

	// Twiddle factors of four consecutive p: w1 at 0(DX), w2 at 32(DX),
	// w3 at 64(DX).
	VMOVSLDUP (DX), Y8
	VMOVSHDUP (DX), Y9
	VXORPS    Y15, Y9, Y9
	CMUL(Y1, Y8, Y9, Y4)
	VMOVSLDUP 32(DX), Y10
	VMOVSHDUP 32(DX), Y11
	VXORPS    Y15, Y11, Y11
	CMUL(Y2, Y10, Y11, Y5)
	VMOVSLDUP 64(DX), Y12
	VMOVSHDUP 64(DX), Y13
	VXORPS    Y15, Y13, Y13
	CMUL(Y3, Y12, Y13, Y6)

	// Y0, Y4, Y5, Y6 hold output k = 0..3 of p = p0..p0+3; y wants
	// y[4p+k]: transpose the 4×4 matrix of complex64 values.
	VUNPCKLPD  Y4, Y0, Y1      // [k0p0 k1p0 | k0p2 k1p2]
	VUNPCKHPD  Y4, Y0, Y2      // [k0p1 k1p1 | k0p3 k1p3]
	VUNPCKLPD  Y6, Y5, Y3      // [k2p0 k3p0 | k2p2 k3p2]
	VUNPCKHPD  Y6, Y5, Y7      // [k2p1 k3p1 | k2p3 k3p3]
	VPERM2F128 $0x20, Y3, Y1, Y0
	VPERM2F128 $0x20, Y7, Y2, Y4
	VPERM2F128 $0x31, Y3, Y1, Y5
	VPERM2F128 $0x31, Y7, Y2, Y6
	VMOVUPS    Y0, (DI)
	VMOVUPS    Y4, 32(DI)
	VMOVUPS    Y5, 64(DI)
	VMOVUPS    Y6, 96(DI)

	ADDQ $32, SI
	ADDQ $128, DI
	ADDQ $96, DX
	DECQ CX
	JNZ  first_loop

first_done:
	VZEROUPPER
	RET

// func radix4Asm(y, x, tw []complex64, m, s int, inv bool)
TEXT ·radix4Asm(SB), NOSPLIT, $0-89
	MOVQ    y_base+0(FP), DI
	MOVQ    x_base+24(FP), SI
	MOVQ    tw_base+48(FP), DX
	MOVQ    m+72(FP), BX
	MOVQ    s+80(FP), R10
	MOVBQZX inv+88(FP), AX
	SIGNS(AX)
	MOVQ    BX, R8
	IMULQ   R10, R8
	SHLQ    $3, R8             // m·s·8: offset of b in x
	LEAQ    (R8)(R8*2), R9     // offset of d in x
	SHLQ    $3, R10            // s·8: offset of y's second quarter
	LEAQ    (R10)(R10*2), R11  // offset of y's fourth quarter
	TESTQ   BX, BX
	JZ      mid_done

mid_p:
	// Twiddle factors of this p, broadcast.
	VBROADCASTSS (DX), Y8
	VBROADCASTSS 4(DX), Y9
	VXORPS       Y15, Y9, Y9
	VBROADCASTSS 8(DX), Y10
	VBROADCASTSS 12(DX), Y11
	VXORPS       Y15, Y11, Y11
	VBROADCASTSS 16(DX), Y12
	VBROADCASTSS 20(DX), Y13
	VXORPS       Y15, Y13, Y13
	MOVQ         R10, CX
	SHRQ         $5, CX        // s/4 iterations

mid_q:
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R8*1), Y1
	VMOVUPS (SI)(R8*2), Y2
	VMOVUPS (SI)(R9*1), Y3
	BUTTERFLY
	VMOVUPS Y0, (DI)
	CMUL(Y1, Y8, Y9, Y4)
	VMOVUPS Y4, (DI)(R10*1)
	CMUL(Y2, Y10, Y11, Y5)
	VMOVUPS Y5, (DI)(R10*2)
	CMUL(Y3, Y12, Y13, Y6)
	VMOVUPS Y6, (DI)(R11*1)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     mid_q

	// x's quarters advance by s values per p, y by 4s: DI has moved s.
	ADDQ R11, DI
	ADDQ $24, DX
	DECQ BX
	JNZ  mid_p

mid_done:
	VZEROUPPER
	RET

// func radix4LastAsm(y, x []complex64, inv bool)
TEXT ·radix4LastAsm(SB), NOSPLIT, $0-49
	MOVQ    y_base+0(FP), DI
	MOVQ    x_base+24(FP), SI
	MOVQ    x_len+32(FP), CX
	MOVBQZX inv+48(FP), AX
	SIGNS(AX)
	SHRQ    $2, CX             // s
	MOVQ    CX, R8
	SHLQ    $3, R8             // s·8
	LEAQ    (R8)(R8*2), R9
	SHRQ    $2, CX             // s/4 iterations
	JZ      last_done

last_loop:
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R8*1), Y1
	VMOVUPS (SI)(R8*2), Y2
	VMOVUPS (SI)(R9*1), Y3
	BUTTERFLY
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, (DI)(R8*1)
	VMOVUPS Y2, (DI)(R8*2)
	VMOVUPS Y3, (DI)(R9*1)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     last_loop

last_done:
	VZEROUPPER
	RET

DATA halfSqrt2<>+0(SB)/4, $0x3f3504f3 // float32(√2/2)
GLOBL halfSqrt2<>(SB), RODATA|NOPTR, $4

// func radix8LastAsm(y, x []complex64, inv bool)
TEXT ·radix8LastAsm(SB), NOSPLIT, $0-49
	MOVQ         y_base+0(FP), DI
	MOVQ         x_base+24(FP), SI
	MOVQ         x_len+32(FP), CX
	MOVBQZX      inv+48(FP), AX
	SIGNS(AX)
	VBROADCASTSS halfSqrt2<>(SB), Y13
	SHRQ         $3, CX        // s
	MOVQ         CX, R8
	SHLQ         $3, R8        // s·8: offset of the second eighth
	LEAQ         (R8)(R8*2), R9  // 3·s·8
	LEAQ         (R8)(R8*4), R10 // 5·s·8
	LEAQ         (R9)(R9*1), R11 // 6·s·8
	LEAQ         (R10)(R8*2), R12 // 7·s·8
	SHRQ         $2, CX        // s/4 iterations
	JZ           r8_done

r8_loop:
	// Radix-2 level: u_t = x_t + x_{t+4} in Y8..Y11, x_t − x_{t+4} in Y0..Y3.
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R8*1), Y1
	VMOVUPS (SI)(R8*2), Y2
	VMOVUPS (SI)(R9*1), Y3
	VMOVUPS (SI)(R8*4), Y4
	VMOVUPS (SI)(R10*1), Y5
	VMOVUPS (SI)(R11*1), Y6
	VMOVUPS (SI)(R12*1), Y7
	VADDPS  Y4, Y0, Y8
	VADDPS  Y5, Y1, Y9
	VADDPS  Y6, Y2, Y10
	VADDPS  Y7, Y3, Y11
	VSUBPS  Y4, Y0, Y0
	VSUBPS  Y5, Y1, Y1
	VSUBPS  Y6, Y2, Y2
	VSUBPS  Y7, Y3, Y3

	// The odd half times w8^t: Y1·w8, Y2·(∓j), Y3·(∓j)·w8.
	MULW8(Y1, Y4)
	MULMJ(Y2, Y5)
	VMOVAPS Y5, Y2
	MULW8(Y3, Y6)
	MULMJ(Y3, Y7)
	VMOVAPS Y7, Y3

	// 4-point DFTs: the even half gives X0, X2, X4, X6, the odd X1, X3, X5, X7.
	DFT4(Y8, Y9, Y10, Y11, Y4, Y5, Y6, Y7)
	VMOVUPS Y8, (DI)
	VMOVUPS Y9, (DI)(R8*2)
	VMOVUPS Y10, (DI)(R8*4)
	VMOVUPS Y11, (DI)(R11*1)
	BUTTERFLY
	VMOVUPS Y0, (DI)(R8*1)
	VMOVUPS Y1, (DI)(R9*1)
	VMOVUPS Y2, (DI)(R10*1)
	VMOVUPS Y3, (DI)(R12*1)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     r8_loop

r8_done:
	VZEROUPPER
	RET

// func radix2Asm(y, x []complex64)
TEXT ·radix2Asm(SB), NOSPLIT, $0-48
	MOVQ y_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	SHRQ $1, CX                // s
	MOVQ CX, R8
	SHLQ $3, R8                // s·8
	SHRQ $2, CX                // s/4 iterations
	JZ   r2_done

r2_loop:
	VMOVUPS (SI), Y0
	VMOVUPS (SI)(R8*1), Y1
	VADDPS  Y1, Y0, Y2
	VSUBPS  Y1, Y0, Y3
	VMOVUPS Y2, (DI)
	VMOVUPS Y3, (DI)(R8*1)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     r2_loop

r2_done:
	VZEROUPPER
	RET

// Indices for VPERMPS: duplicate floats 0..3, then 4..7.
DATA dupLow<>+0x00(SB)/8, $0x0000000000000000
DATA dupLow<>+0x08(SB)/8, $0x0000000100000001
DATA dupLow<>+0x10(SB)/8, $0x0000000200000002
DATA dupLow<>+0x18(SB)/8, $0x0000000300000003
GLOBL dupLow<>(SB), RODATA|NOPTR, $32

DATA dupHigh<>+0x00(SB)/8, $0x0000000400000004
DATA dupHigh<>+0x08(SB)/8, $0x0000000500000005
DATA dupHigh<>+0x10(SB)/8, $0x0000000600000006
DATA dupHigh<>+0x18(SB)/8, $0x0000000700000007
GLOBL dupHigh<>(SB), RODATA|NOPTR, $32

// func mulWindowAsm(dst, src []complex64, w []float32)
TEXT ·mulWindowAsm(SB), NOSPLIT, $0-72
	MOVQ    dst_base+0(FP), DI
	MOVQ    dst_len+8(FP), CX
	MOVQ    src_base+24(FP), SI
	MOVQ    w_base+48(FP), DX
	VMOVUPS dupLow<>(SB), Y14
	VMOVUPS dupHigh<>(SB), Y15
	SHRQ    $3, CX             // 8 values an iteration
	JZ      win_done

win_loop:
	VMOVUPS (DX), Y0           // w0..w7
	VPERMPS Y0, Y14, Y1        // w0 w0 w1 w1 w2 w2 w3 w3
	VPERMPS Y0, Y15, Y2        // w4 w4 ... w7 w7
	VMULPS  (SI), Y1, Y1
	VMULPS  32(SI), Y2, Y2
	VMOVUPS Y1, (DI)
	VMOVUPS Y2, 32(DI)
	ADDQ    $32, DX
	ADDQ    $64, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     win_loop

win_done:
	VZEROUPPER
	RET

// func mulWindowRealAsm(dst []complex64, src, w []float32)
TEXT ·mulWindowRealAsm(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	MOVQ w_base+48(FP), DX
	SHRQ $3, CX                // 8 values an iteration
	JZ   winr_done

winr_loop:
	VMOVUPS      (SI), Y0
	VMULPS       (DX), Y0, Y0  // x0·w0 .. x7·w7
	VEXTRACTF128 $1, Y0, X1
	VPMOVZXDQ    X0, Y2        // [x0w0 0 x1w1 0 ...]: complex(x·w, 0)
	VPMOVZXDQ    X1, Y3
	VMOVUPS      Y2, (DI)
	VMOVUPS      Y3, 32(DI)
	ADDQ         $32, DX
	ADDQ         $32, SI
	ADDQ         $64, DI
	DECQ         CX
	JNZ          winr_loop

winr_done:
	VZEROUPPER
	RET

// func mulAsm(dst, a, b []complex64)
TEXT ·mulAsm(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	SHRQ $3, CX                // 8 values an iteration
	JZ   mul_done

mul_loop:
	VMOVUPS   (SI), Y0
	VMOVUPS   32(SI), Y4
	VMOVSLDUP (DX), Y1
	VMOVSHDUP (DX), Y2
	VMOVSLDUP 32(DX), Y5
	VMOVSHDUP 32(DX), Y6
	CMUL(Y0, Y1, Y2, Y3)
	CMUL(Y4, Y5, Y6, Y7)
	VMOVUPS   Y3, (DI)
	VMOVUPS   Y7, 32(DI)
	ADDQ      $64, SI
	ADDQ      $64, DX
	ADDQ      $64, DI
	DECQ      CX
	JNZ       mul_loop

mul_done:
	VZEROUPPER
	RET
