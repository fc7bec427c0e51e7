package dev.parley.protocol.sdk;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.protocol.sdk.e2e.proto.Content;

/**
 * The one place where a group post's {@link Content} becomes {@code GroupSend.body} and back. Today
 * the body is the Content's bytes as they are, readable by the server; end-to-end encryption of
 * group posts (sender keys) wraps these two methods. Stateless.
 */
final class GroupPostCodec {
  byte[] encode(Content content) {
    return content.toByteArray();
  }

  /** The Content of a received post; fails for a body no Parley SDK wrote. */
  Content decode(byte[] body) throws InvalidProtocolBufferException {
    return Content.parseFrom(body);
  }
}
