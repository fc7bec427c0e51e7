package dev.parley.server.cli.bench;

import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.GroupAck;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The group side of a raw bench member's connection, between "frames" and "proto" in its pipeline
 * (see {@link RawSession}). It takes every {@code GroupDeliver} frame off the pipeline before any
 * protobuf parsing and reads only the fields the bench needs from the wire bytes: the group id, the
 * seq, the sender's user id and the post id (the first 8 bytes of {@code client_msg_id}, see
 * {@link SignedPosts}). At the end of each read burst it writes one cumulative {@code GroupAck} per
 * group, as the SDK does, before the session flushes. Every other frame passes on untouched.
 *
 * <p>One instance per connection, confined to its event loop. It releases the frames it takes.
 */
final class RawGroupReceiver extends ChannelInboundHandlerAdapter {
  /** Told of each post delivered on this connection, the device's own included; on the event loop. */
  @FunctionalInterface
  interface Posts {
    void onPost(long senderUserId, long postId);
  }

  // Field numbers of client.proto (ServerFrame.group_deliver, GroupDeliver, GroupEnvelope).
  private static final int SERVER_FRAME_GROUP_DELIVER = 28;
  private static final int DELIVER_GROUP_ID = 1;
  private static final int DELIVER_SEQ = 2;
  private static final int DELIVER_ENVELOPE = 3;
  private static final int ENVELOPE_SENDER_USER_ID = 2;
  private static final int ENVELOPE_CLIENT_MSG_ID = 6;
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private final Posts posts;
  /** Where the wire reader is in the current frame, and the frame's end. */
  private int pos;
  private int limit;
  // Acks of one group at a time: the bench has one group, and a switch writes what the last one owed.
  private long ackGroup;
  private long ackDue;
  private long ackSent;

  RawGroupReceiver(Posts posts) {
    this.posts = posts;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    boolean taken = false;
    try {
      int deliver = findGroupDeliver(frame);
      if (deliver >= 0) {
        taken = true;
        onGroupDeliver(ctx, frame, deliver, pos);
      }
    } catch (RuntimeException e) {
      taken = true;
      throw e;
    } finally {
      if (taken) ReferenceCountUtil.release(frame);
    }
    if (!taken) ctx.fireChannelRead(frame);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    writeAck(ctx);
    ctx.fireChannelReadComplete();
  }

  /** The start of the GroupDeliver message in {@code frame} (its end in {@link #pos}), or -1. */
  private int findGroupDeliver(ByteBuf frame) {
    pos = frame.readerIndex();
    limit = frame.writerIndex();
    int end = limit;
    while (pos < end) {
      long tag = varint(frame);
      if (tag == (SERVER_FRAME_GROUP_DELIVER << 3 | LENGTH_DELIMITED)) {
        int length = length(frame, end);
        int start = pos;
        pos = start + length;
        return start;
      }
      skip(frame, (int) tag & 7, end);
    }
    return -1;
  }

  private void onGroupDeliver(ChannelHandlerContext ctx, ByteBuf b, int start, int end) {
    long group = 0;
    long seq = 0;
    long sender = 0;
    long postId = 0;
    pos = start;
    while (pos < end) {
      long tag = varint(b);
      int field = (int) (tag >>> 3);
      if (field == DELIVER_GROUP_ID && (tag & 7) == VARINT) {
        group = varint(b);
      } else if (field == DELIVER_SEQ && (tag & 7) == VARINT) {
        seq = varint(b);
      } else if (field == DELIVER_ENVELOPE && (tag & 7) == LENGTH_DELIMITED) {
        int envelopeLength = length(b, end); // moves pos past the length prefix
        int envelopeEnd = pos + envelopeLength;
        while (pos < envelopeEnd) {
          long t = varint(b);
          int f = (int) (t >>> 3);
          if (f == ENVELOPE_SENDER_USER_ID && (t & 7) == VARINT) {
            sender = varint(b);
          } else if (f == ENVELOPE_CLIENT_MSG_ID && (t & 7) == LENGTH_DELIMITED) {
            int n = length(b, envelopeEnd);
            if (n >= 8) postId = b.getLong(pos);
            pos += n;
          } else {
            skip(b, (int) t & 7, envelopeEnd);
          }
        }
      } else {
        skip(b, (int) tag & 7, end);
      }
    }
    if (group != ackGroup) {
      writeAck(ctx);
      ackGroup = group;
      ackDue = 0;
      ackSent = 0;
    }
    ackDue = Math.max(ackDue, seq);
    posts.onPost(sender, postId);
  }

  private void writeAck(ChannelHandlerContext ctx) {
    if (ackDue > ackSent) {
      ackSent = ackDue;
      // From the tail of the pipeline, so that the encoder (after this handler) frames it.
      ctx.channel().write(ClientFrame.newBuilder()
          .setGroupAck(GroupAck.newBuilder().setGroupId(ackGroup).setUpToSeq(ackDue)).build());
    }
  }

  private long varint(ByteBuf b) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) throw malformed("varint past the end of the frame");
      byte x = b.getByte(pos++);
      value |= (long) (x & 0x7f) << shift;
      if (x >= 0) return value;
    }
    throw malformed("varint longer than 10 bytes");
  }

  private int length(ByteBuf b, int end) {
    long n = varint(b);
    if (n < 0 || n > end - pos) throw malformed("length " + n + " past the end of its message");
    return (int) n;
  }

  private void skip(ByteBuf b, int wireType, int end) {
    switch (wireType) {
      case VARINT -> varint(b);
      case FIXED64 -> pos += 8;
      case LENGTH_DELIMITED -> {
        int n = length(b, end); // not `pos += length(..)`: that adds to pos as it was before the prefix
        pos += n;
      }
      case FIXED32 -> pos += 4;
      default -> throw malformed("wire type " + wireType);
    }
    if (pos > end) throw malformed("field past the end of its message");
  }

  private static IllegalStateException malformed(String what) {
    return new IllegalStateException("malformed frame from the server: " + what);
  }
}
