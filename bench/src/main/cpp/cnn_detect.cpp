// dlib's MMOD face detector called from plain C++, as dlib's dnn_mmod_face_detection_ex.cpp and
// the Python binding's cnn_face_detection_model_v1 call it: the yardstick for the cost of the
// Java binding's call (scripts/bench-cnn.sh). Reads one frame as raw RGB bytes, runs the
// detector REPS times on it (upsampled as the binding does) and prints the median time of a
// call, a hash of the detector's output map and the boxes, for the script to compare. NET is
// dlib (the network as dlib declares it) or banded (the binding's, with the convolution of
// facerec_banded_con.h). With WxH, the frame is first resized to that size, so that the two
// networks can be compared on frames of any shape; a frame dlib refuses prints "refused". Also
// prints the kernel OpenBLAS runs and, for the binding's network, each convolution's path.
// Usage: cnn_detect MODEL FRAME.rgb WIDTH HEIGHT UPSAMPLE REPS [dlib|banded [WxH]]
#include <dlib/dnn.h>
#include <dlib/image_transforms.h>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "facerec_mmod_net.h"


// How each of the binding's convolutions computed its input (facerec_banded_con.h's path()):
// the first layer to the last. dlib's own network prints nothing.
inline void print_paths(facerec::mmod::net_type&) {}
inline void print_paths(facerec::mmod::binding_net_type& net) {
    auto& n = net.subnet();
    std::printf("paths %s | %s | %s | %s | %s | %s | %s\n", dlib::layer<18>(n).layer_details().path().c_str(),
                dlib::layer<15>(n).layer_details().path().c_str(), dlib::layer<12>(n).layer_details().path().c_str(),
                dlib::layer<9>(n).layer_details().path().c_str(), dlib::layer<6>(n).layer_details().path().c_str(),
                dlib::layer<3>(n).layer_details().path().c_str(), dlib::layer<0>(n).layer_details().path().c_str());
}

template <typename net_type>
int run(int argc, char** argv) {
    long width = std::atol(argv[3]), height = std::atol(argv[4]);
    const int upsample = std::atoi(argv[5]), reps = std::atoi(argv[6]);
    // One core, as each of facerec's workers has, and the kernel the binding runs.
    openblas_set_num_threads(1);
    facerec::choose_blas_kernel();
    net_type net;
    dlib::deserialize(argv[1]) >> net;
    std::vector<unsigned char> rgb(width * height * 3);
    std::ifstream(argv[2], std::ios::binary).read(reinterpret_cast<char*>(rgb.data()), rgb.size());
    dlib::matrix<dlib::rgb_pixel> frame(height, width);
    for (long y = 0; y < height; ++y)
        for (long x = 0; x < width; ++x) {
            const unsigned char* p = &rgb[(y * width + x) * 3];
            frame(y, x) = dlib::rgb_pixel(p[0], p[1], p[2]);
        }
    if (argc == 9) {
        dlib::matrix<dlib::rgb_pixel> resized(std::atol(std::strchr(argv[8], 'x') + 1), std::atol(argv[8]));
        dlib::resize_image(frame, resized);
        frame = resized;
        width = frame.nc();
        height = frame.nr();
    }

    std::vector<double> ms;
    std::vector<dlib::mmod_rect> dets;
    dlib::pyramid_down<2> pyr;
    for (int r = 0; r < reps; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        dlib::matrix<dlib::rgb_pixel> img = frame;
        for (int i = 0; i < upsample; ++i) dlib::pyramid_up(img, pyr);
        dets = net(img);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("median %.1f ms\n", ms[ms.size() / 2]);
    // The detector's output map, every bit of it, as one FNV-1a hash: equal hashes, equal maps.
    const dlib::tensor& map = net.subnet().get_output();
    std::uint64_t hash = 14695981039346656037ull;
    const unsigned char* bytes = reinterpret_cast<const unsigned char*>(map.host());
    for (size_t i = 0; i < map.size() * sizeof(float); ++i) hash = (hash ^ bytes[i]) * 1099511628211ull;
    std::printf("map %zu numbers, FNV-1a %016llx\n", map.size(), static_cast<unsigned long long>(hash));
    std::printf("kernel %s\n", facerec::blas_kernel());
    print_paths(net);
    for (auto& d : dets) {
        // Trimmed to the image as face_recognition's _trim_css_to_bounds does.
        dlib::rectangle r = pyr.rect_down(d.rect, upsample);
        std::printf("box %ld %ld %ld %ld\n", std::max(r.left(), 0L), std::max(r.top(), 0L), std::min(r.right(), width),
                    std::min(r.bottom(), height));
    }
    return 0;
}

int main(int argc, char** argv) {
    const std::string kind = argc >= 8 ? argv[7] : "dlib";
    if (argc < 7 || argc > 9 || (kind != "dlib" && kind != "banded") || (argc == 9 && !std::strchr(argv[8], 'x'))) {
        std::cerr << "usage: cnn_detect MODEL FRAME.rgb WIDTH HEIGHT UPSAMPLE REPS [dlib|banded [WxH]]\n";
        return 2;
    }
    try {
        return kind == "dlib" ? run<facerec::mmod::net_type>(argc, argv) : run<facerec::mmod::binding_net_type>(argc, argv);
    } catch (const dlib::error&) {
        // dlib's own network refuses a frame its filters do not fit; the binding's must too.
        std::printf("refused\n");
        return 3;
    }
}
