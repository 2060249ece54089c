/**
 * Naming the faces of finished reports again against a new store, from the embeddings that the
 * reports hold, without decoding any video: enrol a person found as unknown, then relabel the
 * archive ({@code facerec relabel}; README, "facerec relabel").
 */
package facerec.relabel;
