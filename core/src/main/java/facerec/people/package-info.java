/**
 * Who was in the videos, for people rather than programs: each track's best face crops and
 * mean embedding ({@link facerec.people.TrackFaces}), unknown tracks clustered into people by
 * dlib's Chinese whispers ({@link facerec.people.Clusters}) and written as folders ready to
 * enrol ({@link facerec.people.UnknownFolders}), and the HTML page of who appears when
 * ({@link facerec.people.HtmlReport}).
 */
package facerec.people;
