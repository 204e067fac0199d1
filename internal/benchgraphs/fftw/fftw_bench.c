/*
 * fftw_bench times FFTW's single-precision complex FFT for flowrun bench
 * --fft-sweep, under the conditions of flowrun's side of the sweep
 * (kernelbench.FFT): out-of-place forward transforms of n points on random
 * data, single thread, the fastest of BATCHES batches of about SECONDS/BATCHES
 * each (kernelbench's batches).
 * Plans are FFTW_MEASURE; the wisdom file carries them from one run to the
 * next, so that only the first run of a size pays for the planning.
 *
 *   gcc -O2 -o fftw_bench fftw_bench.c -lfftw3f
 *   ./fftw_bench WISDOM SECONDS N...     prints "N NS_PER_TRANSFORM" per size
 */
#include <fftw3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BATCHES 20

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s WISDOM SECONDS N...\n", argv[0]);
        return 2;
    }
    const char *wisdom = argv[1];
    double budget = atof(argv[2]);
    fftwf_import_wisdom_from_filename(wisdom); /* absent the first time */
    for (int a = 3; a < argc; a++) {
        int n = atoi(argv[a]);
        if (n < 2 || (n & (n - 1)) != 0) {
            fprintf(stderr, "fftw_bench: size %s: want a power of two >= 2\n", argv[a]);
            return 2;
        }
        fftwf_complex *in = fftwf_alloc_complex(n), *out = fftwf_alloc_complex(n);
        /* FFTW_MEASURE overwrites the arrays while planning: fill them after. */
        fftwf_plan p = fftwf_plan_dft_1d(n, in, out, FFTW_FORWARD, FFTW_MEASURE);
        if (p == NULL) {
            fprintf(stderr, "fftw_bench: no plan for %d points\n", n);
            return 1;
        }
        for (int i = 0; i < n; i++) {
            in[i][0] = (float)rand() / RAND_MAX - 0.5f;
            in[i][1] = (float)rand() / RAND_MAX - 0.5f;
        }
        fftwf_execute(p); /* warm up */
        double t0 = now();
        fftwf_execute(p);
        double one = now() - t0;
        long runs = (long)(budget / BATCHES / (one > 1e-9 ? one : 1e-9));
        if (runs < 1)
            runs = 1;
        double best = 0;
        for (int b = 0; b < BATCHES; b++) {
            t0 = now();
            for (long r = 0; r < runs; r++)
                fftwf_execute(p);
            double ns = (now() - t0) * 1e9 / runs;
            if (b == 0 || ns < best)
                best = ns;
        }
        printf("%d %.1f\n", n, best);
        fftwf_destroy_plan(p);
        fftwf_free(in);
        fftwf_free(out);
    }
    fftwf_export_wisdom_to_filename(wisdom);
    return 0;
}
