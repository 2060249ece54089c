/**
 * The test kit: videos with the ground truth of who is where in every frame, synthesized from
 * real photos or edited from real footage (cuts, entrances, wide shots), stores of made-up
 * people around real ones, and the scoring of a recognize report against the truth. Used by
 * the tests, the demo and the real-clip evaluation; not in the product.
 */
package facerec.synth;
