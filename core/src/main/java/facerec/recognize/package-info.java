/**
 * Recognition of a video: decode, find and name faces on downscaled frames with a pool of
 * workers (each owning its native models), annotate, write video and report, in order and
 * with bounded memory.
 */
package facerec.recognize;
