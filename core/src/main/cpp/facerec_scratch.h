// Recycled scratch for dlib's CNN. dlib convolves by im2col: every convolution of every call
// asks `new float[]` for a fresh Toeplitz matrix, and the MMOD detector's seven convolutions
// ask for about 1.1 GB a frame at width 400 with upsample 1 (90 to 400 MB each). glibc always
// maps blocks of 32 MB or more afresh from the kernel and unmaps them on delete, so every frame
// faulted in and zeroed 250,000 pages: half of CNN mode's CPU time was the kernel's
// (perf stat: 12.6 million minor faults for 60 frames). Each thread now keeps the large blocks
// dlib frees, up to 1 GB, and hands one out again for a request of the same size: the frames
// of a video ask for the same sizes in the same order, so after the first frame nothing is
// mapped afresh. Only a block of the requested size is handed out: a larger one would go to
// the network's own tensors, which live as long as the network, and keep the block's touched
// pages with them (a first version that handed out any larger block grew to 20 GB on a large
// photo). Only dlib's array allocations in this library pass here (they bind to these
// definitions at link time, -Bsymbolic); the JVM and the other libraries keep glibc's.
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

// At most this much, and this many blocks, stay with a thread between two requests.
constexpr std::size_t kKeepBytes = std::size_t(1) << 30;
constexpr int kKeepBlocks = 16;
// Two requests of one size get blocks of one usable size; page rounding may add a few KB.
constexpr std::size_t kSameSize = 64 << 10;

// Plain data, so that it outlives any thread_local destructor that still frees arrays.
struct Kept {
    void* block[kKeepBlocks];
    std::size_t size[kKeepBlocks];
    int count;
    std::size_t bytes;
    bool closed;
};
inline Kept& kept() {
    static thread_local Kept k{};
    return k;
}
// Takes block i out of the kept ones, keeping the others in age order.
inline void* remove(Kept& k, int i) {
    void* p = k.block[i];
    k.bytes -= k.size[i];
    for (int j = i + 1; j < k.count; ++j) {
        k.block[j - 1] = k.block[j];
        k.size[j - 1] = k.size[j];
    }
    --k.count;
    return p;
}
inline void drop(Kept& k, int i) { std::free(remove(k, i)); }
// Frees what a thread kept when it ends (a worker pool's threads end with the run).
struct Closer {
    ~Closer() {
        Kept& k = kept();
        while (k.count > 0) drop(k, 0);
        k.closed = true;
    }
};
inline void enroll() { static thread_local Closer closer; (void)closer; }

inline void* take(std::size_t n) {
    if (n >= kBig) {
        Kept& k = kept();
        for (int i = 0; i < k.count; ++i) {
            if (k.size[i] >= n && k.size[i] - n < kSameSize) return remove(k, i);
        }
    }
    void* p = std::malloc(n == 0 ? 1 : n);
    if (p == nullptr) throw std::bad_alloc();
    return p;
}

inline void give(void* p) {
    if (p == nullptr) return;
    std::size_t n = malloc_usable_size(p);
    Kept& k = kept();
    if (n < kBig || n > kKeepBytes || k.closed) {
        std::free(p);
        return;
    }
    enroll();
    // The oldest go first: a video's sizes come round every frame, a photo's never again.
    while (k.count == kKeepBlocks || k.bytes + n > kKeepBytes) drop(k, 0);
    k.block[k.count] = p;
    k.size[k.count] = n;
    ++k.count;
    k.bytes += n;
}

}  // namespace scratch
}  // namespace facerec

void* operator new[](std::size_t n) { return facerec::scratch::take(n); }
void operator delete[](void* p) noexcept { facerec::scratch::give(p); }
void operator delete[](void* p, std::size_t) noexcept { facerec::scratch::give(p); }

#endif
