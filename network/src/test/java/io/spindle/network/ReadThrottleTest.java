package io.spindle.network;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client that does not read its answers stops being read from, and is served once it reads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadThrottleTest {
  private static final int REQUESTS = 400;
  private static final int REQUEST_BYTES = 32 << 10;
  private static final int ANSWER_BYTES = 64 << 10;

  @Test
  void aServerStopsReadingWhileItsAnswersPileUp() throws Exception {
    AtomicInteger served = new AtomicInteger();
    AtomicInteger answersRead = new AtomicInteger();
    try (Loopback net = new Loopback(ch -> ch.pipeline().addLast(new FrameDecoder(1 << 20))
        .addLast(FrameEncoder.INSTANCE).addLast(new ReadThrottle())
        .addLast(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            served.incrementAndGet();
            ctx.writeAndFlush(OutboundFrame.of(Unpooled.wrappedBuffer(new byte[ANSWER_BYTES])));
          }
        }))) {
      Channel client = net.connect(c -> {
        c.config().setAutoRead(false); // a client that does not read its answers
        c.pipeline().addLast(new FrameDecoder(1 << 20)).addLast(FrameEncoder.INSTANCE)
            .addLast(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                answersRead.incrementAndGet();
              }
            });
      });
      for (int i = 0; i < REQUESTS; i++) {
        client.write(OutboundFrame.of(Unpooled.wrappedBuffer(new byte[REQUEST_BYTES])));
      }
      client.flush();
      // 12.5 MiB of requests: unthrottled, the server would read them all within milliseconds.
      await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
          .until(() -> served.get() < REQUESTS / 2);
      int whileBlocked = served.get();
      client.config().setAutoRead(true);
      await().atMost(Duration.ofSeconds(30)).until(() -> answersRead.get() == REQUESTS);
      assertTrue(whileBlocked < REQUESTS / 2, "served " + whileBlocked + " of " + REQUESTS + " while not read");
      client.close();
    }
  }
}
