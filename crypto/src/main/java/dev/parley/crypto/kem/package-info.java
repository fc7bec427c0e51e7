/**
 * Post-quantum key encapsulation: ML-KEM-768 (FIPS 203) on the Bouncy Castle lightweight API.
 *
 * <p>Sizes: encapsulation key 1184 bytes, ciphertext 1088 bytes, shared secret 32 bytes, private
 * key stored as its 64-byte seed.
 */
package dev.parley.crypto.kem;
