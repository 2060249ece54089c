/**
 * Image and video I/O through JavaCV: decoding stills and videos into RGB {@code Mat}s,
 * resizing for detection, and writing annotated video.
 */
package facerec.video;
