package io.spindle.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import javax.crypto.AEADBadTagException;

/**
 * The first inbound handler of every connection: during the handshake it passes the bytes on one
 * frame at a time, so that no byte after the frame that ends the handshake (AUTH on the server,
 * AUTH_OK on the client) is read as plaintext by the frame decoder; the handshake then either
 * {@linkplain #passPlain() lets everything through} (the handler leaves the pipeline at the next
 * read) or {@linkplain #decryptWith starts decrypting} the {@link RecordCipher} records that follow.
 *
 * <p>A stream that does not start like handshake frames (a message longer than any handshake
 * frame, a body, nonsense lengths) is passed on whole, so that the frame decoder and the handshake
 * refuse it as they always did; such a connection can no longer become encrypted.
 */
public final class InboundCipher extends ByteToMessageDecoder {
  /** No handshake frame is longer than this. */
  static final int MAX_HANDSHAKE_MESSAGE = 16 * 1024;

  private enum Mode { HANDSHAKE, NOT_HANDSHAKE, PLAIN, DECRYPT }

  private Mode mode = Mode.HANDSHAKE;
  private int frameRemaining; // HANDSHAKE: bytes of the current frame not passed on yet
  private RecordCipher opener;
  private boolean failed;

  /** The handshake ended without encryption: pass everything on and leave the pipeline. */
  void passPlain() {
    if (mode == Mode.HANDSHAKE || mode == Mode.NOT_HANDSHAKE) {
      mode = Mode.PLAIN;
    }
  }

  /** The handshake ended with encryption: every byte from the next one on is a record sealed with {@code key}. */
  void decryptWith(byte[] key) {
    if (mode != Mode.HANDSHAKE || frameRemaining != 0) {
      throw new IllegalStateException("this connection cannot switch to encryption here (" + mode + ")");
    }
    opener = RecordCipher.opener(key);
    mode = Mode.DECRYPT;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    switch (mode) {
      case HANDSHAKE -> passOneFrame(in, out);
      case NOT_HANDSHAKE -> out.add(in.readRetainedSlice(in.readableBytes()));
      case PLAIN -> {
        if (in.isReadable()) {
          out.add(in.readRetainedSlice(in.readableBytes()));
        }
        ctx.pipeline().remove(this);
      }
      case DECRYPT -> openRecords(ctx, in, out);
    }
  }

  /** Passes on bytes of the current frame only; one decode call per frame, so the handshake can switch between. */
  private void passOneFrame(ByteBuf in, List<Object> out) {
    if (frameRemaining == 0) {
      if (in.readableBytes() < FrameLayout.PREFIX_BYTES) {
        return;
      }
      int length = in.getInt(in.readerIndex());
      long body = in.getLong(in.readerIndex() + 4);
      if (length < 1 || length > MAX_HANDSHAKE_MESSAGE || body != 0) {
        mode = Mode.NOT_HANDSHAKE; // the frame decoder and the handshake judge it
        out.add(in.readRetainedSlice(in.readableBytes()));
        return;
      }
      frameRemaining = FrameLayout.PREFIX_BYTES + length;
    }
    int n = Math.min(frameRemaining, in.readableBytes());
    if (n > 0) {
      frameRemaining -= n;
      out.add(in.readRetainedSlice(n));
    }
  }

  private void openRecords(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= 4) {
      int sealed = in.getInt(in.readerIndex());
      if (sealed <= RecordCipher.TAG_BYTES || sealed > RecordCipher.MAX_PLAIN_BYTES + RecordCipher.TAG_BYTES) {
        failed = true;
        in.skipBytes(in.readableBytes());
        throw new CorruptedFrameException("Encrypted record of " + sealed + " bytes: the stream was altered or "
            + "the peer does not encrypt");
      }
      if (in.readableBytes() < 4 + sealed) {
        return;
      }
      int plainBytes = sealed - RecordCipher.TAG_BYTES;
      ByteBuf plain = ctx.alloc().heapBuffer(plainBytes);
      try {
        opener.open(in.nioBuffer(in.readerIndex() + 4, sealed), plain.nioBuffer(0, plainBytes));
      } catch (AEADBadTagException e) {
        plain.release();
        failed = true;
        in.skipBytes(in.readableBytes());
        throw new DecoderException("Decryption failed: the data was altered on the way, or the peers do not share "
            + "the application's keys", e);
      }
      plain.writerIndex(plainBytes);
      in.skipBytes(4 + sealed);
      out.add(plain);
    }
  }
}
