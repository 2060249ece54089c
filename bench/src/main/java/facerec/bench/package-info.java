/**
 * Benchmark mains, run by the scripts/bench-*.sh and the real-clip evaluation: each prints its
 * figures for a script to set beside a baseline run in the same script. Not in the product.
 */
package facerec.bench;
