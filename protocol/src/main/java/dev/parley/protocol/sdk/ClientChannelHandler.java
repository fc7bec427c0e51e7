package dev.parley.protocol.sdk;

import dev.parley.protocol.v1.ServerFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Netty glue of one client connection: forwards events to the {@link ClientConnection} that owns the
 * connection's state. Runs on the client's event loop, like the connection itself.
 */
final class ClientChannelHandler extends SimpleChannelInboundHandler<ServerFrame> {
  private final ClientConnection connection;

  ClientChannelHandler(ClientConnection connection) {
    this.connection = connection;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ServerFrame frame) {
    connection.onFrame(frame);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    connection.onReadComplete();
    ctx.flush();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent done) {
      connection.onTlsHandshake(done);
    } else if (evt instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.WRITER_IDLE) connection.onWriterIdle();
      else if (idle.state() == IdleState.READER_IDLE) connection.onReaderIdle();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    connection.onFailure(cause);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    connection.onClosed();
  }
}
