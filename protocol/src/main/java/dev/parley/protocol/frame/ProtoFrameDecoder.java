package dev.parley.protocol.frame;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import dev.parley.protocol.admin.v1.AdminRequest;
import dev.parley.protocol.admin.v1.AdminResponse;
import dev.parley.protocol.error.ProtocolException;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Parses one frame payload into a protobuf message. Stateless; releases the payload it consumed.
 * Bytes that are not a valid message become a BAD_FRAME {@link ProtocolException}.
 */
@Sharable
public final class ProtoFrameDecoder<T> extends MessageToMessageDecoder<ByteBuf> {
  /** Decodes what a client sends; used by the server. */
  public static final ProtoFrameDecoder<ClientFrame> CLIENT_FRAMES =
      new ProtoFrameDecoder<>(ClientFrame.parser());

  /** Decodes what a server sends; used by the SDK. */
  public static final ProtoFrameDecoder<ServerFrame> SERVER_FRAMES =
      new ProtoFrameDecoder<>(ServerFrame.parser());

  /** Decodes what the admin CLI sends; used by the server's admin endpoint. */
  public static final ProtoFrameDecoder<AdminRequest> ADMIN_REQUESTS = new ProtoFrameDecoder<>(AdminRequest.parser());

  /** Decodes what the admin endpoint answers; used by the admin CLI. */
  public static final ProtoFrameDecoder<AdminResponse> ADMIN_RESPONSES = new ProtoFrameDecoder<>(AdminResponse.parser());

  private final Parser<T> parser;

  private ProtoFrameDecoder(Parser<T> parser) {
    super(ByteBuf.class);
    this.parser = parser;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    try {
      out.add(parser.parseFrom(frame.nioBuffer()));
    } catch (InvalidProtocolBufferException e) {
      throw notProtobuf(e);
    }
  }

  private static ProtocolException notProtobuf(InvalidProtocolBufferException e) {
    return new ProtocolException(ErrorCode.BAD_FRAME, "frame is not a valid message: " + e.getMessage());
  }
}
