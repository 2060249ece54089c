// dlib's con_ layer computed without dlib's whole-input im2col matrix: the same weights, the
// same file format and, to the bit, the same output, at a fraction of the memory traffic.
//
// Why: dlib's CPU convolution (cpu::tensor_conv) first copies the whole input into an im2col
// matrix, one row per output pixel and one column per weight, then multiplies the filters by
// it in one BLAS call. For the MMOD face detector at width 400 with upsample 1 that matrix is
// 90 to 400 MB per layer, 1.1 GB a frame. It is written element by element with a bounds
// check (perf: 46% of a call in dlib::cpu::img2col), then read and packed again by OpenBLAS
// (24% in sgemm_incopy), while the multiplication itself takes 18%. Here each band of output
// rows gets its own im2col block, about the size of the L2 cache, reused from call to call, and
// is multiplied at once (convolve_banded()). The block is laid out as Caffe lays it, one row per
// weight, so that a row is a shifted copy of an input row (a memcpy when the stride is 1). A
// layer of few filters, where copying costs more than multiplying (the MMOD's first and last),
// is summed straight from its input instead (convolve_direct()).
//
// Why the output is the same to the bit: OpenBLAS's general sgemm path sums each output over
// the weights in the same order, however many output columns it is given. Its small-matrix
// kernel does not, so every band stays above the size up to which OpenBLAS takes it (band()),
// and a layer whose whole product is that small is left to dlib's code. The direct path sums in
// OpenBLAS's order, and is taken only where a check at first use finds it equal to the bit
// (sums_as_blas()). scripts/bench-cnn.sh compares every number of the detector's output map
// with dlib's.
//
// Inference only: the layer has no backward pass, and a network that uses it cannot be
// trained. It (de)serializes as dlib's con_, so dlib's model files load into it unchanged.
#ifndef FACEREC_BANDED_CON_H
#define FACEREC_BANDED_CON_H

#include <dlib/dnn.h>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>
#if defined(__AVX__) && defined(__FMA__)
#include <immintrin.h>
#endif

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
        const long oh = 1 + (h + 2 * py - nr) / stride_y, ow = 1 + (w + 2 * px - nc) / stride_x;
        const long taps = k * nr * nc, pixels = oh * ow;
        const long params = taps * num_filters + (base_.bias_is_disabled() ? 0 : num_filters);
        DLIB_CASSERT(static_cast<long>(base_.get_layer_params().size()) == params,
                     "banded_con_: the layer's parameters do not match its input");
        // A product this small may take OpenBLAS's small-matrix kernel, whose order of sums
        // depends on the layout: dlib's own call gives dlib's numbers. An input smaller than the
        // filter, padding included, goes to dlib too, which refuses it.
        if (num_filters * taps * pixels <= (1L << 20) || h + 2 * py < nr || w + 2 * px < nc) {
            base_.forward(sub, output);
            return;
        }
        output.set_size(in.num_samples(), num_filters, oh, ow);
        const float* weights = base_.get_layer_params().host();
        const bool direct = kDirect && sums_as_blas(weights, k, py, px);
        for (long n = 0; n < in.num_samples(); ++n) {
            const float* src = in.host() + n * k * h * w;
            float* dst = output.host() + n * num_filters * pixels;
            if (direct) {
                convolve_direct(src, k, h, w, py, px, oh, ow, weights, dst);
            } else {
                convolve_banded(src, k, h, w, py, px, oh, ow, weights, dst);
            }
        }
        finish(output, taps);
    }

    // dlib's add_layer asks every layer for a backward pass; this one only infers (see above).
    template <typename SUBNET>
    void backward(const dlib::tensor&, SUBNET&, dlib::tensor&) {
        throw dlib::error("facerec::banded_con_ computes forward passes only; train with dlib::con_");
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
    void finish(dlib::resizable_tensor& output, long taps) {
        if (!base_.bias_is_disabled()) {
            dlib::alias_tensor biases(1, num_filters);
            dlib::tt::add(1, output, 1, biases(base_.get_layer_params(), taps * num_filters));
        }
        // As dlib's tensor_conv does for a con_ whose relu was fused into it (dlib's fuse_layers).
        if (!base_.relu_is_disabled()) dlib::tt::relu(output, output);
    }

    void convolve_banded(const float* src, long k, long h, long w, long py, long px, long oh, long ow,
                         const float* weights, float* dst) {
        const long taps = k * nr * nc;
        const long rows = band(taps, ow, oh);
        block_.resize(static_cast<size_t>(taps * std::min(oh, 2 * rows - 1) * ow));
        for (long y0 = 0, count = 0; y0 < oh; y0 += count) {
            // The last band takes the rows left over, rather than be a band too small (band()).
            count = oh - y0 < 2 * rows ? oh - y0 : rows;
            fill(src, k, h, w, py, px, y0, count, ow, block_.data());
            namespace blas = dlib::blas_bindings;
            blas::cblas_sgemm(blas::CblasRowMajor, blas::CblasNoTrans, blas::CblasNoTrans, num_filters, count * ow,
                              taps, 1.0f, weights, taps, block_.data(), count * ow, 0.0f, dst + y0 * ow, oh * ow);
        }
    }

    // With few filters, building the im2col block costs more than the product: the MMOD's first
    // layer (16 filters over 3 channels, stride 2) makes 75 strided copies of its input for 16
    // multiply-adds per copied number, and its last (one filter over 45 channels) streams 81
    // copies from memory for one (7 GFLOPS, 14% of a detector call). Such a layer is computed
    // here from the input itself: it is copied once, with its zero padding and its columns split
    // by phase of the stride (even and odd for stride 2), so that the inputs of a run of
    // consecutive outputs are consecutive, and each run is summed in registers. Each output is
    // summed as OpenBLAS's general path sums it: the weights in blocks (blas_block()), each block
    // a chain of fused multiply-adds from zero in the weights' order, the blocks added in turn.
    static constexpr bool kDirect = num_filters <= 16;
    // Filters summed at once, and AVX registers of consecutive outputs per filter: 8 chains in
    // all, enough to keep both FMA units busy.
    static constexpr long kGroup = num_filters % 4 == 0 ? 4 : num_filters % 2 == 0 ? 2 : 1;
    static constexpr long kRun = 8 * (8 / kGroup);

    void convolve_direct(const float* src, long k, long h, long w, long py, long px, long oh, long ow,
                         const float* weights, float* dst) {
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
                            len = blas_block(taps - t0);
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

    // OpenBLAS's SGEMM_DEFAULT_Q and SGEMM_DEFAULT_UNROLL_M for the kernels it picks on this
    // machine (COOPERLAKE's, on an AVX-512 AMD EPYC), found by summing against its cblas_sgemm;
    // on another CPU or OpenBLAS build, sums_as_blas() finds whether they hold.
    static constexpr long kBlasQ = 320, kBlasUnroll = 16;

    // The length of the next block of weights, of `left`, as OpenBLAS's level-3 driver cuts them.
    static long blas_block(long left) {
        if (left >= 2 * kBlasQ) return kBlasQ;
        if (left > kBlasQ) return (left / 2 + kBlasUnroll - 1) / kBlasUnroll * kBlasUnroll;
        return left;
    }

    // Whether convolve_direct() gives OpenBLAS's numbers to the bit with this build and CPU:
    // checked once per layer, with the layer's own weights, on a made-up input large enough for
    // OpenBLAS's general path. Where it does not (another kernel, another blocking), the layer
    // keeps to the banded product.
    bool sums_as_blas(const float* weights, long k, long py, long px) {
        if (direct_ < 0) {
            const long taps = k * nr * nc, ow = 48;
            const long oh = std::max(2 * nr, (1L << 21) / (num_filters * taps * ow) + 1);
            const long h = (oh - 1) * stride_y + nr - 2 * py, w = (ow - 1) * stride_x + nc - 2 * px;
            std::vector<float> src(k * h * w), banded(num_filters * oh * ow), direct(num_filters * oh * ow);
            unsigned state = 12345;
            for (float& v : src) v = static_cast<float>((state = state * 1664525u + 1013904223u) >> 8) / (1 << 24);
            convolve_banded(src.data(), k, h, w, py, px, oh, ow, weights, banded.data());
            convolve_direct(src.data(), k, h, w, py, px, oh, ow, weights, direct.data());
            direct_ = std::memcmp(banded.data(), direct.data(), banded.size() * sizeof(float)) == 0;
            if (direct_) {
                block_.clear();
                block_.shrink_to_fit();
            }
        }
        return direct_ == 1;
    }

    // Output rows per band: a block of about 1 MB (the L2 cache), but more than 2^20 multiply-adds,
    // so that OpenBLAS takes its general path, as it does for dlib's one large product (up to
    // 10^6 it switches to a small-matrix kernel that sums in another order); at least one row.
    static long band(long taps, long ow, long oh) {
        const long by_cache = (1L << 18) / (taps * ow);
        const long by_blas = (1L << 20) / (num_filters * taps * ow) + 1;
        return std::max(1L, std::min(oh, std::max(by_cache, by_blas)));
    }

    // The im2col block of output rows [y0, y0 + count), laid out as Caffe lays it: row t =
    // (channel, dy, dx) holds, for each of those output pixels, the input value under tap t, or
    // 0 in the padding; a row of it is a shifted copy of an input row.
    static void fill(const float* src, long k, long h, long w, long py, long px, long y0, long count, long ow,
                     float* block) {
        const long n = count * ow;
        for (long c = 0; c < k; ++c)
            for (long dy = 0; dy < nr; ++dy)
                for (long dx = 0; dx < nc; ++dx) {
                    float* row = block + ((c * nr + dy) * nc + dx) * n;
                    // Output column x reads input column x * stride_x - px + dx.
                    for (long y = y0; y < y0 + count; ++y, row += ow) {
                        const long iy = y * stride_y - py + dy;
                        shifted_row(iy < 0 || iy >= h ? nullptr : src + (c * h + iy) * w, w, dx - px, ow, row);
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
    int direct_ = -1;  // convolve_direct() sums as OpenBLAS: unknown (-1), no (0), yes (1)
};

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
