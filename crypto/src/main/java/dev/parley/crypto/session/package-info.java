/**
 * End-to-end encrypted sessions between devices: PQXDH key agreement (Signal's PQXDH specification)
 * followed by the Double Ratchet (Signal's specification), plus prekeys and safety numbers. The
 * server only stores and relays the public records and opaque messages.
 *
 * <h2>Entry points</h2>
 *
 * <ul>
 *   <li>{@link dev.parley.crypto.session.DeviceKeys} — a device's Ed25519 identity key and its
 *       X25519 identity DH key.
 *   <li>{@link dev.parley.crypto.session.PrekeyFactory} — creates signed prekeys, one-time prekeys
 *       and signed ML-KEM prekeys; {@link dev.parley.crypto.session.PrekeySignatures} verifies
 *       them.
 *   <li>{@link dev.parley.crypto.session.SessionInitiator#initiate} — sender side, from a {@link
 *       dev.parley.crypto.session.PrekeyBundle}.
 *   <li>{@link dev.parley.crypto.session.SessionResponder#accept} — recipient side, from an {@link
 *       dev.parley.crypto.session.InitialHeader}.
 *   <li>{@link dev.parley.crypto.session.RatchetSession} — encrypt, decrypt, persist.
 *   <li>{@link dev.parley.crypto.session.SafetyNumber} — what users compare.
 * </ul>
 *
 * <h2>Primitives</h2>
 *
 * X25519 (RFC 7748, all-zero outputs refused), Ed25519 (RFC 8032, pure), ML-KEM-768 (FIPS 203),
 * HKDF-SHA256 (RFC 5869), HMAC-SHA256, AES-256-GCM with 96-bit nonce and 128-bit tag, SHA-512 — all
 * from the Bouncy Castle lightweight API. All integers below are big-endian; "u32" fields are
 * limited to 0 .. 2^31 - 1 and decoders refuse larger values. Labels are ASCII without a
 * terminator.
 *
 * <h2>Signatures (Ed25519 by the device identity key)</h2>
 *
 * <pre>
 * identity DH certificate:  "parley-idh-v1" || x25519_pub[32]
 * signed prekey:            "parley-spk-v1" || id[u32] || x25519_pub[32]
 * KEM prekey:               "parley-kpk-v1" || id[u32] || last_resort[1: 0x00|0x01]
 *                               || mlkem768_pub[1184]
 * </pre>
 *
 * <h2>PQXDH</h2>
 *
 * Alice (initiator) holds IK_A (Ed25519), IKDH_A (X25519) and a fresh ephemeral EK_A; Bob's bundle
 * gives IK_B, IKDH_B (certified), SPK_B (signed), optionally OPK_B, and PQPK_B (signed, one-time or
 * last-resort). Alice verifies all three signatures, then:
 *
 * <pre>
 * DH1 = X25519(IKDH_A, SPK_B)   DH2 = X25519(EK_A, IKDH_B)   DH3 = X25519(EK_A, SPK_B)
 * DH4 = X25519(EK_A, OPK_B)     (only if a one-time prekey was served)
 * (CT, SS) = ML-KEM-768.Encaps(PQPK_B)
 * SK = HKDF-SHA256(ikm  = F || DH1 || DH2 || DH3 [|| DH4] || SS,   F = 32 bytes of 0xFF,
 *                  salt = 32 zero bytes, info = "parley-pqxdh-v1", length = 32)
 * AD = IK_A[32] || IK_B[32] || IKDH_A[32] || IKDH_B[32]           (128 bytes)
 * </pre>
 *
 * Bob verifies IKDH_A's certificate under IK_A and computes the same values with his private keys.
 * Initial header (sent with each of Alice's messages until Bob replies), 1258 or 1262 bytes:
 *
 * <pre>
 * version[1]=0x01 || IK_A[32] || IKDH_A[32] || IKDH_A_signature[64] || EK_A[32]
 *   || spk_id[u32] || has_opk[1: 0x00|0x01] || (opk_id[u32] if has_opk) || kem_prekey_id[u32]
 *   || CT[1088]
 * </pre>
 *
 * <h2>Double Ratchet</h2>
 *
 * Initialisation: Alice generates ratchet key DHs_A and sets (RK, CKs) = KDF_RK(SK, X25519(DHs_A,
 * SPK_B)), DHr = SPK_B. Bob sets DHs = SPK_B's key pair, RK = SK, no chains until he receives.
 *
 * <pre>
 * KDF_RK(rk, dh) = HKDF-SHA256(ikm = dh, salt = rk, info = "parley-ratchet-root-v1", 64)
 *                  -> RK' = [0..32), CK = [32..64)
 * KDF_CK(ck):      MK = HMAC-SHA256(ck, 0x01),  CK' = HMAC-SHA256(ck, 0x02)
 * message keys:    HKDF-SHA256(ikm = MK, salt = 32 zero bytes,
 *                              info = "parley-ratchet-message-v1", 44)
 *                  -> AES-256 key = [0..32), GCM nonce = [32..44)
 * </pre>
 *
 * A DH ratchet step happens on every message carrying a new remote ratchet key: (RK, CKr) =
 * KDF_RK(RK, X25519(DHs, DHr')), new DHs, (RK, CKs) = KDF_RK(RK, X25519(DHs', DHr')), PN = Ns, Ns =
 * Nr = 0. Message encoding:
 *
 * <pre>
 * header  = version[1]=0x01 || DHs_pub[32] || PN[u32] || N[u32]                  (41 bytes)
 * message = header || AES-256-GCM(key, nonce, plaintext, aad = AD || header) || tag[16]
 * </pre>
 *
 * Limits: at most {@value dev.parley.crypto.session.RatchetSession#MAX_SKIP} message keys skipped
 * per chain step (a message further ahead is refused and changes nothing); at most {@value
 * dev.parley.crypto.session.RatchetSession#MAX_STORED_SKIPPED_KEYS} skipped keys stored, oldest
 * evicted first.
 *
 * <h2>Storage encodings (secret; encrypt at rest)</h2>
 *
 * <pre>
 * DeviceKeys        (65):  0x01 || ed25519_seed[32] || x25519_private[32]
 * SignedPrekeyPair (101):  0x01 || id[u32] || x25519_private[32] || signature[64]
 * OneTimePrekeyPair (37):  0x01 || id[u32] || x25519_private[32]
 * KemPrekeyPair    (134):  0x01 || id[u32] || last_resort[1] || mlkem_seed_d_z[64] || signature[64]
 * RatchetSession:          0x01 || role[1: 0x00 initiator | 0x01 responder] || AD[128]
 *                          || DHs_private[32] || has_DHr[1] (|| DHr[32]) || RK[32]
 *                          || has_CKs[1] (|| CKs[32]) || has_CKr[1] (|| CKr[32])
 *                          || Ns[u32] || Nr[u32] || PN[u32]
 *                          || retired_count[1] (&lt;= 20) || retired remote ratchet keys[32 each]
 *                          || skipped_count[u16] (&lt;= 2000)
 *                          || skipped entries, oldest first: ratchet_key[32] || N[u32] || MK[32]
 * </pre>
 *
 * Public keys inside private encodings are re-derived on decoding. Every decoder is strict: unknown
 * version, bad flag byte, out-of-range counter or trailing bytes are refused.
 *
 * <h2>Concurrency and secrets</h2>
 *
 * Key pairs, public records and the stateless classes are immutable and thread-safe. {@link
 * dev.parley.crypto.session.RatchetSession} is not: confine each to one thread. No {@code
 * toString()} in this package prints private key material. Byte arrays holding secrets that this
 * package owns are zero-filled once no longer needed; Bouncy Castle's internal copies of private
 * keys cannot be, and are left to the garbage collector.
 */
package dev.parley.crypto.session;
