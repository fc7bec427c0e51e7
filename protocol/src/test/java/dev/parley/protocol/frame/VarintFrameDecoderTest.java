package dev.parley.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.error.ProtocolException;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.Ping;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class VarintFrameDecoderTest {

  static byte[] encode(ClientFrame... frames) throws Exception {
    ByteBuf out = Unpooled.buffer();
    for (ClientFrame f : frames) FrameEncoder.encodeTo(f, out);
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    out.release();
    return bytes;
  }

  static ClientFrame ping(long nonce, int padTo) {
    return ClientFrame.newBuilder().setRequestId(padTo).setPing(Ping.newBuilder().setNonce(nonce)).build();
  }

  static List<ClientFrame> decodeAll(EmbeddedChannel ch) {
    List<ClientFrame> got = new ArrayList<>();
    for (ClientFrame f = ch.readInbound(); f != null; f = ch.readInbound()) got.add(f);
    return got;
  }

  @Test
  void framesSplitAtEveryByteOffsetDecodeToTheSameMessages() throws Exception {
    ClientFrame a = ping(1, 1);
    ClientFrame b = ClientFrame.newBuilder().setRequestId(300).setPing(Ping.newBuilder().setNonce(Long.MAX_VALUE)).build();
    byte[] bytes = encode(a, b);
    for (int cut = 0; cut <= bytes.length; cut++) {
      EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(1024), ProtoFrameDecoder.CLIENT_FRAMES);
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, 0, cut));
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut));
      assertThat(decodeAll(ch)).as("cut at %d", cut).containsExactly(a, b);
      assertThat(ch.finishAndReleaseAll()).isFalse();
    }
  }

  @Test
  void aFrameFedOneByteAtATimeDecodesOnce() throws Exception {
    byte[] bytes = encode(ping(7, 200));
    EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(1024), ProtoFrameDecoder.CLIENT_FRAMES);
    for (byte x : bytes) ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
    assertThat(decodeAll(ch)).containsExactly(ping(7, 200));
    ch.finishAndReleaseAll();
  }

  @Test
  void aLengthOverTheLimitIsRefusedFromThePrefixAlone() {
    EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(100));
    // 101 as a varint, and no payload at all: refused before any payload is buffered.
    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {101})))
        .isInstanceOf(DecoderException.class)
        .cause()
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE));
    ch.finishAndReleaseAll();
  }

  @Test
  void aHugeVarintLengthIsRefusedAsTooLarge() {
    EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(1 << 20));
    byte[] maxVarint = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(maxVarint)))
        .cause()
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE));
    ch.finishAndReleaseAll();
  }

  @Test
  void aPrefixOfMoreThanFiveBytesIsABadFrame() {
    EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(1 << 20));
    byte[] sixBytes = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00};
    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(sixBytes)))
        .cause()
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME));
    ch.finishAndReleaseAll();
  }

  @Test
  void afterAnErrorFurtherInputIsDiscarded() throws Exception {
    EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(10));
    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {50})));
    ch.writeInbound(Unpooled.wrappedBuffer(encode(ping(1, 1))));
    Object after = ch.readInbound();
    assertThat(after).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void bytesThatAreNotAMessageAreABadFrame() {
    EmbeddedChannel ch = new EmbeddedChannel(new VarintFrameDecoder(1024), ProtoFrameDecoder.CLIENT_FRAMES);
    byte[] junk = {4, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(junk)))
        .cause()
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME));
    ch.finishAndReleaseAll();
  }

  @Test
  void theEncoderWritesWhatTheDecoderReads() {
    EmbeddedChannel ch =
        new EmbeddedChannel(new VarintFrameDecoder(1 << 20), ProtoFrameDecoder.CLIENT_FRAMES, FrameEncoder.INSTANCE);
    ClientFrame big = ClientFrame.newBuilder().setRequestId(1)
        .setSend(dev.parley.protocol.v1.Send.newBuilder()
            .addDeviceMessages(dev.parley.protocol.v1.DeviceMessage.newBuilder()
                .setDeviceId(1)
                .setCiphertext(com.google.protobuf.ByteString.copyFrom(new byte[100_000]))))
        .build();
    ch.writeOutbound(big);
    ByteBuf wire = ch.readOutbound();
    ch.writeInbound(wire);
    assertThat((ClientFrame) ch.readInbound()).isEqualTo(big);
    ch.finishAndReleaseAll();
  }
}
