/** Cryptographic primitives for Parley, on the Bouncy Castle lightweight API. */
package dev.parley.crypto;
