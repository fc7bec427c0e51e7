package dev.parley.protocol.frame;

import dev.parley.protocol.error.ProtocolException;
import dev.parley.protocol.v1.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a byte stream into frames, each a base-128 varint length (at most 5 bytes) followed by that
 * many payload bytes. The length is checked against {@code maxFrameBytes} as soon as the prefix is
 * read, before any payload is buffered, so a peer cannot make us allocate for an oversized frame.
 *
 * <p>Emits retained slices of the cumulation (the next handler owns and releases them). After a
 * protocol error it discards all further input: the connection is being closed.
 */
public final class VarintFrameDecoder extends ByteToMessageDecoder {
  private static final int MAX_PREFIX_BYTES = 5;

  private final int maxFrameBytes;
  private boolean failed;

  public VarintFrameDecoder(int maxFrameBytes) {
    if (maxFrameBytes < 1) throw new IllegalArgumentException("maxFrameBytes < 1: " + maxFrameBytes);
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (in.isReadable()) {
      int start = in.readerIndex();
      long length = readLength(in);
      if (length < 0) {
        in.readerIndex(start);
        return; // prefix incomplete
      }
      if (length > maxFrameBytes) throw fail(in, tooLarge(length));
      if (in.readableBytes() < length) {
        in.readerIndex(start);
        return;
      }
      out.add(in.readRetainedSlice((int) length));
    }
  }

  /** The length, or -1 when the prefix is not complete yet. */
  private long readLength(ByteBuf in) {
    long value = 0;
    for (int i = 0; i < MAX_PREFIX_BYTES; i++) {
      if (!in.isReadable()) return -1;
      byte b = in.readByte();
      value |= (long) (b & 0x7f) << (7 * i);
      if (b >= 0) return value;
    }
    throw fail(in, malformedPrefix());
  }

  private ProtocolException fail(ByteBuf in, ProtocolException e) {
    failed = true;
    in.skipBytes(in.readableBytes());
    return e;
  }

  private ProtocolException tooLarge(long length) {
    return new ProtocolException(
        ErrorCode.FRAME_TOO_LARGE, "frame of " + length + " bytes exceeds the limit of " + maxFrameBytes);
  }

  private static ProtocolException malformedPrefix() {
    return new ProtocolException(ErrorCode.BAD_FRAME, "frame length prefix longer than 5 bytes");
  }
}
