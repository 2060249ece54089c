/**
 * The embedding store: the JSON file {@code facerec encode} writes and {@code recognize}
 * reads (format in docs/FORMATS.md, "The embedding store"), and matching a face against it;
 * and the tutorial's {@code encodings.pickle}, read without running it ({@link facerec.store.TutorialPickle}).
 */
package facerec.store;
