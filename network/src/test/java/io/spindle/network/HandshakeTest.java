package io.spindle.network;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handshake between a real server and client on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeTest {
  private static final ProtocolId PROTOCOL = new ProtocolId("spindle-test", 3);
  private final byte[] secret = SecretAuth.newSecret();
  private final List<String> refusals = new CopyOnWriteArrayList<>();
  private final List<Object> serverSaw = new CopyOnWriteArrayList<>();
  private Loopback net;

  @BeforeEach
  void start() throws Exception {
    HandshakePolicy policy = new HandshakePolicy() {
      @Override
      public byte[] secret(String appId) {
        return Map.of("app-1", secret).get(appId);
      }

      @Override
      public void refused(SocketAddress remote, ControlMessage.Hello hello, Refusal refusal, String message) {
        refusals.add(refusal + ": " + message);
      }
    };
    net = new Loopback(ch -> {
      NetworkPipeline.server(ch.pipeline(), 1 << 20, PROTOCOL, policy, 30_000);
      ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
          serverSaw.add(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          serverSaw.add(ByteBufUtil.hexDump(((InboundFrame) msg).message()));
          ReferenceCountUtil.release(msg);
        }
      });
    });
  }

  @AfterEach
  void stop() {
    net.close();
  }

  /** Connects with the given settings; returns the handshake's outcome (null = accepted). */
  private Throwable handshake(ProtocolId protocol, String appId, byte[] key) throws Exception {
    ClientHandshakeHandler[] handler = new ClientHandshakeHandler[1];
    Channel ch = net.connect(c -> handler[0] = NetworkPipeline.client(c.pipeline(), 1 << 20, protocol, appId,
        "exec-7", key));
    try {
      handler[0].authenticated().get(20, TimeUnit.SECONDS);
      ch.writeAndFlush(OutboundFrame.of(Unpooled.wrappedBuffer(new byte[] {0x01, 0x02}))).sync();
      return null;
    } catch (ExecutionException e) {
      await().atMost(10, TimeUnit.SECONDS).until(() -> !ch.isActive()); // the server closes after refusing
      return e.getCause();
    }
  }

  @Test
  void theRightSecretIsAcceptedAndTheServerLearnsWhoCalls() throws Exception {
    assertEquals(null, handshake(PROTOCOL, "app-1", secret));
    await().atMost(10, TimeUnit.SECONDS).until(() -> serverSaw.size() == 2);
    assertEquals(List.of(new AuthenticatedPeer("app-1", "exec-7"), "0102"), serverSaw);
    assertEquals(List.of(), refusals);
  }

  @Test
  void aWrongSecretIsRefused() throws Exception {
    HandshakeException e = assertInstanceOf(HandshakeException.class,
        handshake(PROTOCOL, "app-1", SecretAuth.newSecret()));
    assertEquals(Refusal.AUTHENTICATION_FAILED, e.refusal());
    assertTrue(e.getMessage().contains("wrong application secret"), e.getMessage());
    assertEquals(List.of(), serverSaw);
    assertEquals(1, refusals.size());
    assertFalse(refusals.get(0).contains(new String(secret, StandardCharsets.ISO_8859_1)));
  }

  @Test
  void anotherVersionIsRefusedNamingBoth() throws Exception {
    HandshakeException e = assertInstanceOf(HandshakeException.class,
        handshake(new ProtocolId("spindle-test", 4), "app-1", secret));
    assertEquals(Refusal.VERSION_MISMATCH, e.refusal());
    assertTrue(e.getMessage().contains("speaks spindle-test v3, the client spindle-test v4"), e.getMessage());
    assertEquals(List.of(), serverSaw);
  }

  @Test
  void anotherProtocolIsRefused() throws Exception {
    HandshakeException e = assertInstanceOf(HandshakeException.class,
        handshake(new ProtocolId("spindle-other", 3), "app-1", secret));
    assertEquals(Refusal.VERSION_MISMATCH, e.refusal());
  }

  @Test
  void anUnknownApplicationIsRefused() throws Exception {
    HandshakeException e = assertInstanceOf(HandshakeException.class, handshake(PROTOCOL, "app-2", secret));
    assertEquals(Refusal.UNKNOWN_APPLICATION, e.refusal());
  }

  @Test
  void aProtocolMessageBeforeTheHandshakeIsRefused() throws Exception {
    List<Object> clientSaw = new CopyOnWriteArrayList<>();
    Channel ch = net.connect(c -> c.pipeline().addLast(new FrameDecoder(1 << 20)).addLast(FrameEncoder.INSTANCE)
        .addLast(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            clientSaw.add(ControlMessage.decode(((InboundFrame) msg).message()));
            ReferenceCountUtil.release(msg);
          }
        }));
    ch.writeAndFlush(OutboundFrame.of(Unpooled.wrappedBuffer(new byte[] {0x05}))).sync();
    await().atMost(10, TimeUnit.SECONDS).until(() -> !ch.isActive());
    ControlMessage.Refused r = assertInstanceOf(ControlMessage.Refused.class, clientSaw.get(0));
    assertEquals(Refusal.NOT_AUTHENTICATED, r.refusal());
    assertEquals(List.of(), serverSaw);
  }

  @Test
  void helloOnTheWireIsAsDocumented() {
    ByteBuf frame = FrameEncoder.toBytes(ControlMessage.encode(
        new ControlMessage.Hello(new ProtocolId("spindle-rpc", 3), "app-1", "1"), Unpooled.buffer().alloc()));
    assertEquals("00000020" + "0000000000000000" + "f1" + "53504e57" + "000b" + "7370696e646c652d727063"
        + "00000003" + "0005" + "6170702d31" + "0001" + "31", ByteBufUtil.hexDump(frame));
  }
}
