package io.spindle.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Frames through real sockets: what goes in comes out, message and body, whatever their size. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FramingTest {

  /** What the server received: each frame's message bytes and its body, reassembled from the chunks. */
  record Received(byte[] message, byte[] body, int chunks) {}

  static final class Collector extends ChannelInboundHandlerAdapter {
    final List<Received> frames = new CopyOnWriteArrayList<>();
    private byte[] message;
    private ByteArrayOutputStream body;
    private int chunks;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof InboundFrame f) {
          message = ByteBufUtil.getBytes(f.message());
          body = new ByteArrayOutputStream();
          chunks = 0;
          if (f.bodyLength() == 0) {
            frames.add(new Received(message, new byte[0], 0));
          }
        } else if (msg instanceof BodyChunk c) {
          body.write(ByteBufUtil.getBytes(c.bytes()), 0, c.bytes().readableBytes());
          chunks++;
          if (c.last()) {
            frames.add(new Received(message, body.toByteArray(), chunks));
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void largeAndEmptyFramesArriveWholeAndInOrder() throws Exception {
    Collector collector = new Collector();
    try (Loopback net = new Loopback(ch -> ch.pipeline()
        .addLast(new FrameDecoder(32 << 20)).addLast(FrameEncoder.INSTANCE).addLast(collector))) {
      Channel client = net.connect(ch -> ch.pipeline().addLast(FrameEncoder.INSTANCE));
      byte[] big = random(20 << 20, 1); // 20 MiB message: many TCP reads
      big[0] = 0x07;
      byte[] bigBody = random(50 << 20, 2); // 50 MiB body, streamed
      client.write(OutboundFrame.of(Unpooled.wrappedBuffer(new byte[] {0x01}))); // type byte only
      client.write(OutboundFrame.of(Unpooled.wrappedBuffer(big)));
      client.write(new OutboundFrame(Unpooled.wrappedBuffer(new byte[] {0x02, 9}), bigBody.length));
      client.write(Unpooled.wrappedBuffer(bigBody, 0, 1000)); // a body may be written in pieces
      client.write(Unpooled.wrappedBuffer(bigBody, 1000, bigBody.length - 1000));
      client.writeAndFlush(new OutboundFrame(Unpooled.wrappedBuffer(new byte[] {0x03}), 0)).sync();

      await().atMost(30, TimeUnit.SECONDS).until(() -> collector.frames.size() == 4);
      List<Received> got = collector.frames;
      assertArrayEquals(new byte[] {0x01}, got.get(0).message());
      assertArrayEquals(big, got.get(1).message());
      assertArrayEquals(new byte[] {0x02, 9}, got.get(2).message());
      assertArrayEquals(bigBody, got.get(2).body());
      assertTrue(got.get(2).chunks() > 1, "a large body is streamed, not accumulated");
      assertArrayEquals(new byte[] {0x03}, got.get(3).message());
      assertEquals(0, got.get(3).body().length);
      client.close();
    }
  }

  @Test
  void aFrameAboveTheLimitClosesTheConnectionAndNothingAfterItIsRead() throws Exception {
    Collector collector = new Collector();
    try (Loopback net = new Loopback(ch -> ch.pipeline()
        .addLast(new FrameDecoder(1024)).addLast(FrameEncoder.INSTANCE).addLast(collector)
        .addLast(new ChannelInboundHandlerAdapter() {
          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
          }
        }));
        Socket raw = new Socket("127.0.0.1", net.port())) {
      ByteBuf bytes = Unpooled.buffer();
      bytes.writeBytes(FrameEncoder.toBytes(OutboundFrame.of(Unpooled.wrappedBuffer(new byte[] {0x05, 1}))));
      bytes.writeBytes(FrameEncoder.toBytes(OutboundFrame.of(Unpooled.wrappedBuffer(new byte[2000]))));
      bytes.writeBytes(FrameEncoder.toBytes(OutboundFrame.of(Unpooled.wrappedBuffer(new byte[] {0x06}))));
      raw.getOutputStream().write(ByteBufUtil.getBytes(bytes));
      raw.setSoTimeout(10_000);
      InputStream in = raw.getInputStream();
      assertEquals(-1, in.read(), "the server closed the connection");
      assertEquals(1, collector.frames.size());
      assertArrayEquals(new byte[] {0x05, 1}, collector.frames.get(0).message());
    }
  }

  @Test
  void theLayoutIsAsDocumented() {
    ByteBuf frame = FrameEncoder.toBytes(OutboundFrame.of(Unpooled.wrappedBuffer(new byte[] {0x05, 0, 0, 0, 0x2a})));
    assertEquals("00000005" + "0000000000000000" + "05" + "0000002a", ByteBufUtil.hexDump(frame));
  }
}
