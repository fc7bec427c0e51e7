/** Authenticated encryption: AES-256-GCM on the Bouncy Castle lightweight API. */
package dev.parley.crypto.aead;
