/**
 * X25519 Diffie-Hellman (RFC 7748) on the Bouncy Castle lightweight API.
 *
 * <p>Used by the end-to-end session layer for identity, prekey, ephemeral and ratchet keys. An
 * all-zero agreement output (a low-order peer key) is always refused.
 */
package dev.parley.crypto.agreement;
