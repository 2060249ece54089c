/**
 * Enrolment: walks a dataset of {@code <person>/<photos>}, embeds each person's face with a
 * pool of workers (each with its own native models), and builds the embedding store.
 */
package facerec.encode;
