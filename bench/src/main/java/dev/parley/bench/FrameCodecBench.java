package dev.parley.bench;

import com.google.protobuf.ByteString;
import dev.parley.protocol.frame.FrameEncoder;
import dev.parley.protocol.frame.ProtoFrameDecoder;
import dev.parley.protocol.frame.VarintFrameDecoder;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.DeviceMessage;
import dev.parley.protocol.v1.Send;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One {@code Send} frame with two 200-byte device messages (about 450 bytes on the wire): encoded
 * into a pooled buffer, and decoded by the server's framing and protobuf handlers, either through
 * an {@link EmbeddedChannel} or by calling the parser on the payload directly.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameCodecBench {
  private static final int MAX_FRAME_BYTES = 256 * 1024;

  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private ClientFrame frame;
  private int frameBytes;
  private int payloadOffset;
  private ByteBuf encoded;
  private EmbeddedChannel channel;

  @Setup
  public void setUp() throws IOException {
    Random random = new Random(42);
    frame =
        ClientFrame.newBuilder()
            .setRequestId(12_345)
            .setSend(
                Send.newBuilder()
                    .setRecipientUserId(1_001)
                    .setClientMsgId(ByteString.copyFrom(bytes(random, 16)))
                    .addDeviceMessages(deviceMessage(random, 7))
                    .addDeviceMessages(deviceMessage(random, 8)))
            .build();
    encoded = alloc.directBuffer();
    FrameEncoder.encodeTo(frame, encoded);
    frameBytes = encoded.readableBytes();
    payloadOffset = frameBytes - frame.getSerializedSize();
    channel =
        new EmbeddedChannel(
            new VarintFrameDecoder(MAX_FRAME_BYTES), ProtoFrameDecoder.CLIENT_FRAMES);
  }

  @TearDown
  public void tearDown() {
    channel.finishAndReleaseAll();
    encoded.release();
  }

  /** As the SDK writes a frame: size, allocate from the pool, serialise, and (here) release. */
  @Benchmark
  public void encode(Blackhole bh) throws IOException {
    ByteBuf out = alloc.ioBuffer(frameBytes);
    try {
      FrameEncoder.encodeTo(frame, out);
      bh.consume(out.writerIndex());
    } finally {
      out.release();
    }
  }

  /** The server's inbound path: varint framing, then protobuf parsing, on an EmbeddedChannel. */
  @Benchmark
  public void decodePipeline(Blackhole bh) {
    channel.writeInbound(encoded.retainedDuplicate());
    bh.consume(channel.<ClientFrame>readInbound());
  }

  /** The protobuf parse alone, of the payload after the length prefix. */
  @Benchmark
  public void parse(Blackhole bh) throws IOException {
    bh.consume(
        ClientFrame.parser()
            .parseFrom(encoded.nioBuffer(payloadOffset, frameBytes - payloadOffset)));
  }

  private static DeviceMessage deviceMessage(Random random, long deviceId) {
    return DeviceMessage.newBuilder()
        .setDeviceId(deviceId)
        .setCiphertext(ByteString.copyFrom(bytes(random, 200)))
        .build();
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
