/**
 * Redaction by identity: the run's video with faces masked, every face, every unknown one, or
 * everyone but the people who agreed. Masks follow tracks rather than single detections, so
 * that a face is never shown bare for a frame where its tracker lost it, nor just before its
 * first detection (the run's look-ahead tells of a track before its frames are shown).
 */
package facerec.redact;
