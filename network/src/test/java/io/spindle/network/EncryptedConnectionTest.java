package io.spindle.network;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted connections between a real server and client on loopback, through a proxy that sees
 * (and, in one test, alters) the bytes on the wire. The server echoes each frame's message and body
 * and adds a file's bytes as a zero-copy file region, as the shuffle service sends segments.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EncryptedConnectionTest {
  private static final ProtocolId PROTOCOL = new ProtocolId("spindle-test", 3);
  private static final byte[] MARKER = "très-secret payload Ω-7731".getBytes(StandardCharsets.UTF_8);
  private final byte[] secret = SecretAuth.newSecret();
  private final List<AuthenticatedPeer> peers = new CopyOnWriteArrayList<>();
  private final List<Throwable> serverErrors = new CopyOnWriteArrayList<>();
  private final List<String> refusals = new CopyOnWriteArrayList<>();
  private final Random random = new Random(42);
  @TempDir
  Path dir;
  private Path file;
  private byte[] fileBytes;
  private Loopback net;
  private TappingProxy proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (net != null) {
      net.close();
    }
  }

  private byte[] withMarker(int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    if (size >= MARKER.length) {
      System.arraycopy(MARKER, 0, b, size / 2 - MARKER.length / 2, MARKER.length);
    }
    return b;
  }

  private void startServer(boolean requireEncryption) throws Exception {
    fileBytes = withMarker(200_003);
    file = Files.write(dir.resolve("segment"), fileBytes);
    HandshakePolicy policy = new HandshakePolicy() {
      @Override
      public byte[] secret(String appId) {
        return "app-1".equals(appId) ? secret : null;
      }

      @Override
      public boolean requiresEncryption(String appId) {
        return requireEncryption;
      }

      @Override
      public void refused(java.net.SocketAddress remote, ControlMessage.Hello hello, Refusal refusal, String m) {
        refusals.add(refusal + ": " + m);
      }
    };
    net = new Loopback(ch -> {
      NetworkPipeline.server(ch.pipeline(), 1 << 20, PROTOCOL, policy, 30_000);
      ch.pipeline().addLast(new EchoWithFile());
    });
  }

  /** Echoes each frame: its message, then a body of the frame's own body followed by the file. */
  private final class EchoWithFile extends ChannelInboundHandlerAdapter {
    private byte[] message;
    private ByteArrayOutputStream body;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof AuthenticatedPeer p) {
        peers.add(p);
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof InboundFrame f) {
          message = ByteBufUtil.getBytes(f.message());
          body = new ByteArrayOutputStream();
          if (f.bodyLength() == 0) {
            reply(ctx);
          }
        } else if (msg instanceof BodyChunk c) {
          body.writeBytes(ByteBufUtil.getBytes(c.bytes()));
          if (c.last()) {
            reply(ctx);
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void reply(ChannelHandlerContext ctx) {
      byte[] b = body.toByteArray();
      ctx.write(new OutboundFrame(Unpooled.wrappedBuffer(message), b.length + fileBytes.length));
      if (b.length > 0) {
        ctx.write(Unpooled.wrappedBuffer(b));
      }
      ctx.writeAndFlush(new DefaultFileRegion(file.toFile(), 0, fileBytes.length));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      serverErrors.add(cause);
      ctx.close();
    }
  }

  private record Connection(Channel channel, ClientHandshakeHandler handshake, FramingTest.Collector replies) {}

  private Connection connectThroughProxy(boolean askForEncryption, long flipClientByteAt) throws Exception {
    proxy = new TappingProxy(net.port(), flipClientByteAt);
    ClientHandshakeHandler[] handshake = new ClientHandshakeHandler[1];
    FramingTest.Collector replies = new FramingTest.Collector();
    Channel ch = net.connect(proxy.port(), c -> {
      handshake[0] = NetworkPipeline.client(c.pipeline(), 1 << 20, PROTOCOL, "app-1", "exec-1", secret,
          askForEncryption);
      c.pipeline().addLast(replies);
    });
    return new Connection(ch, handshake[0], replies);
  }

  /** Sends frames with bodies of sizes around a record's, waits for every echo and checks it byte for byte. */
  private void exchange(Connection c) throws Exception {
    c.handshake().authenticated().get(20, TimeUnit.SECONDS);
    int[] sizes = {0, 1, RecordCipher.MAX_PLAIN_BYTES, RecordCipher.MAX_PLAIN_BYTES + 1, 1_000_003};
    List<byte[]> messages = new ArrayList<>();
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      byte[] message = ("\u0005frame " + i + " ").getBytes(StandardCharsets.UTF_8);
      byte[] withMarker = new byte[message.length + MARKER.length];
      System.arraycopy(message, 0, withMarker, 0, message.length);
      System.arraycopy(MARKER, 0, withMarker, message.length, MARKER.length);
      byte[] body = withMarker(sizes[i]);
      messages.add(withMarker);
      bodies.add(body);
      c.channel().write(new OutboundFrame(Unpooled.wrappedBuffer(withMarker), body.length));
      if (body.length > 0) {
        c.channel().write(Unpooled.wrappedBuffer(body));
      }
    }
    c.channel().flush();
    await().atMost(30, TimeUnit.SECONDS).until(() -> c.replies().frames.size() == sizes.length);
    for (int i = 0; i < sizes.length; i++) {
      FramingTest.Received r = c.replies().frames.get(i);
      assertArrayEquals(messages.get(i), r.message(), "message " + i);
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.writeBytes(bodies.get(i));
      expected.writeBytes(fileBytes);
      assertArrayEquals(expected.toByteArray(), r.body(), "body " + i);
    }
  }

  /** Whether {@code needle}'s bytes occur in {@code haystack} (ISO-8859-1 maps each byte to one char). */
  private static boolean contains(byte[] haystack, byte[] needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1));
  }

  @Test
  void plainConnectionsShowTheirPayloadOnTheWire() throws Exception {
    startServer(false);
    exchange(connectThroughProxy(false, -1));
    assertTrue(contains(proxy.clientBytes(), MARKER), "the tap sees the client's plaintext");
    assertTrue(contains(proxy.serverBytes(), MARKER), "the tap sees the server's plaintext");
    assertEquals(List.of(new AuthenticatedPeer("app-1", "exec-1", false)), peers);
  }

  @Test
  void aClientThatAsksGetsAnEncryptedConnectionCarryingFramesBodiesAndFileRegionsIntact() throws Exception {
    startServer(false);
    exchange(connectThroughProxy(true, -1));
    assertTrue(proxy.clientBytes().length > 1_000_000, "the bodies went through the tap");
    assertTrue(!contains(proxy.clientBytes(), MARKER), "no plaintext from the client on the wire");
    assertTrue(!contains(proxy.serverBytes(), MARKER), "no plaintext from the server on the wire");
    assertEquals(List.of(new AuthenticatedPeer("app-1", "exec-1", true)), peers);
    assertEquals(List.of(), serverErrors);
  }

  @Test
  void aServerThatRequiresEncryptionGetsItFromAClientThatDidNotAsk() throws Exception {
    startServer(true);
    exchange(connectThroughProxy(false, -1));
    assertTrue(!contains(proxy.clientBytes(), MARKER) && !contains(proxy.serverBytes(), MARKER));
    assertEquals(List.of(new AuthenticatedPeer("app-1", "exec-1", true)), peers);
  }

  @Test
  void aByteAlteredOnTheWayFailsTheConnectionInsteadOfReachingTheProtocol() throws Exception {
    startServer(false);
    int hello = FrameEncoder.toBytes(ControlMessage.encode(new ControlMessage.Hello(PROTOCOL, "app-1", "exec-1"),
        Unpooled.buffer().alloc())).readableBytes();
    int auth = FrameLayout.PREFIX_BYTES + 1 + 2 + 32 + 2 + SecretAuth.NONCE_BYTES;
    Connection c = connectThroughProxy(true, hello + auth + 100); // inside the first record's ciphertext
    c.handshake().authenticated().get(20, TimeUnit.SECONDS);
    c.channel().write(new OutboundFrame(Unpooled.wrappedBuffer(new byte[] {5, 1, 2, 3}), 500));
    c.channel().writeAndFlush(Unpooled.wrappedBuffer(withMarker(500)));
    await().atMost(20, TimeUnit.SECONDS).until(() -> !c.channel().isActive());
    assertEquals(1, serverErrors.size(), serverErrors.toString());
    assertTrue(serverErrors.get(0).getMessage().contains("Decryption failed"), serverErrors.get(0).toString());
    assertEquals(List.of(), c.replies().frames, "nothing altered reached the protocol, nothing came back");
  }

  @Test
  void aClientOfAReleaseWithoutEncryptionIsRefusedWhereItIsRequired() throws Exception {
    startServer(true);
    List<ControlMessage> clientSaw = new CopyOnWriteArrayList<>();
    Channel ch = net.connect(c -> c.pipeline().addLast(new FrameDecoder(1 << 20)).addLast(FrameEncoder.INSTANCE)
        .addLast(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(ControlMessage.encode(new ControlMessage.Hello(PROTOCOL, "app-1", "old"), ctx.alloc()));
          }

          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ControlMessage m = ControlMessage.decode(((InboundFrame) msg).message());
            ReferenceCountUtil.release(msg);
            clientSaw.add(m);
            if (m instanceof ControlMessage.Challenge challenge) { // answers as a release without encryption
              byte[] proof = SecretAuth.proof(secret, PROTOCOL.name(), "app-1", challenge.nonce());
              ctx.writeAndFlush(ControlMessage.encode(new ControlMessage.Auth(proof), ctx.alloc()));
            }
          }
        }));
    await().atMost(20, TimeUnit.SECONDS).until(() -> !ch.isActive());
    assertTrue(assertInstanceOf(ControlMessage.Challenge.class, clientSaw.get(0)).encryptionRequired());
    ControlMessage.Refused refused = assertInstanceOf(ControlMessage.Refused.class, clientSaw.get(1));
    assertEquals(Refusal.ENCRYPTION_REQUIRED, refused.refusal());
    assertTrue(refused.message().contains("spindle.network.crypto.enabled=true"), refused.message());
    assertEquals(List.of(), peers);
    assertEquals(1, refusals.size());
  }

  @Test
  void aClientThatAskedFailsAgainstAServerThatAnswersWithoutEncryption() throws Exception {
    List<ControlMessage> serverSaw = new CopyOnWriteArrayList<>();
    net = new Loopback(ch -> ch.pipeline().addLast(new FrameDecoder(1 << 20)).addLast(FrameEncoder.INSTANCE)
        .addLast(new ChannelInboundHandlerAdapter() { // a server of a release without encryption
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ControlMessage m = ControlMessage.decode(((InboundFrame) msg).message());
            ReferenceCountUtil.release(msg);
            serverSaw.add(m);
            ControlMessage answer = m instanceof ControlMessage.Hello
                ? new ControlMessage.Challenge(SecretAuth.newNonce()) : new ControlMessage.AuthOk();
            ctx.writeAndFlush(ControlMessage.encode(answer, ctx.alloc()));
          }
        }));
    ClientHandshakeHandler[] handshake = new ClientHandshakeHandler[1];
    net.connect(c -> handshake[0] = NetworkPipeline.client(c.pipeline(), 1 << 20, PROTOCOL, "app-1", "exec-1",
        secret, true));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> handshake[0].authenticated().get(20, TimeUnit.SECONDS));
    assertInstanceOf(IOException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("without the encryption it asked for"), e.getCause().getMessage());
    ControlMessage.Auth auth = assertInstanceOf(ControlMessage.Auth.class, serverSaw.get(1));
    assertNotNull(auth.clientNonce(), "the client asked");
    assertEquals(SecretAuth.NONCE_BYTES, auth.clientNonce().length);
  }

  @Test
  void eachConnectionAndEachDirectionHasItsOwnKey() {
    byte[] server1 = SecretAuth.newNonce();
    byte[] client1 = SecretAuth.newNonce();
    SecretAuth.SessionKeys a = SecretAuth.sessionKeys(secret, "p", "app-1", server1, client1);
    SecretAuth.SessionKeys same = SecretAuth.sessionKeys(secret, "p", "app-1", server1, client1);
    SecretAuth.SessionKeys otherConnection = SecretAuth.sessionKeys(secret, "p", "app-1", server1,
        SecretAuth.newNonce());
    SecretAuth.SessionKeys otherApp = SecretAuth.sessionKeys(secret, "p", "app-2", server1, client1);
    assertArrayEquals(a.clientToServer(), same.clientToServer());
    assertArrayEquals(a.serverToClient(), same.serverToClient());
    assertEquals(32, a.clientToServer().length);
    assertNotEquals(ByteBufUtil.hexDump(a.clientToServer()), ByteBufUtil.hexDump(a.serverToClient()));
    assertNotEquals(ByteBufUtil.hexDump(a.clientToServer()), ByteBufUtil.hexDump(otherConnection.clientToServer()));
    assertNotEquals(ByteBufUtil.hexDump(a.clientToServer()), ByteBufUtil.hexDump(otherApp.clientToServer()));
    assertEquals("SessionKeys[hidden]", a.toString());
  }

  @Test
  void theEncryptionFieldsOnTheWireAreAsDocumented() {
    byte[] nonce = new byte[32];
    ByteBuf challenge = FrameEncoder.toBytes(ControlMessage.encode(new ControlMessage.Challenge(nonce, true),
        Unpooled.buffer().alloc()));
    assertEquals("00000024" + "0000000000000000" + "f2" + "0020" + "00".repeat(32) + "01",
        ByteBufUtil.hexDump(challenge));
    ByteBuf authOk = FrameEncoder.toBytes(ControlMessage.encode(new ControlMessage.AuthOk(true),
        Unpooled.buffer().alloc()));
    assertEquals("00000002" + "0000000000000000" + "f4" + "01", ByteBufUtil.hexDump(authOk));
    ByteBuf plainOk = FrameEncoder.toBytes(ControlMessage.encode(new ControlMessage.AuthOk(),
        Unpooled.buffer().alloc()));
    assertEquals("00000001" + "0000000000000000" + "f4", ByteBufUtil.hexDump(plainOk));
  }
}
