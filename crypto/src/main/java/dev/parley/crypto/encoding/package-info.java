/**
 * Strict binary encodings shared by the crypto module's formats (big-endian readers that accept
 * exactly one form of each value) and the handling of secret byte arrays (zero-filling). Used by
 * {@code dev.parley.crypto.session} and {@code dev.parley.crypto.group}; not meant for callers
 * outside this module.
 */
package dev.parley.crypto.encoding;
