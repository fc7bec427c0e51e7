/**
 * Long-term Ed25519 identity keys: a device signs its prekeys and other devices verify them.
 *
 * <p>Built on the Bouncy Castle lightweight API rather than JCA, which is markedly slower for
 * Ed25519 and would add provider lookups to every signature.
 */
package dev.parley.crypto.identity;
