package dev.parley.protocol.frame;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;

/** Writes a protobuf message as one frame: varint length, then the message. Stateless. */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<MessageLite> {
  public static final FrameEncoder INSTANCE = new FrameEncoder();

  private FrameEncoder() {
    super(MessageLite.class);
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, MessageLite msg, boolean preferDirect) {
    int size = msg.getSerializedSize();
    return ctx.alloc().ioBuffer(CodedOutputStream.computeUInt32SizeNoTag(size) + size);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, MessageLite msg, ByteBuf out) throws IOException {
    encodeTo(msg, out);
  }

  /** Appends {@code msg} as one frame to {@code out}; for callers that encode once, write many. */
  public static void encodeTo(MessageLite msg, ByteBuf out) throws IOException {
    int size = msg.getSerializedSize();
    try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
      CodedOutputStream coded =
          CodedOutputStream.newInstance(stream, CodedOutputStream.computeUInt32SizeNoTag(size) + size);
      coded.writeUInt32NoTag(size);
      msg.writeTo(coded);
      coded.flush();
    }
  }
}
