// The network of dlib's mmod_human_face_detector.dat, as dlib's dnn_mmod_face_detection_ex.cpp
// declares it: a model file deserializes only into the type it was trained as. The binding
// (facerec_dlib.h) and the plain C++ benchmark (src/bench/cpp/cnn_detect.cpp) share it.
#ifndef FACEREC_MMOD_NET_H
#define FACEREC_MMOD_NET_H

#include <dlib/dnn.h>

namespace facerec {
namespace mmod {

template <long n, typename SUBNET> using con5d = dlib::con<n, 5, 5, 2, 2, SUBNET>;
template <long n, typename SUBNET> using con5 = dlib::con<n, 5, 5, 1, 1, SUBNET>;
template <typename SUBNET> using downsampler = dlib::relu<dlib::affine<con5d<32, dlib::relu<dlib::affine<
    con5d<32, dlib::relu<dlib::affine<con5d<16, SUBNET>>>>>>>>>;
template <typename SUBNET> using rcon5 = dlib::relu<dlib::affine<con5<45, SUBNET>>>;
using net_type = dlib::loss_mmod<dlib::con<1, 9, 9, 1, 1, rcon5<rcon5<rcon5<downsampler<
    dlib::input_rgb_image_pyramid<dlib::pyramid_down<6>>>>>>>>;

}  // namespace mmod
}  // namespace facerec

#endif
