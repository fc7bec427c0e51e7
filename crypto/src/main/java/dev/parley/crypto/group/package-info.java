/**
 * Group end-to-end encryption with sender keys (the design of Signal's SenderKey and Matrix's
 * Megolm): each member device encrypts a group message once, under its own symmetric chain, and
 * signs it; every other member holds that chain and the signature public key. The server relays one
 * opaque message to all members instead of one pairwise message per member.
 *
 * <h2>Entry points</h2>
 *
 * <ul>
 *   <li>{@link dev.parley.crypto.group.SenderKeyState} — the sending side of one member device's
 *       sender key in one group: encrypt, distribute, persist.
 *   <li>{@link dev.parley.crypto.group.SenderKeyDistribution} — what the sender gives every other
 *       member, inside its pairwise {@link dev.parley.crypto.session.RatchetSession} messages.
 *   <li>{@link dev.parley.crypto.group.SenderKeyReceiver} — the receiving side of one sender key.
 *   <li>{@link dev.parley.crypto.group.SenderKeyRecord} — a member's receivers for one sender
 *       device in one group, up to {@value dev.parley.crypto.group.SenderKeyRecord#MAX_KEYS} key
 *       ids, newest first.
 * </ul>
 *
 * Clients keep one {@code SenderKeyState} per (group, own device) and one {@code SenderKeyRecord}
 * per (group, sender device), and route an incoming message to the record of the group and sender
 * device the transport names; that claim is not trusted, since only the sender key's signature key
 * can produce a message that decrypts.
 *
 * <h2>Chain and messages</h2>
 *
 * Primitives as in {@link dev.parley.crypto.session}: HMAC-SHA256, HKDF-SHA256 (RFC 5869),
 * AES-256-GCM with 96-bit nonce and 128-bit tag, Ed25519 (RFC 8032, pure). All integers are
 * big-endian; "u32" fields are limited to 0 .. 2^31 - 1 and decoders refuse larger values. Labels
 * are ASCII without a terminator. A sender key starts from a random 32-byte chain key CK_0 at
 * iteration 0, a random key id and a fresh Ed25519 signature key pair used for nothing else.
 *
 * <pre>
 * MK_i     = HMAC-SHA256(CK_i, 0x01)            CK_i+1 = HMAC-SHA256(CK_i, 0x02)
 * key, nonce = HKDF-SHA256(ikm = MK_i, salt = 32 zero bytes,
 *                          info = "parley-senderkey-message-v1", 44) -> [0..32), [32..44)
 *
 * header   = version[1]=0x01 || key_id[u32] || iteration[u32]                       (9 bytes)
 * body     = header || AES-256-GCM(key, nonce, plaintext, aad = header) || tag[16]
 * message  = body || signature[64]
 * signature = Ed25519(signature key, "parley-senderkey-signature-v1" || body)
 * </pre>
 *
 * A message is at least 89 bytes; its iteration is at most 2^31 - 2. A receiver checks the key id,
 * then the signature, then the iteration, and only then derives keys and opens the ciphertext.
 *
 * <p>Limits: a message at most {@value dev.parley.crypto.group.SenderKeyReceiver#MAX_SKIP}
 * iterations ahead of the next expected one is accepted (further ahead is refused and changes
 * nothing); at most {@value dev.parley.crypto.group.SenderKeyReceiver#MAX_STORED_SKIPPED_KEYS}
 * skipped message keys are stored per sender key, oldest evicted first.
 *
 * <h2>Encodings</h2>
 *
 * All secret; the distribution travels only inside pairwise sessions, the others stay on the device
 * and are encrypted at rest.
 *
 * <pre>
 * SenderKeyDistribution (73): 0x01 || key_id[u32] || iteration[u32] || CK_iteration[32]
 *                             || signature_public[32]
 * SenderKeyState        (73): 0x01 || key_id[u32] || iteration[u32] || CK_iteration[32]
 *                             || ed25519_seed[32]
 * SenderKeyReceiver:          0x01 || key_id[u32] || iteration[u32] || CK_iteration[32]
 *                             || signature_public[32] || skipped_count[u16] (&lt;= 2000)
 *                             || skipped entries, oldest first: iteration[u32] || MK[32]
 * SenderKeyRecord:            0x01 || count[1] (&lt;= 5) || SenderKeyReceiver encodings, newest first
 * </pre>
 *
 * In each, "iteration" is the next one to send or expect, and CK is the chain key for it. Skipped
 * iterations are strictly increasing and below the receiver's iteration; a record's key ids are
 * distinct. Every decoder is strict: unknown version, out-of-range counter, repeated entry or
 * trailing bytes are refused. A malformed distribution raises {@link
 * dev.parley.crypto.group.InvalidSenderKeyDistributionException} (it comes from another member);
 * malformed persisted state raises {@link IllegalArgumentException}, as in the session package.
 *
 * <h2>Security properties</h2>
 *
 * <ul>
 *   <li><b>Confidentiality</b> against everyone outside the group, the server included.
 *   <li><b>Sender authentication within the group.</b> Every member holds the chain key and could
 *       encrypt under it; only the holder of the signature private key can sign, so a message that
 *       verifies came from the member whose pairwise session delivered that key's distribution.
 *   <li><b>Forward secrecy along the chain.</b> Each message key is used once and wiped and the
 *       chain only moves forward, so a device compromised at iteration N reveals no message before
 *       N (beyond skipped keys still stored), and a member given a distribution at iteration N
 *       cannot read messages before N.
 *   <li><b>Replay protection:</b> each message decrypts once per receiver; a replay is reported as
 *       {@link dev.parley.crypto.group.DuplicateGroupMessageException}.
 *   <li><b>Failed decryption changes nothing:</b> forged, tampered, replayed, unknown-key or
 *       too-far-ahead messages leave receivers and records byte-for-byte as they were.
 * </ul>
 *
 * <h2>Limits of these properties</h2>
 *
 * <ul>
 *   <li><b>No post-compromise security until rotation.</b> The chain is a hash chain with no fresh
 *       Diffie-Hellman input: whoever learns a chain key (a stolen device, a leaked backup) reads
 *       every later message of that sender key, and whoever learns the signature private key can
 *       forge that sender's messages, until the sender rotates to a new {@code SenderKeyState}.
 *   <li><b>Removal requires rotation by everyone.</b> A removed member keeps every remaining
 *       member's chain, so when a member (or one of its devices) leaves or is removed, every
 *       remaining member device must create a new sender key and distribute it only to the
 *       remaining members before sending again. Likewise a joining member is given fresh sender
 *       keys (or distributions at the current iteration), so it cannot read earlier messages.
 *   <li><b>Consistency is not checked here.</b> A sender can give different members different
 *       chains (seen as {@code AUTHENTICATION_FAILED}), and the transport can withhold messages
 *       from some members; agreeing on membership and history is the group protocol's job.
 *   <li><b>Metadata is visible:</b> the key id, the iteration and the message length travel in the
 *       clear, and the signature key links all messages of one sender key.
 *   <li>Stored skipped keys let a compromised device read up to {@value
 *       dev.parley.crypto.group.SenderKeyReceiver#MAX_STORED_SKIPPED_KEYS} withheld messages per
 *       sender key; restoring an older persisted {@code SenderKeyState} and encrypting reuses a
 *       message key and a GCM nonce, so persist before sending.
 * </ul>
 *
 * <h2>Concurrency and secrets</h2>
 *
 * {@link dev.parley.crypto.group.SenderKeyDistribution} and the exceptions are immutable and
 * thread-safe. {@code SenderKeyState}, {@code SenderKeyReceiver} and {@code SenderKeyRecord} are
 * mutable and not thread-safe: confine each to one thread (or one actor/lock per group), and
 * persist after every successful operation. No {@code toString()} in this package prints chain
 * keys, message keys or private keys. Byte arrays holding secrets that this package owns are
 * zero-filled once no longer needed; Bouncy Castle's internal copies of private keys cannot be.
 */
package dev.parley.crypto.group;
