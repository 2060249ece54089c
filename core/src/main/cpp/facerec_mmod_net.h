// The network of dlib's mmod_human_face_detector.dat, as dlib's dnn_mmod_face_detection_ex.cpp
// declares it: a model file deserializes only into the type it was trained as. The binding
// (facerec_dlib.h) and the plain C++ benchmark (src/bench/cpp/cnn_detect.cpp) share it.
#ifndef FACEREC_MMOD_NET_H
#define FACEREC_MMOD_NET_H

#include <dlib/dnn.h>

#include "facerec_banded_con.h"

namespace facerec {
namespace mmod {

// CON is the convolution layer: dlib::con as dlib declares it, or facerec::con, the binding's
// (on the CPU the same computation with less memory traffic: facerec_banded_con.h).
template <template <long, long, long, int, int, typename> class CON>
struct layers {
    template <long n, typename SUBNET> using con5d = CON<n, 5, 5, 2, 2, SUBNET>;
    template <long n, typename SUBNET> using con5 = CON<n, 5, 5, 1, 1, SUBNET>;
    template <typename SUBNET> using downsampler = dlib::relu<dlib::affine<con5d<32, dlib::relu<dlib::affine<
        con5d<32, dlib::relu<dlib::affine<con5d<16, SUBNET>>>>>>>>>;
    template <typename SUBNET> using rcon5 = dlib::relu<dlib::affine<con5<45, SUBNET>>>;
    using net_type = dlib::loss_mmod<CON<1, 9, 9, 1, 1, rcon5<rcon5<rcon5<downsampler<
        dlib::input_rgb_image_pyramid<dlib::pyramid_down<6>>>>>>>>;
};

using net_type = layers<dlib::con>::net_type;
using binding_net_type = layers<facerec::con>::net_type;

}  // namespace mmod
}  // namespace facerec

#endif
