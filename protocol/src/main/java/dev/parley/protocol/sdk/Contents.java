package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.sdk.e2e.proto.EditsDelete;
import dev.parley.protocol.sdk.e2e.proto.EditsEdit;
import dev.parley.protocol.sdk.e2e.proto.EditsReaction;
import dev.parley.protocol.sdk.e2e.proto.EditsTarget;
import java.time.Duration;

/** The {@link Content}s this SDK sends: messages, view-once messages, edits, deletes and reactions. */
final class Contents {
  private Contents() {}

  static Content message(byte[] body) {
    return Content.newBuilder().setBody(ByteString.copyFrom(body)).build();
  }

  static Content viewOnce(byte[] body, Duration expireAfterRead) {
    if (expireAfterRead.isNegative()) throw new IllegalArgumentException("expireAfterRead < 0");
    return message(body).toBuilder().setViewOnce(true).setExpireAfterReadSeconds(expireAfterRead.toSeconds()).build();
  }

  static Content edit(EditsTarget target, byte[] body) {
    return Content.newBuilder().setEdit(EditsEdit.newBuilder().setTarget(target).setBody(ByteString.copyFrom(body))).build();
  }

  static Content delete(EditsTarget target) {
    return Content.newBuilder().setDelete(EditsDelete.newBuilder().setTarget(target)).build();
  }

  static Content reaction(EditsTarget target, String emoji, boolean remove) {
    if (emoji.isEmpty() || emoji.length() > 32) throw new IllegalArgumentException("an emoji is 1-32 characters");
    return Content.newBuilder().setReaction(EditsReaction.newBuilder().setTarget(target).setEmoji(emoji).setRemove(remove)).build();
  }

  static EditsTarget direct(byte[] clientMsgId) {
    if (clientMsgId.length != 16) throw new IllegalArgumentException("a client message id is 16 bytes");
    return EditsTarget.newBuilder().setClientMsgId(ByteString.copyFrom(clientMsgId)).build();
  }

  static EditsTarget group(long seq) {
    if (seq < 1) throw new IllegalArgumentException("seq < 1");
    return EditsTarget.newBuilder().setSeq(seq).build();
  }
}
