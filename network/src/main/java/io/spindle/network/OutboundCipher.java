package io.spindle.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import java.nio.ByteBuffer;

/**
 * The last outbound handler of an encrypted connection (installed by the handshake, right after
 * the head of the pipeline): seals every buffer written into {@link RecordCipher} records at once,
 * and wraps every file region into a {@link SealedFileRegion} that seals its bytes as the socket
 * takes them, so a large shuffle segment is never held in memory whole. Record numbers are taken
 * in write order, which is the order bytes reach the wire.
 */
final class OutboundCipher extends ChannelOutboundHandlerAdapter {
  private final RecordCipher sealer;

  OutboundCipher(byte[] key) {
    this.sealer = RecordCipher.sealer(key);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf plain) {
      if (!plain.isReadable()) {
        ctx.write(plain, promise);
        return;
      }
      ByteBuf sealed;
      try {
        sealed = seal(ctx, plain);
      } finally {
        plain.release();
      }
      ctx.write(sealed, promise);
    } else if (msg instanceof FileRegion region) {
      long first = sealer.reserve(RecordCipher.records(region.count() - region.transferred()));
      ctx.write(new SealedFileRegion(region, sealer, first), promise);
    } else {
      ctx.write(msg, promise);
    }
  }

  private ByteBuf seal(ChannelHandlerContext ctx, ByteBuf plain) {
    int n = plain.readableBytes();
    long number = sealer.reserve(RecordCipher.records(n));
    ByteBuf out = ctx.alloc().directBuffer((int) RecordCipher.sealedSize(n));
    try {
      for (int done = 0; done < n; done += RecordCipher.MAX_PLAIN_BYTES) {
        int len = Math.min(RecordCipher.MAX_PLAIN_BYTES, n - done);
        ByteBuffer dst = out.nioBuffer(out.writerIndex(), len + RecordCipher.OVERHEAD);
        sealer.seal(number++, plain.nioBuffer(plain.readerIndex() + done, len), dst);
        out.writerIndex(out.writerIndex() + len + RecordCipher.OVERHEAD);
      }
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }
}
