package dev.parley.server.delivery;

import dev.parley.protocol.frame.FrameEncoder;
import dev.parley.protocol.v1.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A frame serialized once for many connections: a group post goes to every live member device, and
 * protobuf serialization per member would cost more than the post's whole disk write. Each recipient
 * gets {@link #share()}, a retained duplicate with its own indices (each channel's TLS handler
 * consumes its copy independently); the owner calls {@link #release()} once when it has handed out
 * all shares.
 */
public final class EncodedFrame {
  private final ByteBuf bytes;

  private EncodedFrame(ByteBuf bytes) {
    this.bytes = bytes;
  }

  public static EncodedFrame of(ServerFrame frame, ByteBufAllocator alloc) {
    int size = frame.getSerializedSize();
    ByteBuf buf = alloc.ioBuffer(size + 5);
    try {
      FrameEncoder.encodeTo(frame, buf);
    } catch (IOException e) {
      buf.release();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
    return new EncodedFrame(buf);
  }

  /** A share for one connection; whoever receives it writes it (the channel releases it) or releases it. */
  public ByteBuf share() {
    return bytes.retainedDuplicate();
  }

  public int size() {
    return bytes.readableBytes();
  }

  public void release() {
    bytes.release();
  }
}
