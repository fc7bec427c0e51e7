package dev.parley.protocol.sdk;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.protocol.sdk.e2e.proto.Content;

/**
 * The one place where a group post's {@link Content} becomes bytes and back. {@link GroupPostSealer}
 * wraps the bytes (sender-key encryption in end-to-end groups, a signature elsewhere) and {@link
 * GroupPostOpener} unwraps them before decoding; every kind carried in {@code Content} travels in
 * group posts through here. Stateless.
 */
final class GroupPostCodec {
  private GroupPostCodec() {}

  static byte[] encode(Content content) {
    return content.toByteArray();
  }

  static Content decode(byte[] bytes) throws InvalidProtocolBufferException {
    return Content.parseFrom(bytes);
  }
}
