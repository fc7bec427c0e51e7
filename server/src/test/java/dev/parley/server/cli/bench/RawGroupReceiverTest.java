package dev.parley.server.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ConversationKind;
import dev.parley.protocol.v1.GroupAck;
import dev.parley.protocol.v1.GroupDeliver;
import dev.parley.protocol.v1.GroupEnvelope;
import dev.parley.protocol.v1.SendAck;
import dev.parley.protocol.v1.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The raw bench member reads a GroupDeliver's group, seq, sender and post id straight from the wire
 * bytes, whatever other fields the server sets around them, acknowledges each read burst once per
 * group, and passes every other frame on untouched.
 */
@Timeout(10)
class RawGroupReceiverTest {
  private final List<long[]> posts = new ArrayList<>();
  private final EmbeddedChannel channel =
      new EmbeddedChannel(new RawGroupReceiver((sender, post) -> posts.add(new long[] {sender, post})));

  /** A GroupDeliver as the server builds it, with fields before and after those the bench reads. */
  private static ByteBuf deliver(long group, long seq, long sender, long postId) {
    byte[] clientMsgId = ByteBuffer.allocate(16).putLong(postId).putLong(-1).array();
    ServerFrame f = ServerFrame.newBuilder().setGroupDeliver(GroupDeliver.newBuilder()
        .setGroupId(group).setSeq(seq).setPrevSeq(seq - 1)
        .setEnvelope(GroupEnvelope.newBuilder().setServerMsgId(1L << 40).setSenderUserId(sender).setSenderDeviceId(3)
            .setSenderUsername("alice").setServerTimeMs(1_700_000_000_000L).setClientMsgId(ByteString.copyFrom(clientMsgId))
            .setBody(ByteString.copyFrom(new byte[300])).setGroupName("bench-group").setKind(ConversationKind.GROUP)
            .setSignature(ByteString.copyFrom(new byte[64])).setEditedAtMs(5)))
        .build();
    return Unpooled.wrappedBuffer(f.toByteArray());
  }

  /** What the receiver wrote, flushed as the session after it flushes at the end of each burst. */
  private List<ClientFrame> written() {
    channel.flush();
    List<ClientFrame> out = new ArrayList<>();
    for (Object o; (o = channel.readOutbound()) != null; ) out.add((ClientFrame) o);
    return out;
  }

  private static ClientFrame ack(long group, long upToSeq) {
    return ClientFrame.newBuilder().setGroupAck(GroupAck.newBuilder().setGroupId(group).setUpToSeq(upToSeq)).build();
  }

  @Test
  void aBurstOfPostsIsReportedAndAcknowledgedOnceUpToItsLastSeq() {
    ByteBuf a = deliver(9, 5, 42, 1001);
    ByteBuf b = deliver(9, 6, 43, 1002);
    channel.writeInbound(a, b, deliver(9, 7, 42, 1003));

    assertThat(posts).containsExactly(new long[] {42, 1001}, new long[] {43, 1002}, new long[] {42, 1003});
    assertThat((Object) channel.readInbound()).as("group posts are taken, not passed on").isNull();
    assertThat(a.refCnt()).isZero();
    assertThat(b.refCnt()).isZero();
    assertThat(written()).containsExactly(ack(9, 7));

    channel.writeInbound(deliver(9, 8, 42, 1004));
    assertThat(written()).containsExactly(ack(9, 8));
  }

  @Test
  void postsOfAnotherGroupInTheSameBurstAreAcknowledgedPerGroup() {
    channel.writeInbound(deliver(9, 5, 42, 1), deliver(9, 6, 42, 2), deliver(11, 3, 42, 3));

    assertThat(written()).containsExactly(ack(9, 6), ack(11, 3));
  }

  @Test
  void otherFramesPassOnUntouchedAndABurstWithoutPostsWritesNoAck() {
    ServerFrame sendAck = ServerFrame.newBuilder().setRequestId(300)
        .setSendAck(SendAck.newBuilder().setServerMsgId(7).setGroupSeq(12)).build();
    channel.writeInbound(Unpooled.wrappedBuffer(sendAck.toByteArray()));

    ByteBuf passed = channel.readInbound();
    try {
      assertThat(ByteBufUtil.getBytes(passed)).isEqualTo(sendAck.toByteArray());
    } finally {
      passed.release();
    }
    assertThat(posts).isEmpty();
    assertThat(written()).isEmpty();
  }

  @Test
  void aTruncatedPostFailsTheConnectionAndIsReleased() {
    ByteBuf whole = deliver(9, 5, 42, 1);
    ByteBuf truncated = whole.retainedSlice(0, whole.readableBytes() - 20);
    whole.release();

    assertThatThrownBy(() -> channel.writeInbound(truncated)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("malformed");
    assertThat(truncated.refCnt()).isZero();
    assertThat(posts).isEmpty();
  }
}
