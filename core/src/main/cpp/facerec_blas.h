// OpenBLAS as the binding links it (Debian's 0.3.21, static, DYNAMIC_ARCH): which of its
// kernels runs, how that kernel cuts a product, and the choice of kernel on a CPU that OpenBLAS
// does not know.
//
// A DYNAMIC_ARCH OpenBLAS carries kernels for many CPUs and picks one when it starts, by CPU
// model, or as OPENBLAS_CORETYPE says. The kernels sum in different orders, so the last bits of
// every convolution depend on the one that runs (facerec_banded_con.h).
#ifndef FACEREC_BLAS_H
#define FACEREC_BLAS_H

#include <strings.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" {
char* openblas_get_corename(void);
char* openblas_get_config(void);
void openblas_set_num_threads(int num_threads);
// OpenBLAS's own choice of kernel (DYNAMIC_ARCH builds; not in its public header): forget the
// kernel, and pick one again by OPENBLAS_CORETYPE or by CPU model.
void gotoblas_dynamic_quit(void);
void gotoblas_dynamic_init(void);
}

namespace facerec {

// OpenBLAS 0.3.21 knows CPUs by model number, and gives a model it does not know an old kernel:
// on an Intel Xeon of model 207 (Emerald Rapids, with AVX-512) it picks Prescott's SSE3 kernels,
// and the CNN detector's call takes about 2.5 times as long as with SkylakeX's (README, "CNN
// mode"). So, once, before the binding's first product: unless OPENBLAS_CORETYPE names a kernel,
// a kernel without AVX2 on a CPU with AVX2 and FMA (which the binding's own code needs anyway) is
// replaced by the widest that OpenBLAS can be told to run here: SkylakeX where the CPU and the
// OS run AVX-512 (OpenBLAS's test: F, CD, BW, DQ and VL), else Haswell. OpenBLAS reads the name
// from the environment only, so it is set for the call and removed after it. Every native
// object's constructor calls this: dlib's own matrix code multiplies through OpenBLAS too.
//
// OpenBLAS 0.3.21 runs the kernel that OPENBLAS_CORETYPE names even where the CPU lacks its
// instructions, and the first product then dies of SIGILL, taking the JVM with it. A name whose
// instructions this CPU lacks is refused here, with a message, before any product runs.
inline void check_forced_kernel(const char* forced) {
    __builtin_cpu_init();
    const bool avx = __builtin_cpu_supports("avx");
    const bool avx2 = avx && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    const bool fma4 = avx && __builtin_cpu_supports("fma4");
    const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd")
                        && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
                        && __builtin_cpu_supports("avx512vl");
    const bool bf16 = avx512 && __builtin_cpu_supports("avx512bf16");
    const struct {
        const char* core;
        bool runs;
        const char* needs;
    } table[] = {
        {"SapphireRapids", bf16, "AVX-512 with BF16"}, {"Cooperlake", bf16, "AVX-512 with BF16"},
        {"SkylakeX", avx512, "AVX-512"},               {"Haswell", avx2, "AVX2 and FMA"},
        {"Zen", avx2, "AVX2 and FMA"},                 {"Excavator", avx2, "AVX2 and FMA"},
        {"Bulldozer", fma4, "AVX and FMA4"},           {"Piledriver", fma4, "AVX and FMA4"},
        {"Steamroller", fma4, "AVX and FMA4"},         {"Sandybridge", avx, "AVX"},
    };
    for (const auto& k : table)
        if (strcasecmp(forced, k.core) == 0 && !k.runs)
            throw std::runtime_error(std::string("OPENBLAS_CORETYPE=") + forced + " names kernels that need " + k.needs
                                     + ", which this CPU does not have; unset it, or name an older kernel");
}

inline void choose_blas_kernel() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (const char* forced = std::getenv("OPENBLAS_CORETYPE")) {
            check_forced_kernel(forced);
            return;
        }
        const std::string core = openblas_get_corename();
        for (const char* wide : {"Haswell", "Zen", "Excavator", "SkylakeX", "Cooperlake"})
            if (core == wide) return;
        __builtin_cpu_init();
        if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return;
        const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd")
                            && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
                            && __builtin_cpu_supports("avx512vl");
        setenv("OPENBLAS_CORETYPE", avx512 ? "SkylakeX" : "Haswell", 1);
        gotoblas_dynamic_quit();
        gotoblas_dynamic_init();
        unsetenv("OPENBLAS_CORETYPE");
    });
}

// The kernel that runs: "Haswell", "SkylakeX", "Cooperlake", "Prescott", ...
inline const char* blas_kernel() {
    choose_blas_kernel();
    return openblas_get_corename();
}

// OpenBLAS's sgemm blocking for one of its x86-64 kernels: GEMM_P (output pixels per block),
// GEMM_Q (weights per block) and GEMM_UNROLL_M, from OpenBLAS 0.3.21's param.h (Linux).
struct blas_blocking {
    const char* core;
    long p, q, unroll_m;
};

// The blockings to try, the running kernel's first; for a kernel not listed, or another
// OpenBLAS, they are all tried, and facerec_banded_con.h's check finds which holds, if any.
inline std::vector<blas_blocking> blas_blockings() {
    static const blas_blocking known[] = {{"Cooperlake", 640, 320, 16}, {"SkylakeX", 448, 448, 16},
                                          {"Haswell", 320, 320, 8},     {"Zen", 320, 320, 8},
                                          {"Sandybridge", 768, 384, 16}};
    const std::string core = blas_kernel();
    std::vector<blas_blocking> out;
    for (const auto& b : known)
        if (core == b.core) out.push_back(b);
    for (const auto& b : known)
        if (core != b.core) out.push_back(b);
    return out;
}

}  // namespace facerec

#endif
