/** Key derivation: HKDF-SHA256 (RFC 5869) on the Bouncy Castle lightweight API. */
package dev.parley.crypto.kdf;
