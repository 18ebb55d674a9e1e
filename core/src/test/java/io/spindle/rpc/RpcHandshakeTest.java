package io.spindle.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.spindle.network.ControlMessage;
import io.spindle.network.FrameEncoder;
import io.spindle.network.OutboundFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The handshake of {@link DriverRpcHandler} against a real {@link RpcServer} on loopback. */
class RpcHandshakeTest {
  private static final String APP = "app-1";
  private final byte[] secret = RpcProtocol.newSecret();
  private final List<String> registered = new CopyOnWriteArrayList<>();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final AppenderSkeleton capture = new AppenderSkeleton() {
    @Override
    protected void append(LoggingEvent event) {
      if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
        warnings.add(event.getRenderedMessage());
      }
    }

    @Override
    public void close() {}

    @Override
    public boolean requiresLayout() {
      return false;
    }
  };
  private RpcServer server;

  @BeforeEach
  void start() {
    org.apache.log4j.Logger.getLogger(DriverRpcHandler.class).addAppender(capture);
    server = new RpcServer("127.0.0.1", 0, APP, secret, accepting((c, m) -> registered.add(m.executorId())));
  }

  /** An endpoint that accepts every registration (conf: spindle.app.name=test) after {@code onRegister}. */
  private static DriverEndpoint accepting(
      java.util.function.BiConsumer<RpcConnection, RpcMessage.RegisterExecutor> onRegister) {
    return new DriverEndpoint() {
      @Override
      public void registerExecutor(RpcConnection connection, RpcMessage.RegisterExecutor message) {
        onRegister.accept(connection, message);
        connection.send(new RpcMessage.Registered(Map.of("spindle.app.name", "test")));
      }

      @Override
      public void receive(RpcConnection connection, RpcMessage message) {}

      @Override
      public void executorDisconnected(RpcConnection connection) {}
    };
  }

  @AfterEach
  void stop() {
    server.close();
    org.apache.log4j.Logger.getLogger(DriverRpcHandler.class).removeAppender(capture);
  }

  private RpcConnection connect(byte[] key, int version) throws InterruptedException {
    RpcClient client = new RpcClient();
    try {
      RpcConnection c = client.connect("127.0.0.1", server.port(), APP, key, version,
          new RpcMessage.RegisterExecutor("7", "localhost", 2, List.of("/tmp/x"), "localhost", 7447),
          (conn, msg) -> { }, () -> { }, 10_000);
      assertEquals("test", client.registered().conf().get("spindle.app.name"));
      return c;
    } finally {
      client.close();
    }
  }

  @Test
  void rightSecretRegisters() throws Exception {
    connect(secret, RpcProtocol.VERSION);
    assertEquals(List.of("7"), registered);
    assertEquals(0, server.authFailures());
  }

  @Test
  void aDriverThatRequiresEncryptionGetsEncryptedExecutorsWithoutTheirAsking() throws Exception {
    List<Boolean> encrypted = new CopyOnWriteArrayList<>();
    try (RpcServer encrypting = new RpcServer("127.0.0.1", 0, APP, secret, accepting((c, m) -> encrypted.add(c.encrypted())),
        true)) {
      RpcClient client = new RpcClient();
      try {
        RpcConnection c = client.connect("127.0.0.1", encrypting.port(), APP, secret, RpcProtocol.VERSION,
            new RpcMessage.RegisterExecutor("8", "localhost", 1, List.of("/tmp/x"), "localhost", 7447),
            (conn, msg) -> { }, () -> { }, 10_000);
        assertEquals("test", client.registered().conf().get("spindle.app.name"));
        assertTrue(c.encrypted());
      } finally {
        client.close();
      }
      assertEquals(List.of(true), encrypted);
      assertEquals(1, encrypting.encryptedConnections());
    }
    connect(secret, RpcProtocol.VERSION); // the default server: plain
    assertEquals(0, server.encryptedConnections());
  }

  @Test
  void wrongSecretIsRefusedAndLogged() {
    byte[] wrong = RpcProtocol.newSecret();
    RpcException e = assertThrows(RpcException.class, () -> connect(wrong, RpcProtocol.VERSION));
    assertEquals(RpcProtocol.ERR_AUTH_FAILED, e.code());
    assertTrue(e.getMessage().contains("wrong application secret"), e.getMessage());
    assertEquals(List.of(), registered);
    assertEquals(1, server.authFailures());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("wrong application secret")), warnings.toString());
  }

  @Test
  void protocolVersionMismatchGetsAnExplicitError() {
    RpcException e = assertThrows(RpcException.class, () -> connect(secret, RpcProtocol.VERSION + 1));
    assertEquals(RpcProtocol.ERR_VERSION_MISMATCH, e.code());
    assertTrue(e.getMessage().contains("driver speaks Spindle RPC v" + RpcProtocol.VERSION
        + ", this executor v" + (RpcProtocol.VERSION + 1)), e.getMessage());
    assertEquals(1, server.versionMismatches());
    assertEquals(List.of(), registered);
  }

  @Test
  void helloOnTheWireIsAsDocumented() {
    // The HELLO is the network layer's now; this is the RPC's, as io.spindle.network's example shows it.
    ByteBuf frame = FrameEncoder.toBytes(ControlMessage.encode(
        new ControlMessage.Hello(RpcProtocol.ID, "app-1", "1"), Unpooled.buffer().alloc()));
    assertEquals(12 + 32, frame.readableBytes());
    assertEquals("00000020" + "0000000000000000" + "f1" + "53504e57" + "000b" + "7370696e646c652d727063"
        + "00000007" + "0005" + "6170702d31" + "0001" + "31", ByteBufUtil.hexDump(frame));
    assertEquals("SPNW", new String(new byte[] {0x53, 0x50, 0x4e, 0x57}, StandardCharsets.US_ASCII));
  }

  @Test
  void heartbeatOnTheWireIsAsDocumented() {
    ByteBuf body = Unpooled.buffer();
    RpcCodec.encode(new RpcMessage.Heartbeat("1", 2, 10, 1234), body);
    ByteBuf frame = FrameEncoder.toBytes(OutboundFrame.of(body));
    assertEquals(12 + 26, frame.readableBytes()); // the frame in DriverRpcHandler's example
    assertEquals("0000001a" + "0000000000000000" + "0c" + "0000000131" + "00000002" + "000000000000000a"
        + "00000000000004d2", ByteBufUtil.hexDump(frame));
  }

  @Test
  void killTaskOnTheWireIsAsDocumented() {
    ByteBuf body = Unpooled.buffer();
    RpcCodec.encode(new RpcMessage.KillTask(7, true, "job 3 cancelled"), body);
    ByteBuf frame = FrameEncoder.toBytes(OutboundFrame.of(body));
    assertEquals(12 + 29, frame.readableBytes());
    assertEquals("0000001d" + "0000000000000000" + "1f" + "0000000000000007" + "01"
        + "0000000f" + "6a6f6220332063616e63656c6c6564", ByteBufUtil.hexDump(frame));
  }

  @Test
  void blockUpdateOnTheWireIsAsDocumented() {
    ByteBuf body = Unpooled.buffer();
    RpcCodec.encode(new RpcMessage.BlockUpdate("1", "rdd_2_0", "MEMORY_ONLY", 800, 0), body);
    ByteBuf frame = FrameEncoder.toBytes(OutboundFrame.of(body));
    assertEquals(12 + 48, frame.readableBytes()); // the frame in docs/rpc.md's example
    assertEquals("00000030" + "0000000000000000" + "10" + "0000000131" + "000000077264645f325f30"
        + "0000000b4d454d4f52595f4f4e4c59" + "0000000000000320" + "0000000000000000", ByteBufUtil.hexDump(frame));
  }

  @Test
  void everyMessageSurvivesTheCodec() {
    List<RpcMessage> messages = List.of(
        new RpcMessage.Heartbeat("3", 2, 10, 1234),
        new RpcMessage.GetMapOutputs(9, 4),
        new RpcMessage.StageBody(1, 0, new byte[] {1, 2, 3}),
        new RpcMessage.LaunchTask(5, 1, 0, 2, new byte[] {9}),
        new RpcMessage.MapOutputs(9, new io.spindle.shuffle.MapStatus[] {
            new io.spindle.shuffle.MapStatus(0, "1", "localhost", 7447, new long[] {0, 12})}, null),
        new RpcMessage.MapOutputs(10, null, "No map outputs registered for shuffle 4"),
        new RpcMessage.StageEnded(3, 1),
        new RpcMessage.GetBroadcast(4, 2),
        new RpcMessage.BroadcastData(4, new byte[] {7, 8}),
        new RpcMessage.BroadcastData(5, null),
        new RpcMessage.AskCommit(6, 2, 3, 99),
        new RpcMessage.CommitAnswer(6, true),
        new RpcMessage.RemoveBroadcast(7),
        new RpcMessage.RemoveRdd(3),
        new RpcMessage.BlockUpdate("2", "rdd_3_1", "MEMORY_AND_DISK", 1024, 4096),
        new RpcMessage.BlockUpdate("2", "rdd_3_1", "NONE", 0, 0),
        new RpcMessage.RegisterBlockStore("2", 50_331_648L),
        new RpcMessage.UpdateCredentials(new byte[] {'H', 'D', 'T', 'S', 0, 1}),
        new RpcMessage.KillTask(12, true, "job 3 cancelled"),
        new RpcMessage.KillTask(13, false, ""),
        new RpcMessage.Shutdown("bye"));
    for (RpcMessage m : messages) {
      ByteBuf b = Unpooled.buffer();
      RpcCodec.encode(m, b);
      RpcMessage back = RpcCodec.decode(b);
      assertEquals(m.type(), back.type());
      assertEquals(0, b.readableBytes(), "whole frame read for " + m);
      ByteBuf again = Unpooled.buffer();
      RpcCodec.encode(back, again);
      b.readerIndex(0);
      assertEquals(ByteBufUtil.hexDump(b), ByteBufUtil.hexDump(again), "round trip of " + m);
    }
  }

  @Test
  void renewedCredentialsNeverShowInAMessagesText() {
    byte[] tokens = "secret-token-bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    String text = new RpcMessage.UpdateCredentials(tokens).toString();
    assertEquals("UpdateCredentials[18 bytes]", text);
  }
}
