//go:build amd64 && !purego

#include "textflag.h"

// Stockham FFT passes with AVX-512 (F and DQ), written by hand: the AVX2
// passes of kernels_amd64.s widened to ZMM registers of eight complex64
// values [r0 i0 r1 i1 ... r7 i7]. The arithmetic is the same, instruction
// for instruction, so the results equal the AVX2 passes' bit for bit; only
// the shapes differ (s a multiple of 8 values instead of 4), and two
// passes whose s is too small for a ZMM register per butterfly leg (the
// first pass, s = 1, and the second, s = 4) gather their operands across
// butterflies with permutes instead. See kernels_amd64.s for the complex
// product and the sign conventions; the masks are here again because DATA
// symbols with <> are private to their file.

// Sign masks of one complex64 value, broadcast to all eight.
DATA negImag512<>+0(SB)/8, $0x8000000000000000
GLOBL negImag512<>(SB), RODATA|NOPTR, $8

DATA negReal512<>+0(SB)/8, $0x0000000080000000
GLOBL negReal512<>(SB), RODATA|NOPTR, $8

DATA negAll512<>+0(SB)/8, $0x8000000080000000
GLOBL negAll512<>(SB), RODATA|NOPTR, $8

DATA halfSqrt2x512<>+0(SB)/4, $0x3f3504f3 // float32(√2/2)
GLOBL halfSqrt2x512<>(SB), RODATA|NOPTR, $4

// SIGNSZ loads Z14 (the ∓j sign flip) and Z15 (the twiddle conjugation)
// for the direction in reg (0 forward), as SIGNS in kernels_amd64.s.
#define SIGNSZ(reg) \
	VBROADCASTSD negImag512<>(SB), Z14 \
	VXORPS       Z15, Z15, Z15         \
	TESTQ        reg, reg              \
	JZ           3(PC)                 \
	VBROADCASTSD negReal512<>(SB), Z14 \
	VBROADCASTSD negAll512<>(SB), Z15

// DFT4Z is DFT4 of kernels_amd64.s on ZMM registers.
#define DFT4Z(a, b, c, d, t0, t1, t2, t3) \
	VADDPS    c, a, t0        \
	VSUBPS    c, a, t1        \
	VADDPS    d, b, t2        \
	VSUBPS    d, b, t3        \
	VPERMILPS $0xB1, t3, t3   \
	VXORPS    Z14, t3, t3     \
	VADDPS    t2, t0, a       \
	VSUBPS    t2, t0, c       \
	VADDPS    t3, t1, b       \
	VSUBPS    t3, t1, d

// BUTTERFLYZ is DFT4Z on Z0..Z3 with Z4..Z7 as temporaries.
#define BUTTERFLYZ DFT4Z(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)

// MULMJZ sets dst = ∓j·src (−j forward).
#define MULMJZ(src, dst) \
	VPERMILPS $0xB1, src, dst \
	VXORPS    Z14, dst, dst

// MULW8Z sets r = r·w8 (w8 = e^{∓2πi/8}) with t clobbered; Z13 holds √2/2.
#define MULW8Z(r, t) \
	MULMJZ(r, t)       \
	VADDPS t, r, r     \
	VMULPS Z13, r, r

// CMULZ sets dst = t·w for the twiddle factors in wr, wi.
#define CMULZ(t, wr, wi, dst) \
	VPERMILPS      $0xB1, t, dst \
	VMULPS         wi, dst, dst  \
	VFMADDSUB231PS wr, t, dst

// Qword indices for VPERMT2PD (0..7 the first table, 8..15 the second),
// used by radix4FirstAsm512 to transpose 4×8 complex64 values.
DATA ilvLo<>+0x00(SB)/8, $0
DATA ilvLo<>+0x08(SB)/8, $8
DATA ilvLo<>+0x10(SB)/8, $1
DATA ilvLo<>+0x18(SB)/8, $9
DATA ilvLo<>+0x20(SB)/8, $2
DATA ilvLo<>+0x28(SB)/8, $10
DATA ilvLo<>+0x30(SB)/8, $3
DATA ilvLo<>+0x38(SB)/8, $11
GLOBL ilvLo<>(SB), RODATA|NOPTR, $64

DATA ilvHi<>+0x00(SB)/8, $4
DATA ilvHi<>+0x08(SB)/8, $12
DATA ilvHi<>+0x10(SB)/8, $5
DATA ilvHi<>+0x18(SB)/8, $13
DATA ilvHi<>+0x20(SB)/8, $6
DATA ilvHi<>+0x28(SB)/8, $14
DATA ilvHi<>+0x30(SB)/8, $7
DATA ilvHi<>+0x38(SB)/8, $15
GLOBL ilvHi<>(SB), RODATA|NOPTR, $64

DATA pairLo<>+0x00(SB)/8, $0
DATA pairLo<>+0x08(SB)/8, $1
DATA pairLo<>+0x10(SB)/8, $8
DATA pairLo<>+0x18(SB)/8, $9
DATA pairLo<>+0x20(SB)/8, $2
DATA pairLo<>+0x28(SB)/8, $3
DATA pairLo<>+0x30(SB)/8, $10
DATA pairLo<>+0x38(SB)/8, $11
GLOBL pairLo<>(SB), RODATA|NOPTR, $64

DATA pairHi<>+0x00(SB)/8, $4
DATA pairHi<>+0x08(SB)/8, $5
DATA pairHi<>+0x10(SB)/8, $12
DATA pairHi<>+0x18(SB)/8, $13
DATA pairHi<>+0x20(SB)/8, $6
DATA pairHi<>+0x28(SB)/8, $7
DATA pairHi<>+0x30(SB)/8, $14
DATA pairHi<>+0x38(SB)/8, $15
GLOBL pairHi<>(SB), RODATA|NOPTR, $64

// func radix4FirstAsm512(y, x, tw []complex64, inv bool)
TEXT ·radix4FirstAsm512(SB), NOSPLIT, $0-73
	MOVQ      y_base+0(FP), DI
	MOVQ      x_base+24(FP), SI
	MOVQ      x_len+32(FP), CX
	MOVQ      tw_base+48(FP), DX
	MOVBQZX   inv+72(FP), AX
	SIGNSZ(AX)
	VMOVDQU64 ilvLo<>(SB), Z16
	VMOVDQU64 ilvHi<>(SB), Z17
	VMOVDQU64 pairLo<>(SB), Z18
	VMOVDQU64 pairHi<>(SB), Z19
	SHRQ      $2, CX           // m
	MOVQ      CX, R8
	SHLQ      $3, R8           // m·8: offset of b
	LEAQ      (R8)(R8*2), R9   // offset of d
	SHRQ      $3, CX           // m/8 iterations
	JZ        first512_done

first512_loop:
	VMOVUPS (SI), Z0
	VMOVUPS (SI)(R8*1), Z1
	VMOVUPS (SI)(R8*2), Z2
	VMOVUPS (SI)(R9*1), Z3
	BUTTERFLYZ

	// Twiddle factors of eight consecutive p: two blocks of four (see
	// pass.tw), w1 at 0(DX) and 96(DX), w2 at 32 and 128, w3 at 64 and 160.
	VMOVUPS      (DX), Y8
	VINSERTF64X4 $1, 96(DX), Z8, Z8
	VMOVSHDUP    Z8, Z9
	VMOVSLDUP    Z8, Z8
	VXORPS       Z15, Z9, Z9
	CMULZ(Z1, Z8, Z9, Z4)
	VMOVUPS      32(DX), Y10
	VINSERTF64X4 $1, 128(DX), Z10, Z10
	VMOVSHDUP    Z10, Z11
	VMOVSLDUP    Z10, Z10
	VXORPS       Z15, Z11, Z11
	CMULZ(Z2, Z10, Z11, Z5)
	VMOVUPS      64(DX), Y12
	VINSERTF64X4 $1, 160(DX), Z12, Z12
	VMOVSHDUP    Z12, Z13
	VMOVSLDUP    Z12, Z12
	VXORPS       Z15, Z13, Z13
	CMULZ(Z3, Z12, Z13, Z6)

	// Z0, Z4, Z5, Z6 hold output k = 0..3 of p = p0..p0+7; y wants
	// y[4p+k]. Interleave k0 with k1 and k2 with k3 (pairs of values per
	// p), then pairs of pairs: four two-table permutes per half.
	VMOVAPD   Z0, Z1
	VPERMT2PD Z4, Z16, Z0      // k0 k1 of p0..p3
	VPERMT2PD Z4, Z17, Z1      // k0 k1 of p4..p7
	VMOVAPD   Z5, Z2
	VPERMT2PD Z6, Z16, Z5      // k2 k3 of p0..p3
	VPERMT2PD Z6, Z17, Z2      // k2 k3 of p4..p7
	VMOVAPD   Z0, Z3
	VPERMT2PD Z5, Z18, Z0      // p0, p1
	VPERMT2PD Z5, Z19, Z3      // p2, p3
	VMOVAPD   Z1, Z4
	VPERMT2PD Z2, Z18, Z1      // p4, p5
	VPERMT2PD Z2, Z19, Z4      // p6, p7
	VMOVUPS   Z0, (DI)
	VMOVUPS   Z3, 64(DI)
	VMOVUPS   Z1, 128(DI)
	VMOVUPS   Z4, 192(DI)

	ADDQ $64, SI
	ADDQ $256, DI
	ADDQ $192, DX
	DECQ CX
	JNZ  first512_loop

first512_done:
	VZEROUPPER
	RET

// Float indices for VPERMPS: the twiddle factors of two consecutive p of
// a pass with s = 4, loaded as 12 floats (w1 w2 w3 of p, then of p+1),
// become a register whose low half repeats one float of p and whose high
// half repeats the same float of p+1.
#define TWIDX(name, lo, hi) \
	DATA name<>+0x00(SB)/8, $(lo<<32 | lo) \
	DATA name<>+0x08(SB)/8, $(lo<<32 | lo) \
	DATA name<>+0x10(SB)/8, $(lo<<32 | lo) \
	DATA name<>+0x18(SB)/8, $(lo<<32 | lo) \
	DATA name<>+0x20(SB)/8, $(hi<<32 | hi) \
	DATA name<>+0x28(SB)/8, $(hi<<32 | hi) \
	DATA name<>+0x30(SB)/8, $(hi<<32 | hi) \
	DATA name<>+0x38(SB)/8, $(hi<<32 | hi) \
	GLOBL name<>(SB), RODATA|NOPTR, $64

TWIDX(tw1r, 0, 6)
TWIDX(tw1i, 1, 7)
TWIDX(tw2r, 2, 8)
TWIDX(tw2i, 3, 9)
TWIDX(tw3r, 4, 10)
TWIDX(tw3i, 5, 11)

// func radix4S4Asm512(y, x, tw []complex64, m int, inv bool)
//
// Two butterfly groups p, p+1 (four values each) per iteration: x's
// quarters hold them side by side, and y[16p+4k .. +4] takes output k of
// p, so each 256-bit half of a result goes to its own p.
TEXT ·radix4S4Asm512(SB), NOSPLIT, $0-81
	MOVQ      y_base+0(FP), DI
	MOVQ      x_base+24(FP), SI
	MOVQ      tw_base+48(FP), DX
	MOVQ      m+72(FP), BX
	MOVBQZX   inv+80(FP), AX
	SIGNSZ(AX)
	VMOVDQU32 tw1r<>(SB), Z16
	VMOVDQU32 tw1i<>(SB), Z17
	VMOVDQU32 tw2r<>(SB), Z18
	VMOVDQU32 tw2i<>(SB), Z19
	VMOVDQU32 tw3r<>(SB), Z20
	VMOVDQU32 tw3i<>(SB), Z21
	// The 12 twiddle floats of a pair are loaded under a mask: a full
	// 16-float load would read past tw at the last pair, and masked-off
	// lanes never fault.
	MOVL      $0x0FFF, AX
	KMOVW     AX, K1
	MOVQ      BX, R8
	SHLQ      $5, R8           // m·4·8: offset of b in x
	LEAQ      (R8)(R8*2), R9   // offset of d in x
	SHRQ      $1, BX           // m/2 iterations
	JZ        s4_done

s4_loop:
	VMOVUPS.Z (DX), K1, Z22
	VPERMPS   Z22, Z16, Z8
	VPERMPS   Z22, Z17, Z9
	VXORPS    Z15, Z9, Z9
	VPERMPS   Z22, Z18, Z10
	VPERMPS   Z22, Z19, Z11
	VXORPS    Z15, Z11, Z11
	VPERMPS   Z22, Z20, Z12
	VPERMPS   Z22, Z21, Z13
	VXORPS    Z15, Z13, Z13

	VMOVUPS (SI), Z0
	VMOVUPS (SI)(R8*1), Z1
	VMOVUPS (SI)(R8*2), Z2
	VMOVUPS (SI)(R9*1), Z3
	BUTTERFLYZ
	CMULZ(Z1, Z8, Z9, Z4)
	CMULZ(Z2, Z10, Z11, Z5)
	CMULZ(Z3, Z12, Z13, Z6)

	// Z0, Z4, Z5, Z6: output k = 0..3, p in the low half, p+1 in the high.
	VSHUFF64X2 $0x44, Z4, Z0, Z1 // k0 k1 of p
	VSHUFF64X2 $0xEE, Z4, Z0, Z2 // k0 k1 of p+1
	VSHUFF64X2 $0x44, Z6, Z5, Z3 // k2 k3 of p
	VSHUFF64X2 $0xEE, Z6, Z5, Z7 // k2 k3 of p+1
	VMOVUPS    Z1, (DI)
	VMOVUPS    Z3, 64(DI)
	VMOVUPS    Z2, 128(DI)
	VMOVUPS    Z7, 192(DI)

	ADDQ $64, SI
	ADDQ $256, DI
	ADDQ $48, DX
	DECQ BX
	JNZ  s4_loop

s4_done:
	VZEROUPPER
	RET

// func radix4Asm512(y, x, tw []complex64, m, s int, inv bool)
TEXT ·radix4Asm512(SB), NOSPLIT, $0-89
	MOVQ    y_base+0(FP), DI
	MOVQ    x_base+24(FP), SI
	MOVQ    tw_base+48(FP), DX
	MOVQ    m+72(FP), BX
	MOVQ    s+80(FP), R10
	MOVBQZX inv+88(FP), AX
	SIGNSZ(AX)
	MOVQ    BX, R8
	IMULQ   R10, R8
	SHLQ    $3, R8             // m·s·8: offset of b in x
	LEAQ    (R8)(R8*2), R9     // offset of d in x
	SHLQ    $3, R10            // s·8: offset of y's second quarter
	LEAQ    (R10)(R10*2), R11  // offset of y's fourth quarter
	TESTQ   BX, BX
	JZ      mid512_done

mid512_p:
	// Twiddle factors of this p, broadcast.
	VBROADCASTSS (DX), Z8
	VBROADCASTSS 4(DX), Z9
	VXORPS       Z15, Z9, Z9
	VBROADCASTSS 8(DX), Z10
	VBROADCASTSS 12(DX), Z11
	VXORPS       Z15, Z11, Z11
	VBROADCASTSS 16(DX), Z12
	VBROADCASTSS 20(DX), Z13
	VXORPS       Z15, Z13, Z13
	MOVQ         R10, CX
	SHRQ         $6, CX        // s/8 iterations

mid512_q:
	VMOVUPS (SI), Z0
	VMOVUPS (SI)(R8*1), Z1
	VMOVUPS (SI)(R8*2), Z2
	VMOVUPS (SI)(R9*1), Z3
	BUTTERFLYZ
	VMOVUPS Z0, (DI)
	CMULZ(Z1, Z8, Z9, Z4)
	VMOVUPS Z4, (DI)(R10*1)
	CMULZ(Z2, Z10, Z11, Z5)
	VMOVUPS Z5, (DI)(R10*2)
	CMULZ(Z3, Z12, Z13, Z6)
	VMOVUPS Z6, (DI)(R11*1)
	ADDQ    $64, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     mid512_q

	// x's quarters advance by s values per p, y by 4s: DI has moved s.
	ADDQ R11, DI
	ADDQ $24, DX
	DECQ BX
	JNZ  mid512_p

mid512_done:
	VZEROUPPER
	RET

// func radix4LastAsm512(y, x []complex64, inv bool)
TEXT ·radix4LastAsm512(SB), NOSPLIT, $0-49
	MOVQ    y_base+0(FP), DI
	MOVQ    x_base+24(FP), SI
	MOVQ    x_len+32(FP), CX
	MOVBQZX inv+48(FP), AX
	SIGNSZ(AX)
	SHRQ    $2, CX             // s
	MOVQ    CX, R8
	SHLQ    $3, R8             // s·8
	LEAQ    (R8)(R8*2), R9
	SHRQ    $3, CX             // s/8 iterations
	JZ      last512_done

last512_loop:
	VMOVUPS (SI), Z0
	VMOVUPS (SI)(R8*1), Z1
	VMOVUPS (SI)(R8*2), Z2
	VMOVUPS (SI)(R9*1), Z3
	BUTTERFLYZ
	VMOVUPS Z0, (DI)
	VMOVUPS Z1, (DI)(R8*1)
	VMOVUPS Z2, (DI)(R8*2)
	VMOVUPS Z3, (DI)(R9*1)
	ADDQ    $64, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     last512_loop

last512_done:
	VZEROUPPER
	RET

// func radix8LastAsm512(y, x []complex64, inv bool)
TEXT ·radix8LastAsm512(SB), NOSPLIT, $0-49
	MOVQ         y_base+0(FP), DI
	MOVQ         x_base+24(FP), SI
	MOVQ         x_len+32(FP), CX
	MOVBQZX      inv+48(FP), AX
	SIGNSZ(AX)
	VBROADCASTSS halfSqrt2x512<>(SB), Z13
	SHRQ         $3, CX        // s
	MOVQ         CX, R8
	SHLQ         $3, R8        // s·8: offset of the second eighth
	LEAQ         (R8)(R8*2), R9  // 3·s·8
	LEAQ         (R8)(R8*4), R10 // 5·s·8
	LEAQ         (R9)(R9*1), R11 // 6·s·8
	LEAQ         (R10)(R8*2), R12 // 7·s·8
	SHRQ         $3, CX        // s/8 iterations
	JZ           r8x512_done

r8x512_loop:
	// Radix-2 level: u_t = x_t + x_{t+4} in Z8..Z11, x_t − x_{t+4} in Z0..Z3.
	VMOVUPS (SI), Z0
	VMOVUPS (SI)(R8*1), Z1
	VMOVUPS (SI)(R8*2), Z2
	VMOVUPS (SI)(R9*1), Z3
	VMOVUPS (SI)(R8*4), Z4
	VMOVUPS (SI)(R10*1), Z5
	VMOVUPS (SI)(R11*1), Z6
	VMOVUPS (SI)(R12*1), Z7
	VADDPS  Z4, Z0, Z8
	VADDPS  Z5, Z1, Z9
	VADDPS  Z6, Z2, Z10
	VADDPS  Z7, Z3, Z11
	VSUBPS  Z4, Z0, Z0
	VSUBPS  Z5, Z1, Z1
	VSUBPS  Z6, Z2, Z2
	VSUBPS  Z7, Z3, Z3

	// The odd half times w8^t: Z1·w8, Z2·(∓j), Z3·(∓j)·w8.
	MULW8Z(Z1, Z4)
	MULMJZ(Z2, Z5)
	VMOVAPS Z5, Z2
	MULW8Z(Z3, Z6)
	MULMJZ(Z3, Z7)
	VMOVAPS Z7, Z3

	// 4-point DFTs: the even half gives X0, X2, X4, X6, the odd X1, X3, X5, X7.
	DFT4Z(Z8, Z9, Z10, Z11, Z4, Z5, Z6, Z7)
	VMOVUPS Z8, (DI)
	VMOVUPS Z9, (DI)(R8*2)
	VMOVUPS Z10, (DI)(R8*4)
	VMOVUPS Z11, (DI)(R11*1)
	BUTTERFLYZ
	VMOVUPS Z0, (DI)(R8*1)
	VMOVUPS Z1, (DI)(R9*1)
	VMOVUPS Z2, (DI)(R10*1)
	VMOVUPS Z3, (DI)(R12*1)
	ADDQ    $64, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     r8x512_loop

r8x512_done:
	VZEROUPPER
	RET

// func radix2Asm512(y, x []complex64)
TEXT ·radix2Asm512(SB), NOSPLIT, $0-48
	MOVQ y_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	SHRQ $1, CX                // s
	MOVQ CX, R8
	SHLQ $3, R8                // s·8
	SHRQ $3, CX                // s/8 iterations
	JZ   r2x512_done

r2x512_loop:
	VMOVUPS (SI), Z0
	VMOVUPS (SI)(R8*1), Z1
	VADDPS  Z1, Z0, Z2
	VSUBPS  Z1, Z0, Z3
	VMOVUPS Z2, (DI)
	VMOVUPS Z3, (DI)(R8*1)
	ADDQ    $64, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     r2x512_loop

r2x512_done:
	VZEROUPPER
	RET

// Indices for VPERMPS: each of floats 0..7 twice.
DATA dupAll<>+0x00(SB)/8, $0x0000000000000000
DATA dupAll<>+0x08(SB)/8, $0x0000000100000001
DATA dupAll<>+0x10(SB)/8, $0x0000000200000002
DATA dupAll<>+0x18(SB)/8, $0x0000000300000003
DATA dupAll<>+0x20(SB)/8, $0x0000000400000004
DATA dupAll<>+0x28(SB)/8, $0x0000000500000005
DATA dupAll<>+0x30(SB)/8, $0x0000000600000006
DATA dupAll<>+0x38(SB)/8, $0x0000000700000007
GLOBL dupAll<>(SB), RODATA|NOPTR, $64

// func mulWindowAsm512(dst, src []complex64, w []float32)
TEXT ·mulWindowAsm512(SB), NOSPLIT, $0-72
	MOVQ      dst_base+0(FP), DI
	MOVQ      dst_len+8(FP), CX
	MOVQ      src_base+24(FP), SI
	MOVQ      w_base+48(FP), DX
	VMOVDQU32 dupAll<>(SB), Z14
	SHRQ      $3, CX           // 8 values an iteration
	JZ        win512_done

win512_loop:
	VMOVUPS (DX), Y0           // w0..w7 (the upper half of Z0 cleared)
	VPERMPS Z0, Z14, Z1        // w0 w0 w1 w1 ... w7 w7
	VMULPS  (SI), Z1, Z1
	VMOVUPS Z1, (DI)
	ADDQ    $32, DX
	ADDQ    $64, SI
	ADDQ    $64, DI
	DECQ    CX
	JNZ     win512_loop

win512_done:
	VZEROUPPER
	RET

// func mulWindowRealAsm512(dst []complex64, src, w []float32)
TEXT ·mulWindowRealAsm512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ src_base+24(FP), SI
	MOVQ w_base+48(FP), DX
	SHRQ $3, CX                // 8 values an iteration
	JZ   winr512_done

winr512_loop:
	VMOVUPS   (SI), Y0
	VMULPS    (DX), Y0, Y0     // x0·w0 .. x7·w7
	VPMOVZXDQ Y0, Z1           // [x0w0 0 x1w1 0 ...]: complex(x·w, 0)
	VMOVUPS   Z1, (DI)
	ADDQ      $32, DX
	ADDQ      $32, SI
	ADDQ      $64, DI
	DECQ      CX
	JNZ       winr512_loop

winr512_done:
	VZEROUPPER
	RET

// func mulAsm512(dst, a, b []complex64)
TEXT ·mulAsm512(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ dst_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	SHRQ $3, CX                // 8 values an iteration
	JZ   mul512_done

mul512_loop:
	VMOVUPS   (SI), Z0
	VMOVSLDUP (DX), Z1
	VMOVSHDUP (DX), Z2
	CMULZ(Z0, Z1, Z2, Z3)
	VMOVUPS   Z3, (DI)
	ADDQ      $64, SI
	ADDQ      $64, DX
	ADDQ      $64, DI
	DECQ      CX
	JNZ       mul512_loop

mul512_done:
	VZEROUPPER
	RET
