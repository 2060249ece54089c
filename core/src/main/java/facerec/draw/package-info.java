/**
 * Drawing on frames: each face's box and label, in a colour of its person's, for the annotated
 * video and the contact sheet. Apart from {@code facerec.video}, which only reads and writes
 * pictures, so that the face pipeline may write a crop without the video depending on it back.
 */
package facerec.draw;
