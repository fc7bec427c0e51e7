/**
 * JMH microbenchmarks of Parley's hot paths: Ed25519, the PQXDH handshake and prekeys, the Double
 * Ratchet, the frame codec and the storage commit stage. Built only with the {@code bench} Maven
 * profile and run with {@code scripts/bench-jmh}; results are recorded in {@code
 * docs/benchmarks.md}. Benchmark and state classes are public because JMH's generated code needs
 * them to be.
 */
package dev.parley.bench;
