// Recycled scratch for dlib's CNN. dlib convolves by im2col: every convolution of every call
// asks `new float[]` for a fresh Toeplitz matrix, and the MMOD detector's seven convolutions
// ask for about 800 MB a frame at width 400 with upsample 1 (60 to 270 MB each). glibc always
// maps blocks of 32 MB or more afresh from the kernel and unmaps them on delete, so every frame
// faulted in and zeroed 200,000 pages: half of CNN mode's CPU time was the kernel's
// (perf stat: 12.6 million minor faults for 60 frames). Each thread now keeps its largest such
// block when dlib frees it, and hands it out again for the next request that fits: after the
// first frame, no fault. Only dlib's array allocations in this library pass here (they bind to
// these definitions at link time, -Bsymbolic); the JVM and the other libraries keep glibc's.
#ifndef FACEREC_SCRATCH_H
#define FACEREC_SCRATCH_H

#include <malloc.h>
#include <cstdlib>
#include <new>

namespace facerec {
namespace scratch {

// glibc's largest mmap threshold on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX): from here on, a block
// is mapped and unmapped on every new and delete.
constexpr std::size_t kBig = std::size_t(32) << 20;

// Plain data, so that it outlives any thread_local destructor that still frees arrays.
struct Spare {
    void* block;
    std::size_t size;
    bool closed;
};
inline Spare& spare() {
    static thread_local Spare s{nullptr, 0, false};
    return s;
}
// Frees the thread's spare block when the thread ends (a worker pool's threads end with the run).
struct Closer {
    ~Closer() {
        Spare& s = spare();
        std::free(s.block);
        s.block = nullptr;
        s.closed = true;
    }
};
inline void enroll() { static thread_local Closer closer; (void)closer; }

inline void* take(std::size_t n) {
    if (n >= kBig) {
        Spare& s = spare();
        if (s.block != nullptr && s.size >= n) {
            void* p = s.block;
            s.block = nullptr;
            return p;
        }
    }
    void* p = std::malloc(n == 0 ? 1 : n);
    if (p == nullptr) throw std::bad_alloc();
    return p;
}

inline void give(void* p) {
    if (p == nullptr) return;
    std::size_t n = malloc_usable_size(p);
    Spare& s = spare();
    if (n >= kBig && !s.closed && (s.block == nullptr || s.size < n)) {
        enroll();
        std::free(s.block);  // keep the larger of the two: it serves every smaller request
        s.block = p;
        s.size = n;
        return;
    }
    std::free(p);
}

}  // namespace scratch
}  // namespace facerec

void* operator new[](std::size_t n) { return facerec::scratch::take(n); }
void operator delete[](void* p) noexcept { facerec::scratch::give(p); }
void operator delete[](void* p, std::size_t) noexcept { facerec::scratch::give(p); }

#endif
