/**
 * The report of a recognize run: every frame's faces, and who appears when, streamed to
 * disk so that its memory does not grow with the length of the video (format in docs/FORMATS.md, "The report").
 */
package facerec.report;
