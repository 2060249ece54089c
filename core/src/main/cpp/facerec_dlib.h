// The whole of dlib that facerec uses, behind a few small classes that JavaCPP binds
// (see facerec.dlib.Dlib). Each class mirrors one object of dlib's Python API, and does
// exactly what that object does, so that boxes, landmarks and embeddings match the
// numbers the face_recognition library publishes.
//
// Images come in as a pointer to packed RGB bytes with width, height and row stride,
// usually straight from a JavaCV frame: no copy in Java and no image decoding here.
// Results stay in the object until the next call; Java copies them out with one call.
//
// None of these objects is thread-safe (dlib's detectors keep scratch buffers and its
// networks keep their activations): one instance per thread.
#ifndef FACEREC_DLIB_H
#define FACEREC_DLIB_H

#include <dlib/clustering/chinese_whispers.h>
#include <dlib/dnn.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/correlation_tracker.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>
#include <dlib/revision.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>
#include <cctype>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "facerec_blas.h"
#include "facerec_mmod_net.h"
#include "facerec_scratch.h"

namespace facerec {

// A read-only view of caller-owned packed RGB bytes that dlib's generic image
// algorithms accept as they are (dlib finds the functions below by argument lookup).
struct RgbView {
    const unsigned char* data;
    long width, height, stride;
};
inline long num_rows(const RgbView& v) { return v.height; }
inline long num_columns(const RgbView& v) { return v.width; }
inline const void* image_data(const RgbView& v) { return v.data; }
inline void* image_data(RgbView& v) { return const_cast<unsigned char*>(v.data); }
inline long width_step(const RgbView& v) { return v.stride; }
inline void set_image_size(RgbView&, long, long) { throw dlib::error("an RgbView cannot be resized"); }

}  // namespace facerec

namespace dlib {
template <> struct image_traits<facerec::RgbView> { typedef rgb_pixel pixel_type; };
}

namespace facerec {

inline RgbView view(const unsigned char* rgb, int width, int height, int stride) {
    if (rgb == nullptr || width <= 0 || height <= 0 || stride < 3 * width)
        throw std::invalid_argument("bad image: " + std::to_string(width) + "x" + std::to_string(height)
                                    + ", stride " + std::to_string(stride));
    return RgbView{rgb, width, height, stride};
}

template <typename T>
void load_model(T& model, const char* path, const char* what) {
    try {
        dlib::deserialize(path) >> model;
    } catch (const std::exception& e) {
        // dlib's message spans lines and repeats the path; its last line says what broke.
        std::string detail = e.what();
        while (!detail.empty() && std::isspace(static_cast<unsigned char>(detail.back()))) detail.pop_back();
        detail = detail.substr(detail.find_last_of('\n') == std::string::npos ? 0 : detail.find_last_of('\n') + 1);
        if (detail.rfind("ERROR: ", 0) == 0) detail = detail.substr(7);
        throw std::runtime_error(std::string("cannot load ") + what + " from " + path
                                 + ": not a complete dlib model of that kind (" + detail + ")");
    }
}

// Points stderr (descriptor 2) at /dev/null while a native decoder runs: libpng and libjpeg
// print their warnings about a damaged photo there with fprintf. Returns a descriptor of the
// real stderr for restoreStderr, or -1 when nothing changed.
inline int quietStderr() {
    int saved = dup(2);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved < 0 || null < 0 || dup2(null, 2) < 0) {
        if (saved >= 0) close(saved);
        if (null >= 0) close(null);
        return -1;
    }
    close(null);
    return saved;
}

inline void restoreStderr(int saved) {
    if (saved >= 0) {
        dup2(saved, 2);
        close(saved);
    }
}

// Called with 1 when the caller runs its own worker threads: OpenBLAS would otherwise start
// a thread per core inside each worker's convolutions and the workers would fight for cores.
inline void setBlasThreads(int n) { openblas_set_num_threads(n); }

// JavaCV's OpenCV brings OpenBLAS too, as two shared libraries apart from the one linked in
// here, each with a pool of a thread per core. OpenCV's small matrix products (KCF's, on
// every tracked frame) wake those threads, which then spin between calls and take the cores
// from the workers. Caps both pools, if loaded; returns how many were.
inline int setOpenCvBlasThreads(int n) {
    int capped = 0;
    for (const char* name : {"libopenblas_nolapack.so.0", "libopenblas.so.0"}) {
        void* lib = dlopen(name, RTLD_LAZY | RTLD_NOLOAD);
        if (lib == nullptr) {
            continue;
        }
        auto set = reinterpret_cast<void (*)(int)>(dlsym(lib, "openblas_set_num_threads"));
        if (set != nullptr) {
            set(n);
            capped++;
        }
        dlclose(lib);
    }
    return capped;
}

// The kernel OpenBLAS runs (facerec_blas.h): "Haswell", "SkylakeX", ...
inline const char* blasCore() { return blas_kernel(); }

// "dlib 20.0.1, OpenBLAS 0.3.21 (kernel SkylakeX)": what the binding was built from, and runs.
inline std::string versions() {
    std::string config = openblas_get_config();  // "OpenBLAS 0.3.21 DYNAMIC_ARCH ..."
    const size_t end = config.find(' ', config.find(' ') + 1);
    std::string kernel;
    try {
        kernel = blas_kernel();
    } catch (const std::runtime_error&) {
        kernel = std::string(openblas_get_corename()) + ", which this CPU cannot run";
    }
    return "dlib " + std::to_string(DLIB_MAJOR_VERSION) + "." + std::to_string(DLIB_MINOR_VERSION) + "."
           + std::to_string(DLIB_PATCH_VERSION) + ", " + config.substr(0, end) + " (kernel " + kernel + ")";
}

// dlib.chinese_whispers_clustering(descriptors, threshold): n vectors of dims numbers each,
// joined by an edge where they lie closer than threshold (and each to itself, so that a lone
// vector is a cluster of its own); labels get a cluster number per vector, 0 to the returned
// count. The graph needs no number of clusters and no seed from the caller: dlib's default
// random generator makes the result the same on every run.
inline int chineseWhispers(const double* vectors, int n, int dims, double threshold, int* labels) {
    if (n < 0 || dims <= 0 || (n > 0 && (vectors == nullptr || labels == nullptr)))
        throw std::invalid_argument("chineseWhispers: bad arguments");
    std::vector<dlib::sample_pair> edges;
    for (int i = 0; i < n; ++i) {
        for (int j = i; j < n; ++j) {
            double sum = 0;
            for (int d = 0; d < dims; ++d) {
                double diff = vectors[i * dims + d] - vectors[j * dims + d];
                sum += diff * diff;
            }
            if (std::sqrt(sum) < threshold) edges.push_back(dlib::sample_pair(i, j));
        }
    }
    std::vector<unsigned long> out;
    unsigned long count = n == 0 ? 0 : dlib::chinese_whispers(edges, out);
    for (int i = 0; i < n; ++i) labels[i] = static_cast<int>(out[i]);
    return static_cast<int>(count);
}

// Boxes as (left, top, right, bottom), dlib's inclusive corners, in original-image pixels,
// with a confidence each, best first.
class Detections {
public:
    int count() const { return static_cast<int>(rects_.size()); }
    void boxes(int* ltrb) const {
        for (size_t i = 0; i < rects_.size(); ++i) {
            ltrb[4 * i] = rects_[i].left();
            ltrb[4 * i + 1] = rects_[i].top();
            ltrb[4 * i + 2] = rects_[i].right();
            ltrb[4 * i + 3] = rects_[i].bottom();
        }
    }
    void scores(double* out) const { std::copy(scores_.begin(), scores_.end(), out); }

protected:
    std::vector<dlib::rectangle> rects_;
    std::vector<double> scores_;
};

// dlib.get_frontal_face_detector(): HOG features + linear SVMs over an image pyramid.
class HogDetector : public Detections {
public:
    // get_frontal_face_detector() parses dlib's embedded model text (about 0.3 s); every
    // detector after the first copies the parsed one instead.
    // dlib's matrix code multiplies through OpenBLAS here already, so the kernel is chosen first.
    HogDetector() : detector_((choose_blas_kernel(), prototype())) {}

    // As the Python binding's detector(img, upsample): the image is doubled `upsample`
    // times with pyramid_up and the boxes are mapped back with pyramid_down<2>::rect_down,
    // which is not the exact inverse of doubling, and is what face_recognition's boxes carry.
    int detect(const unsigned char* rgb, int width, int height, int stride, int upsample) {
        RgbView img = view(rgb, width, height, stride);
        std::vector<dlib::rect_detection> dets;
        if (upsample <= 0) {
            detector_(img, dets, 0.0);
        } else {
            dlib::pyramid_down<2> pyr;
            dlib::array2d<dlib::rgb_pixel> up;
            dlib::pyramid_up(img, up, pyr);
            for (int i = 1; i < upsample; ++i) dlib::pyramid_up(up);
            detector_(up, dets, 0.0);
            for (auto& d : dets) d.rect = pyr.rect_down(d.rect, upsample);
        }
        rects_.clear();
        scores_.clear();
        for (auto& d : dets) {
            rects_.push_back(d.rect);
            scores_.push_back(d.detection_confidence);
        }
        return count();
    }

private:
    static const dlib::frontal_face_detector& prototype() {
        static const dlib::frontal_face_detector parsed = dlib::get_frontal_face_detector();
        return parsed;
    }

    dlib::frontal_face_detector detector_;
};

// dlib.cnn_face_detection_model_v1: the MMOD CNN of mmod_human_face_detector.dat.
class CnnDetector : public Detections {
public:
    // With dlibConvolution, the network as dlib declares it, whose output the binding's must
    // give (the yardstick of the tests and benchmarks); else the binding's, with the
    // convolutions of facerec_banded_con.h: the same model file, a fifth of the time.
    CnnDetector(const char* path, bool dlibConvolution) {
        choose_blas_kernel();
        if (dlibConvolution) {
            dlib_.reset(new mmod::net_type);
            load_model(*dlib_, path, "the MMOD face detector");
        } else {
            fast_.reset(new mmod::binding_net_type);
            load_model(*fast_, path, "the MMOD face detector");
        }
    }

    int detect(const unsigned char* rgb, int width, int height, int stride, int upsample) {
        rects_.clear();
        scores_.clear();
        // dlib's MMOD input layer corrupts the heap on an image under 10 pixels wide and some
        // hundreds high (create_tiled_pyramid; 4x600 or 9x300, say), and refuses some under 10
        // high. No face fits there (the detector's window is 40x40), so none is looked for.
        if ((static_cast<long>(width) << upsample) < kMinSide || (static_cast<long>(height) << upsample) < kMinSide) {
            return 0;
        }
        dlib::matrix<dlib::rgb_pixel> img;
        dlib::assign_image(img, view(rgb, width, height, stride));
        dlib::pyramid_down<2> pyr;
        for (int i = 0; i < upsample; ++i) dlib::pyramid_up(img, pyr);
        auto dets = fast_ ? (*fast_)(img) : (*dlib_)(img);
        for (auto& d : dets) {
            rects_.push_back(pyr.rect_down(d.rect, upsample));
            scores_.push_back(d.detection_confidence);
        }
        return count();
    }

private:
    static constexpr long kMinSide = 10;
    std::unique_ptr<mmod::binding_net_type> fast_;
    std::unique_ptr<mmod::net_type> dlib_;
};

// dlib.shape_predictor: 5 or 68 landmarks inside a face box, (x, y) each.
class ShapePredictor {
public:
    explicit ShapePredictor(const char* path) {
        choose_blas_kernel();
        load_model(sp_, path, "the shape predictor");
    }

    int numParts() const { return static_cast<int>(sp_.num_parts()); }

    void predict(const unsigned char* rgb, int width, int height, int stride,
                 int left, int top, int right, int bottom, int* xy) {
        auto shape = sp_(view(rgb, width, height, stride), dlib::rectangle(left, top, right, bottom));
        for (unsigned long i = 0; i < shape.num_parts(); ++i) {
            xy[2 * i] = shape.part(i).x();
            xy[2 * i + 1] = shape.part(i).y();
        }
    }

private:
    dlib::shape_predictor sp_;
};

// dlib.face_recognition_model_v1: the ResNet that maps an aligned 150x150 face chip to
// 128 numbers, where faces of one person lie within 0.6 of each other.
class FaceEncoder {
public:
    // dlibConvolution as for CnnDetector: dlib's own convolutions, or the binding's.
    FaceEncoder(const char* path, bool dlibConvolution) {
        choose_blas_kernel();
        if (dlibConvolution) {
            dlib_.reset(new net_type<dlib::con>);
            load_model(*dlib_, path, "the face encoder");
        } else {
            fast_.reset(new net_type<con>);
            load_model(*fast_, path, "the face encoder");
        }
    }

    // All faces of one image in one batch, as compute_face_descriptors does. `shapes` holds,
    // per face, its box (left, top, right, bottom) then numParts (x, y) landmarks; `out`
    // receives 128 numbers per face. jitters > 1 averages that many randomly jittered copies
    // of each chip (slower, slightly more robust), exactly as the Python binding does.
    void encode(const unsigned char* rgb, int width, int height, int stride,
                int numFaces, int numParts, const int* shapes, int jitters, double* out) {
        if (fast_) {
            encode(*fast_, rgb, width, height, stride, numFaces, numParts, shapes, jitters, out);
        } else {
            encode(*dlib_, rgb, width, height, stride, numFaces, numParts, shapes, jitters, out);
        }
    }

private:
    template <typename Net>
    void encode(Net& net, const unsigned char* rgb, int width, int height, int stride,
                int numFaces, int numParts, const int* shapes, int jitters, double* out) {
        if (numParts != 5 && numParts != 68)
            throw std::invalid_argument("landmarks must be dlib's 5-point or iBUG's 68-point layout, not "
                                        + std::to_string(numParts));
        RgbView img = view(rgb, width, height, stride);
        std::vector<dlib::chip_details> chips;
        const int stride_ints = 4 + 2 * numParts;
        for (int f = 0; f < numFaces; ++f) {
            const int* s = shapes + f * stride_ints;
            std::vector<dlib::point> parts;
            for (int p = 0; p < numParts; ++p) parts.emplace_back(s[4 + 2 * p], s[5 + 2 * p]);
            dlib::full_object_detection shape(dlib::rectangle(s[0], s[1], s[2], s[3]), parts);
            chips.push_back(dlib::get_face_chip_details(shape, 150, 0.25));
        }
        dlib::array<dlib::matrix<dlib::rgb_pixel>> faceChips;
        dlib::extract_image_chips(img, chips, faceChips);
        if (jitters <= 1) {
            auto descriptors = net(faceChips, 16);
            for (int f = 0; f < numFaces; ++f)
                for (int k = 0; k < 128; ++k) out[128 * f + k] = descriptors[f](k);
            return;
        }
        for (int f = 0; f < numFaces; ++f) {
            std::vector<dlib::matrix<dlib::rgb_pixel>> crops;
            for (int j = 0; j < jitters; ++j) crops.push_back(dlib::jitter_image(faceChips[f], rnd_));
            dlib::matrix<float, 0, 1> d = dlib::mean(dlib::mat(net(crops, 16)));
            for (int k = 0; k < 128; ++k) out[128 * f + k] = d(k);
        }
    }

    // dlib_face_recognition_resnet_model_v1's network, as dlib's dnn_face_recognition_ex.cpp
    // declares it, with CON its convolution: dlib::con, or facerec::con (facerec_banded_con.h).
    template <template <int, template <typename> class, int, typename> class block, int N,
              template <typename> class BN, typename SUBNET>
    using residual = dlib::add_prev1<block<N, BN, 1, dlib::tag1<SUBNET>>>;
    template <template <int, template <typename> class, int, typename> class block, int N,
              template <typename> class BN, typename SUBNET>
    using residual_down = dlib::add_prev2<dlib::avg_pool<2, 2, 2, 2, dlib::skip1<dlib::tag2<
        block<N, BN, 2, dlib::tag1<SUBNET>>>>>>;
    template <template <long, long, long, int, int, typename> class CON>
    struct layers {
        template <int N, template <typename> class BN, int stride, typename SUBNET>
        using block = BN<CON<N, 3, 3, 1, 1, dlib::relu<BN<CON<N, 3, 3, stride, stride, SUBNET>>>>>;
        template <int N, typename SUBNET> using ares = dlib::relu<residual<block, N, dlib::affine, SUBNET>>;
        template <int N, typename SUBNET> using ares_down = dlib::relu<residual_down<block, N, dlib::affine, SUBNET>>;
        template <typename SUBNET> using alevel0 = ares_down<256, SUBNET>;
        template <typename SUBNET> using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
        template <typename SUBNET> using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
        template <typename SUBNET> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
        template <typename SUBNET> using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;
        using type = dlib::loss_metric<dlib::fc_no_bias<128, dlib::avg_pool_everything<
            alevel0<alevel1<alevel2<alevel3<alevel4<dlib::max_pool<3, 3, 2, 2, dlib::relu<dlib::affine<
            CON<32, 7, 7, 2, 2, dlib::input_rgb_image_sized<150>>>>>>>>>>>>>;
    };
    template <template <long, long, long, int, int, typename> class CON>
    using net_type = typename layers<CON>::type;

    std::unique_ptr<net_type<con>> fast_;
    std::unique_ptr<net_type<dlib::con>> dlib_;
    dlib::rand rnd_;
};

// dlib.correlation_tracker: follows one object from frame to frame (Danelljan et al.'s
// scale-space correlation filter), far cheaper than detecting and embedding it again.
class CorrelationTracker {
public:
    CorrelationTracker() { choose_blas_kernel(); }

    void start(const unsigned char* rgb, int width, int height, int stride, int left, int top, int right, int bottom) {
        tracker_.start_track(view(rgb, width, height, stride), dlib::drectangle(left, top, right, bottom));
    }

    // Returns the peak-to-side-lobe ratio: how sure the tracker is (below about 7, it has lost the object).
    double update(const unsigned char* rgb, int width, int height, int stride) {
        return tracker_.update(view(rgb, width, height, stride));
    }

    void position(int* ltrb) const {
        dlib::drectangle r = tracker_.get_position();
        ltrb[0] = static_cast<int>(std::lround(r.left()));
        ltrb[1] = static_cast<int>(std::lround(r.top()));
        ltrb[2] = static_cast<int>(std::lround(r.right()));
        ltrb[3] = static_cast<int>(std::lround(r.bottom()));
    }

private:
    dlib::correlation_tracker tracker_;
};

}  // namespace facerec

#endif
