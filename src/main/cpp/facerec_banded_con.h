// dlib's con_ layer computed in bands of output rows: the same weights, the same file format
// and, to the bit, the same output, at a fraction of the memory traffic.
//
// Why: dlib's CPU convolution (cpu::tensor_conv) first copies the whole input into an im2col
// matrix, one row per output pixel and one column per weight, then multiplies the filters by
// it in one BLAS call. For the MMOD face detector at width 400 with upsample 1 that matrix is
// 90 to 400 MB per layer, 1.1 GB a frame. It is written element by element with a bounds
// check (perf: 46% of a call in dlib::cpu::img2col), then read and packed again by OpenBLAS
// (24% in sgemm_incopy), while the multiplication itself takes 18%. Here each band of output
// rows gets its own im2col block, about the size of the L2 cache (up to 7 MB for the MMOD's
// one-filter last layer: see band()), reused from call to call, and is multiplied at once. The block is laid out as Caffe lays it, one row per weight,
// so that a row is a shifted copy of an input row (a memcpy when the stride is 1).
//
// Why the output is the same to the bit: OpenBLAS's general sgemm path sums each output over
// the weights in the same order, however many output columns it is given. Its small-matrix
// kernel does not, so every band stays above the size up to which OpenBLAS takes it (band()),
// and a layer whose whole product is that small is left to dlib's code. scripts/bench-cnn.sh
// compares every number of the detector's output map with dlib's.
//
// Inference only: the layer has no backward pass, and a network that uses it cannot be
// trained. It (de)serializes as dlib's con_, so dlib's model files load into it unchanged.
#ifndef FACEREC_BANDED_CON_H
#define FACEREC_BANDED_CON_H

#include <dlib/dnn.h>
#include <algorithm>
#include <cstring>
#include <vector>

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
        // depends on the layout: dlib's own call gives dlib's numbers.
        if (num_filters * taps * pixels <= (1L << 20)) {
            base_.forward(sub, output);
            return;
        }
        output.set_size(in.num_samples(), num_filters, oh, ow);
        const float* weights = base_.get_layer_params().host();
        const long rows = band(taps, ow, oh);
        block_.resize(static_cast<size_t>(taps * std::min(oh, 2 * rows - 1) * ow));
        for (long s = 0; s < in.num_samples(); ++s) {
            const float* src = in.host() + s * k * h * w;
            float* dst = output.host() + s * num_filters * pixels;
            for (long y0 = 0, count = 0; y0 < oh; y0 += count) {
                // The last band takes the rows left over, rather than be a band too small (band()).
                count = oh - y0 < 2 * rows ? oh - y0 : rows;
                fill(src, k, h, w, py, px, y0, count, ow, block_.data());
                namespace blas = dlib::blas_bindings;
                blas::cblas_sgemm(blas::CblasRowMajor, blas::CblasNoTrans, blas::CblasNoTrans, num_filters, count * ow,
                                  taps, 1.0f, weights, taps, block_.data(), count * ow, 0.0f, dst + y0 * ow, pixels);
            }
        }
        if (!base_.bias_is_disabled()) {
            dlib::alias_tensor biases(1, num_filters);
            dlib::tt::add(1, output, 1, biases(base_.get_layer_params(), taps * num_filters));
        }
        // As dlib's tensor_conv does for a con_ whose relu was fused into it (dlib's fuse_layers).
        if (!base_.relu_is_disabled()) dlib::tt::relu(output, output);
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
                    // Output columns x whose input column x * stride_x - px + dx lies in [0, w).
                    const long first = std::max(0L, (px - dx + stride_x - 1) / stride_x);
                    const long last = w - 1 + px - dx < 0 ? 0 : std::min(ow, (w - 1 + px - dx) / stride_x + 1);
                    for (long y = y0; y < y0 + count; ++y, row += ow) {
                        const long iy = y * stride_y - py + dy;
                        if (iy < 0 || iy >= h || first >= last) {
                            std::fill(row, row + ow, 0.0f);
                            continue;
                        }
                        const float* line = src + (c * h + iy) * w + first * stride_x - px + dx;
                        std::fill(row, row + first, 0.0f);
                        if (stride_x == 1) {
                            std::memcpy(row + first, line, (last - first) * sizeof(float));
                        } else {
                            for (long x = first; x < last; ++x) row[x] = line[(x - first) * stride_x];
                        }
                        std::fill(row + last, row + ow, 0.0f);
                    }
                }
    }

    base_type base_;
    std::vector<float> block_;
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
