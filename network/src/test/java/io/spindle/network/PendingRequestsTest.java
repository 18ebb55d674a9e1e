package io.spindle.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Answers find their requests, whatever order they come back in. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PendingRequestsTest {

  /** Request: type 1, u64 id, u64 x. Answer: type 2, u64 id, u64 x * x. Answered in shuffled batches. */
  private static final class SquaringServer extends ChannelInboundHandlerAdapter {
    private final List<long[]> batch = new ArrayList<>();
    private final Random random = new Random(7);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf m = ((InboundFrame) msg).message();
      m.readByte();
      batch.add(new long[] {m.readLong(), m.readLong()});
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      java.util.Collections.shuffle(batch, random);
      for (long[] r : batch) {
        ByteBuf b = ctx.alloc().buffer(17).writeByte(2).writeLong(r[0]).writeLong(r[1] * r[1]);
        ctx.write(OutboundFrame.of(b));
      }
      batch.clear();
      ctx.flush();
    }
  }

  @Test
  void concurrentRequestsGetTheirOwnAnswers() throws Exception {
    PendingRequests<Long> pending = new PendingRequests<>(10_000);
    try (Loopback net = new Loopback(ch -> ch.pipeline().addLast(new FrameDecoder(1024))
        .addLast(FrameEncoder.INSTANCE).addLast(new SquaringServer()))) {
      Channel ch = net.connect(c -> c.pipeline().addLast(new FrameDecoder(1024)).addLast(FrameEncoder.INSTANCE)
          .addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              ByteBuf m = ((InboundFrame) msg).message();
              m.readByte();
              long id = m.readLong();
              assertTrue(pending.complete(id, m.readLong()));
              ReferenceCountUtil.release(msg);
            }
          }));
      int threads = 8;
      int perThread = 500;
      Map<Long, CompletableFuture<Long>> answers = new java.util.concurrent.ConcurrentHashMap<>();
      Map<Long, Long> expected = new HashMap<>();
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        Thread sender = new Thread(() -> {
          for (int i = 0; i < perThread; i++) {
            long id = pending.nextId();
            long x = base + i;
            answers.put(x, pending.register(id));
            ch.writeAndFlush(OutboundFrame.of(ch.alloc().buffer(17).writeByte(1).writeLong(id).writeLong(x)));
          }
        });
        sender.start();
        senders.add(sender);
      }
      for (int x = 0; x < threads * perThread; x++) {
        expected.put((long) x, (long) x * x);
      }
      for (Thread t : senders) {
        t.join();
      }
      Map<Long, Long> got = new HashMap<>();
      for (Map.Entry<Long, CompletableFuture<Long>> e : answers.entrySet()) {
        got.put(e.getKey(), e.getValue().get(30, TimeUnit.SECONDS));
      }
      assertEquals(expected, got);
      assertTrue(pending.isEmpty(), "answered requests leave the table");
      ch.close();
    }
  }

  @Test
  void beyondTheBoundRequestsFailFastAndSlotsFreeAgain() {
    PendingRequests<String> pending = new PendingRequests<>(2);
    CompletableFuture<String> a = pending.register(1);
    CompletableFuture<String> b = pending.register(2);
    CompletableFuture<String> c = pending.register(3);
    ExecutionException e = assertThrows(ExecutionException.class, c::get);
    assertInstanceOf(RejectedExecutionException.class, e.getCause());
    assertTrue(pending.complete(1, "one"));
    assertEquals("one", a.join());
    assertFalse(pending.complete(1, "again"), "a duplicate answer finds no request");
    b.cancel(true); // a caller giving up frees its slot too
    assertEquals(0, pending.outstanding());
    CompletableFuture<String> d = pending.register(4);
    assertEquals(1, pending.failAll(new IOException("closed")));
    assertTrue(d.isCompletedExceptionally());
    assertThrows(IllegalArgumentException.class, () -> {
      pending.register(5);
      pending.register(5);
    });
  }
}
