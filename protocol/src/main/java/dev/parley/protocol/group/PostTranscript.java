package dev.parley.protocol.group;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a device signs with its Ed25519 identity key to post in a group that is not end-to-end
 * encrypted (every channel, and groups created above the end-to-end limit). The server checks the
 * signature before storing the post and every reader checks it again, so neither another member nor
 * the server can pass off a post as this device's.
 *
 * <pre>
 * "parley-group-post-v1" || 0x00 || group_id[u64] || sender_user_id[u64] || sender_device_id[u64]
 *   || client_msg_id[16] || body_length[u32] || body
 * </pre>
 *
 * <p>The group id binds the post to one group (it cannot be replayed into another), the sender ids
 * to the device whose key signs, and the client message id to one post (the server's dedup key, so a
 * replay is stored once). All integers are big-endian.
 */
public final class PostTranscript {
  /** Bytes of an Ed25519 signature. */
  public static final int SIGNATURE_BYTES = 64;

  private static final byte[] DOMAIN = "parley-group-post-v1".getBytes(StandardCharsets.US_ASCII);
  private static final int CLIENT_MSG_ID_BYTES = 16;

  private PostTranscript() {}

  /** The transcript of one post; {@code clientMsgId} must be 16 bytes. */
  public static byte[] of(long groupId, long senderUserId, long senderDeviceId, byte[] clientMsgId, byte[] body) {
    if (clientMsgId.length != CLIENT_MSG_ID_BYTES) {
      throw new IllegalArgumentException("client_msg_id must be " + CLIENT_MSG_ID_BYTES + " bytes");
    }
    return ByteBuffer.allocate(DOMAIN.length + 1 + 8 * 3 + CLIENT_MSG_ID_BYTES + 4 + body.length)
        .put(DOMAIN)
        .put((byte) 0)
        .putLong(groupId)
        .putLong(senderUserId)
        .putLong(senderDeviceId)
        .put(clientMsgId)
        .putInt(body.length)
        .put(body)
        .array();
  }
}
