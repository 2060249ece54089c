/**
 * The face pipeline: detect, align, embed and compare faces, as the face_recognition
 * library's api.py does, over the native dlib binding. Images are OpenCV {@code Mat}s of
 * packed RGB bytes (CV_8UC3). Analyzers hold native dlib objects: one per thread.
 */
package facerec.face;
