/**
 * Synthesized test and demo videos: real photos panned, zoomed and crossed over a
 * background, written with FFmpeg, with the ground truth of who is where in every frame,
 * and scoring of a recognize report against that truth.
 */
package facerec.synth;
