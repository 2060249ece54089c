// dlib's con_ layer computed without dlib's whole-input im2col matrix: the same weights, the
// same file format and the same output, at a fraction of the memory traffic.
//
// Why: dlib's CPU convolution (cpu::tensor_conv) first copies the whole input into an im2col
// matrix, one row per output pixel and one column per weight, then multiplies the filters by
// it in one BLAS call. For the MMOD face detector at width 400 with upsample 1 that matrix is
// 90 to 400 MB per layer, 1.1 GB a frame. It is written element by element with a bounds
// check (perf: 46% of a call in dlib::cpu::img2col), then read and packed again by OpenBLAS
// (24% in sgemm_incopy), while the multiplication itself takes 18%. Here each band of output
// pixels gets its own im2col block of a few MB, reused from call to call, and is multiplied at
// once (convolve_banded()). The block is laid out as Caffe lays it, one row per weight, so that
// a row is a run of shifted copies of input rows (a memcpy when the stride is 1). A layer of
// few filters, where copying costs more than multiplying (the MMOD's first and last), is summed
// straight from its input instead (convolve_direct()).
//
// Why the output can be dlib's to the bit, and where it is: OpenBLAS's sgemm (one thread) cuts
// the output pixels into blocks of GEMM_P, cuts the weights into blocks of GEMM_Q, and sums each
// output in an order fixed by the block it falls in and its place there. Those sizes, and the
// kernel, depend on the CPU: DYNAMIC_ARCH picks a kernel at start-up (facerec_blas.h). A band
// here is a whole number of GEMM_P blocks and leaves at least one more after it, so OpenBLAS
// cuts each band as it cuts the same pixels of dlib's one large product; the last band takes
// the rest, whose cut depends only on its length. Some kernels (Haswell's) also sum the first
// block of a call in another order (they take its filters a few at a time); there a band is
// computed with the block before it as a lead, whose outputs are dropped. Which of these holds
// is not assumed: at its first input of more than one band, each layer runs dlib's own
// convolution and its candidates on a made-up input with its own weights, and keeps the first
// that gives dlib's numbers to the bit (check()), else dlib's own code. That costs a few hundred
// ms once per network (one per worker). A product small enough
// for OpenBLAS's small-matrix kernel is left to dlib's code too. With more than one OpenBLAS
// thread the product is also cut by thread, and dlib's own numbers change with the thread count:
// facerec runs OpenBLAS on one thread per worker. scripts/bench-cnn.sh compares every number of
// the detector's output map with dlib's, and prints each layer's choice.
//
// Inference only: the layer has no backward pass, and a network that uses it cannot be
// trained. It (de)serializes as dlib's con_, so dlib's model files load into it unchanged.
#ifndef FACEREC_BANDED_CON_H
#define FACEREC_BANDED_CON_H

#include <dlib/dnn.h>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>
#if defined(__AVX__) && defined(__FMA__)
#include <immintrin.h>
#endif

#include "facerec_blas.h"

namespace facerec {

template <long num_filters, long nr, long nc, int stride_y, int stride_x>
class banded_con_ {
    static_assert(nr > 0 && nc > 0, "banded_con_ needs the filter's size (dlib's con_ allows 0: the input's)");

public:
    using base_type = dlib::con_<num_filters, nr, nc, stride_y, stride_x>;

    template <typename SUBNET>
    void setup(const SUBNET& sub) { base_.setup(sub); }

    template <typename SUBNET>
    void forward(const SUBNET& sub, dlib::resizable_tensor& output) {
        const dlib::tensor& in = sub.get_output();
        const long k = in.k(), h = in.nr(), w = in.nc();
        const long py = base_.padding_y(), px = base_.padding_x();
        const long taps = k * nr * nc;
        const long params = taps * num_filters + (base_.bias_is_disabled() ? 0 : num_filters);
        DLIB_CASSERT(static_cast<long>(base_.get_layer_params().size()) == params,
                     "banded_con_: the layer's parameters do not match its input");
        // A product this small may take OpenBLAS's small-matrix kernel, whose order of sums
        // depends on the layout: dlib's own call gives dlib's numbers. An input smaller than the
        // filter, padding included, goes to dlib too, which refuses it.
        if (h + 2 * py < nr || w + 2 * px < nc || num_filters * taps * out_h(h, py) * out_w(w, px) <= kSmall) {
            base_.forward(sub, output);
            return;
        }
        const long oh = out_h(h, py), ow = out_w(w, px), pixels = oh * ow;
        // One band is one product, which OpenBLAS cuts as it cuts dlib's: nothing to check.
        // More bands, or the direct sums, are taken as check() found them to hold.
        const bool one_band = pixels < band(taps, kUnchecked.p) + kUnchecked.p;
        const path_t path = one_band && path_ != path_t::direct ? path_t::unchecked : check(k, py, px);
        if (path == path_t::dlib) {
            base_.forward(sub, output);
            return;
        }
        output.set_size(in.num_samples(), num_filters, oh, ow);
        const float* weights = base_.get_layer_params().host();
        for (long n = 0; n < in.num_samples(); ++n) {
            const float* src = in.host() + n * k * h * w;
            float* dst = output.host() + n * num_filters * pixels;
            if (path == path_t::direct) {
                convolve_direct(src, k, h, w, py, px, oh, ow, weights, dst, blocking_);
            } else {
                convolve_banded(src, k, h, w, py, px, oh, ow, weights, dst, one_band ? kUnchecked : blocking_,
                                path == path_t::banded_lead);
            }
        }
        finish(output, taps);
    }

    // dlib's add_layer asks every layer for a backward pass; this one only infers (see above).
    template <typename SUBNET>
    void backward(const dlib::tensor&, SUBNET&, dlib::tensor&) {
        throw dlib::error("facerec::banded_con_ computes forward passes only; train with dlib::con_");
    }

    // How inputs of more than one band are computed, once check() has run: "direct",
    // "banded", "banded with lead" or "dlib" (dlib's own code), with the blocking it matched;
    // "unchecked" before. For the benchmark, which prints it beside OpenBLAS's kernel.
    std::string path() const {
        switch (path_) {
            case path_t::direct: return std::string("direct (") + blocking_.core + ")";
            case path_t::banded: return std::string("banded (") + blocking_.core + ")";
            case path_t::banded_lead: return std::string("banded with lead (") + blocking_.core + ")";
            case path_t::dlib: return "dlib";
            default: return "unchecked";
        }
    }

    dlib::dpoint map_input_to_output(dlib::dpoint p) const { return base_.map_input_to_output(p); }
    dlib::dpoint map_output_to_input(dlib::dpoint p) const { return base_.map_output_to_input(p); }

    const dlib::tensor& get_layer_params() const { return base_.get_layer_params(); }
    dlib::tensor& get_layer_params() { return base_.get_layer_params(); }

    friend void serialize(const banded_con_& item, std::ostream& out) { serialize(item.base_, out); }
    friend void deserialize(banded_con_& item, std::istream& in) { deserialize(item.base_, in); }
    friend std::ostream& operator<<(std::ostream& out, const banded_con_& item) { return out << item.base_; }
    friend void to_xml(const banded_con_& item, std::ostream& out) { to_xml(item.base_, out); }

private:
    enum class path_t { unchecked, direct, banded, banded_lead, dlib };

    // Up to 10^6 multiply-adds OpenBLAS may take its small-matrix kernel, which sums in another
    // order by layout; every band stays above it.
    static constexpr long kSmall = 1L << 20;
    // The blocking a single band is cut by needs no check: only the band size depends on it.
    static constexpr blas_blocking kUnchecked = {"any", 640, 320, 16};

    static long out_h(long h, long py) { return 1 + (h + 2 * py - nr) / stride_y; }
    static long out_w(long w, long px) { return 1 + (w + 2 * px - nc) / stride_x; }

    void finish(dlib::resizable_tensor& output, long taps) {
        if (!base_.bias_is_disabled()) {
            dlib::alias_tensor biases(1, num_filters);
            dlib::tt::add(1, output, 1, biases(base_.get_layer_params(), taps * num_filters));
        }
        // As dlib's tensor_conv does for a con_ whose relu was fused into it (dlib's fuse_layers).
        if (!base_.relu_is_disabled()) dlib::tt::relu(output, output);
    }

    // Output pixels per band: a whole number of OpenBLAS's GEMM_P blocks, a block of about 4 MB
    // but more than kSmall multiply-adds, at least one block; with a lead, at least 8, so that
    // the lead costs at most an eighth more.
    static long band(long taps, long p, bool lead = false) {
        const long by_cache = (1L << 20) / (taps * p);
        const long by_blas = kSmall / (num_filters * taps * p) + 1;
        return p * std::max(lead ? 8L : 1L, std::max(by_cache, by_blas));
    }

    // The bands' first pixels, in order. A band is band() pixels while at least one GEMM_P block
    // is left after it, so that OpenBLAS cuts it as it cuts those pixels of the whole product
    // (whose cut halves what is left once it is under two blocks); the last takes the rest.
    static std::vector<long> band_starts(long pixels, long size, long p) {
        std::vector<long> starts;
        for (long p0 = 0; p0 < pixels; p0 += pixels - p0 >= size + p ? size : pixels - p0) starts.push_back(p0);
        return starts;
    }

    // Each band as one product of its im2col block. With `lead`, a band but the first is
    // computed with the GEMM_P pixels before it, whose outputs are dropped: the bands are done
    // last first, so that each band's own outputs overwrite its successor's lead.
    void convolve_banded(const float* src, long k, long h, long w, long py, long px, long oh, long ow,
                         const float* weights, float* dst, const blas_blocking& b, bool lead) {
        const long taps = k * nr * nc, pixels = oh * ow, size = band(taps, b.p, lead);
        const std::vector<long> starts = band_starts(pixels, size, b.p);
        block_.resize(static_cast<size_t>(taps * std::min(pixels, size + b.p + (lead ? b.p : 0))));
        for (size_t i = starts.size(); i-- > 0;) {
            const long before = lead && i > 0 ? b.p : 0;
            const long p0 = starts[i] - before, n = (i + 1 < starts.size() ? starts[i + 1] : pixels) - p0;
            fill(src, k, h, w, py, px, ow, p0, n, block_.data());
            namespace blas = dlib::blas_bindings;
            blas::cblas_sgemm(blas::CblasRowMajor, blas::CblasNoTrans, blas::CblasNoTrans, num_filters, n, taps, 1.0f,
                              weights, taps, block_.data(), n, 0.0f, dst + p0, pixels);
        }
    }

    // With few filters, building the im2col block costs more than the product: the MMOD's first
    // layer (16 filters over 3 channels, stride 2) makes 75 strided copies of its input for 16
    // multiply-adds per copied number, and its last (one filter over 45 channels) streams 81
    // copies from memory for one (7 GFLOPS, 14% of a detector call). Such a layer is computed
    // here from the input itself: it is copied once, with its zero padding and its columns split
    // by phase of the stride (even and odd for stride 2), so that the inputs of a run of
    // consecutive outputs are consecutive, and each run is summed in registers. Each output is
    // summed as OpenBLAS's general path sums it on kernels that take each output as one chain:
    // the weights in blocks of GEMM_Q (blas_block()), each block a chain of fused multiply-adds
    // from zero in the weights' order, the blocks added in turn.
    static constexpr bool kDirect = num_filters <= 16;
    // Filters summed at once, and AVX registers of consecutive outputs per filter: 8 chains in
    // all, enough to keep both FMA units busy.
    static constexpr long kGroup = num_filters % 4 == 0 ? 4 : num_filters % 2 == 0 ? 2 : 1;
    static constexpr long kRun = 8 * (8 / kGroup);

    void convolve_direct(const float* src, long k, long h, long w, long py, long px, long oh, long ow,
                         const float* weights, float* dst, const blas_blocking& b) {
        const long taps = k * nr * nc;
        // A padded row of a channel holds its columns phase by phase (p, p + stride_x, ...), each
        // phase with room for a last run that reaches past the row's end. The rows of a band of
        // output rows take about 1 MB (the L2 cache).
        const long pw = ow + (nc - 1) / stride_x + kRun, row = stride_x * pw;
        const long rows = std::max(1L, (1L << 18) / (k * stride_y * row)), bh = (rows - 1) * stride_y + nr;
        padded_.resize(static_cast<size_t>(k * bh * row));
        offsets_.resize(taps);
        for (long t = 0; t < taps; ++t) {
            const long c = t / (nr * nc), dy = t / nc % nr, dx = t % nc;
            offsets_[t] = (c * bh + dy) * row + dx % stride_x * pw + dx / stride_x;
        }
        for (long y0 = 0; y0 < oh; y0 += rows) {
            const long count = std::min(rows, oh - y0);
            for (long c = 0; c < k; ++c)
                for (long r = 0; r < (count - 1) * stride_y + nr; ++r) {
                    const long iy = y0 * stride_y + r - py;
                    const float* line = iy < 0 || iy >= h ? nullptr : src + (c * h + iy) * w;
                    // Padded column p + j * stride_x is input column p + j * stride_x - px.
                    for (long p = 0; p < stride_x; ++p)
                        shifted_row(line, w, p - px, pw, &padded_[(c * bh + r) * row + p * pw]);
                }
            for (long y = y0; y < y0 + count; ++y)
                for (long x0 = 0; x0 < ow; x0 += kRun) {
                    const float* base = padded_.data() + (y - y0) * stride_y * row + x0;
                    for (long f = 0; f < num_filters; f += kGroup) {
                        float sum[kGroup * kRun] = {};
                        for (long t0 = 0, len; t0 < taps; t0 += len) {
                            len = blas_block(taps - t0, b);
                            chain(base, offsets_.data() + t0, weights + f * taps + t0, taps, len, sum);
                        }
                        for (long g = 0; g < kGroup; ++g)
                            std::memcpy(dst + ((f + g) * oh + y) * ow + x0, sum + g * kRun,
                                        (ow - x0 < kRun ? ow - x0 : kRun) * sizeof(float));
                    }
                }
        }
    }

    // sum[g * kRun + j] += the chain of fused multiply-adds, from zero, over t < len of
    // weights[g * taps + t] * base[off[t] + j].
    static void chain(const float* base, const long* off, const float* weights, long taps, long len, float* sum) {
#if defined(__AVX__) && defined(__FMA__)
        constexpr long regs = kRun / 8;
        __m256 acc[kGroup][regs];
        for (auto& a : acc)
            for (auto& r : a) r = _mm256_setzero_ps();
        for (long t = 0; t < len; ++t) {
            const float* in = base + off[t];
            __m256 wt[kGroup];
            for (long g = 0; g < kGroup; ++g) wt[g] = _mm256_broadcast_ss(weights + g * taps + t);
            for (long j = 0; j < regs; ++j) {
                const __m256 x = _mm256_loadu_ps(in + 8 * j);
                for (long g = 0; g < kGroup; ++g) acc[g][j] = _mm256_fmadd_ps(wt[g], x, acc[g][j]);
            }
        }
        for (long g = 0; g < kGroup; ++g)
            for (long j = 0; j < regs; ++j) {
                float* out = sum + g * kRun + 8 * j;
                _mm256_storeu_ps(out, _mm256_add_ps(_mm256_loadu_ps(out), acc[g][j]));
            }
#else
        float acc[kGroup * kRun] = {};
        for (long t = 0; t < len; ++t)
            for (long g = 0; g < kGroup; ++g)
                for (long j = 0; j < kRun; ++j)
                    acc[g * kRun + j] = std::fma(weights[g * taps + t], base[off[t] + j], acc[g * kRun + j]);
        for (long j = 0; j < kGroup * kRun; ++j) sum[j] += acc[j];
#endif
    }

    // The length of the next block of weights, of `left`, as OpenBLAS's level-3 driver cuts them.
    static long blas_block(long left, const blas_blocking& b) {
        if (left >= 2 * b.q) return b.q;
        if (left > b.q) return (left / 2 + b.unroll_m - 1) / b.unroll_m * b.unroll_m;
        return left;
    }

    // The path for inputs of more than one band, found once per layer: dlib's own convolution of
    // a made-up input (three bands, the last with a ragged end, and rows that bands cut in the
    // middle) against the candidates, with the layer's own weights, to the bit. For each blocking
    // of blas_blockings(), the running kernel's first, it tries the direct sums, the bands without
    // a lead, then with one, and keeps the first that agrees; if none does (another OpenBLAS),
    // dlib's own code.
    path_t check(long k, long py, long px) {
        if (path_ != path_t::unchecked) return path_;
        path_ = path_t::dlib;
        const long taps = k * nr * nc;
        const float* weights = base_.get_layer_params().host();
        for (const auto& b : blas_blockings()) {
            const long ow = 67, oh = (2 * band(taps, b.p, true) + b.p + 13 + ow - 1) / ow;
            const long h = (oh - 1) * stride_y + nr - 2 * py, w = (ow - 1) * stride_x + nc - 2 * px;
            struct made_up {
                dlib::resizable_tensor out;
                const dlib::tensor& get_output() const { return out; }
            } in;
            in.out.set_size(1, k, h, w);
            unsigned state = 12345;
            for (float& v : in.out) v = static_cast<float>((state = state * 1664525u + 1013904223u) >> 8) / (1 << 24);
            dlib::resizable_tensor want, got;
            base_.forward(in, want);
            got.copy_size(want);
            for (path_t path : {path_t::direct, path_t::banded, path_t::banded_lead}) {
                if (path == path_t::direct && !kDirect) continue;
                if (path == path_t::direct) {
                    convolve_direct(in.out.host(), k, h, w, py, px, oh, ow, weights, got.host(), b);
                } else {
                    convolve_banded(in.out.host(), k, h, w, py, px, oh, ow, weights, got.host(), b,
                                    path == path_t::banded_lead);
                }
                finish(got, taps);
                if (std::memcmp(want.host(), got.host(), want.size() * sizeof(float)) == 0) {
                    path_ = path;
                    blocking_ = b;
                    break;
                }
            }
            if (path_ != path_t::dlib) break;
        }
        if (path_ != path_t::banded && path_ != path_t::banded_lead) {
            block_.clear();
            block_.shrink_to_fit();
        }
        return path_;
    }

    // The im2col block of output pixels [p0, p0 + n) (output pixel y * ow + x), laid out as Caffe
    // lays it: row t = (channel, dy, dx) holds, for each of those pixels, the input value under
    // tap t, or 0 in the padding; a row of it is a run of shifted copies of input rows.
    static void fill(const float* src, long k, long h, long w, long py, long px, long ow, long p0, long n,
                     float* block) {
        for (long c = 0; c < k; ++c)
            for (long dy = 0; dy < nr; ++dy)
                for (long dx = 0; dx < nc; ++dx) {
                    float* row = block + ((c * nr + dy) * nc + dx) * n;
                    for (long p = p0; p < p0 + n;) {
                        const long y = p / ow, x = p % ow, len = std::min(ow - x, p0 + n - p);
                        // Output column x reads input column x * stride_x - px + dx.
                        const long iy = y * stride_y - py + dy;
                        shifted_row(iy < 0 || iy >= h ? nullptr : src + (c * h + iy) * w, w, x * stride_x + dx - px, len,
                                    row + (p - p0));
                        p += len;
                    }
                }
    }

    // out[j], for j < n, is input column j * stride_x + shift of `line` (w columns), or 0 where
    // that column is outside it, in the padding, or where there is no line (a padding row). The
    // one copy that both fill() and convolve_direct() make.
    static void shifted_row(const float* line, long w, long shift, long n, float* out) {
        // [first, last): the j whose column lies in [0, w).
        const long first = line ? std::min(n, std::max(0L, (stride_x - 1 - shift) / stride_x)) : n;
        const long last = line && w - 1 - shift >= 0 ? std::min(n, (w - 1 - shift) / stride_x + 1) : 0;
        std::fill(out, out + first, 0.0f);
        if (first < last) {
            const float* in = line + first * stride_x + shift;
            if (stride_x == 1) {
                std::memcpy(out + first, in, (last - first) * sizeof(float));
            } else {
                for (long j = 0; j < last - first; ++j) out[first + j] = in[j * stride_x];
            }
        }
        std::fill(out + std::max(first, last), out + n, 0.0f);
    }

    base_type base_;
    std::vector<float> block_;
    std::vector<float> padded_;
    std::vector<long> offsets_;
    path_t path_ = path_t::unchecked;
    blas_blocking blocking_ = kUnchecked;
};

template <long num_filters, long nr, long nc, int stride_y, int stride_x>
constexpr blas_blocking banded_con_<num_filters, nr, nc, stride_y, stride_x>::kUnchecked;

template <long num_filters, long nr, long nc, int stride_y, int stride_x, typename SUBNET>
using banded_con = dlib::add_layer<banded_con_<num_filters, nr, nc, stride_y, stride_x>, SUBNET>;

// The convolution of the binding's networks: banded on the CPU. A CUDA build of dlib keeps
// dlib's own, which runs on cuDNN (banded_con_ computes on the host).
#ifdef DLIB_USE_CUDA
template <long num_filters, long nr, long nc, int stride_y, int stride_x, typename SUBNET>
using con = dlib::con<num_filters, nr, nc, stride_y, stride_x, SUBNET>;
#else
template <long num_filters, long nr, long nc, int stride_y, int stride_x, typename SUBNET>
using con = banded_con<num_filters, nr, nc, stride_y, stride_x, SUBNET>;
#endif

}  // namespace facerec

#endif
