/**
 * Who appears when, in the formats that players, spreadsheets and editors read: subtitles with
 * the names of who is on screen ({@link facerec.export.Cues}, {@link facerec.export.Subtitles}, and
 * as a video's own track, {@link facerec.export.SubtitleTrack}),
 * a table of appearances, a row per track shown ({@link facerec.export.Appearance},
 * {@link facerec.export.AppearanceCsv}), the archive job's table too, and an EDL with a marker per
 * appearance ({@link facerec.export.Edl}).
 */
package facerec.export;
