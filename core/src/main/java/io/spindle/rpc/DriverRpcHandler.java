package io.spindle.rpc;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's side of one executor connection: runs the handshake, then hands messages to the
 * {@link DriverEndpoint}.
 *
 * <h2>Framing</h2>
 * Every frame is a 4-byte big-endian length, then that many bytes: one type byte and the
 * message's fields in order (ints and longs big-endian; a string or byte array is an int length
 * and the bytes, strings in UTF-8; a list is an int count and its elements). Frames above
 * {@link RpcProtocol#MAX_FRAME_BYTES} are refused. See {@link RpcCodec} for each message's fields.
 *
 * <h2>Handshake</h2>
 * <ol>
 *   <li>executor → driver {@code HELLO(1)}: magic {@code 0x53505243} ("SPRC"), protocol version,
 *       application id, executor id. A wrong magic or version gets {@code ERROR(5)} with code
 *       {@link RpcProtocol#ERR_VERSION_MISMATCH} naming both versions, and the connection closes.</li>
 *   <li>driver → executor {@code CHALLENGE(2)}: a fresh 32-byte random nonce.</li>
 *   <li>executor → driver {@code AUTH_RESPONSE(3)}: HMAC-SHA256 keyed with the application secret
 *       over {@code "spindle-rpc-v1" 0x00 appId 0x00 nonce}. The secret never travels; the executor
 *       gets it from its environment ({@code SPINDLE_APP_SECRET}), never its command line. A wrong
 *       proof or another application's id gets {@code ERROR} {@link RpcProtocol#ERR_AUTH_FAILED},
 *       a WARN log line on the driver, and the connection closes.</li>
 *   <li>driver → executor {@code AUTH_OK(4)}; then executor → driver {@code REGISTER_EXECUTOR(10)}
 *       (id, host, cores, local dirs, shuffle service host and port), answered by
 *       {@code REGISTERED(20)} carrying the application's configuration.</li>
 * </ol>
 * Any other message before the handshake ends is refused with {@code ERROR}
 * {@link RpcProtocol#ERR_BAD_MESSAGE}.
 *
 * <h2>Messages after the handshake</h2>
 * Driver → executor: {@code STAGE_BODY(21)} (stage, attempt, serialized StageBody; once per
 * executor and stage attempt, cached by the executor in an LRU that the driver mirrors),
 * {@code LAUNCH_TASK(22)} (task id, stage, stage attempt, attempt number, serialized partition),
 * {@code MAP_OUTPUTS(23)} (answer to a lookup), {@code HEARTBEAT_ACK(24)}, {@code SHUTDOWN(25)}
 * (also how the driver kills one executor), {@code STAGE_ENDED(26)} (stage, attempt: drop the body),
 * {@code REMOVE_BROADCAST(29)} (broadcast id: drop this executor's copy; since protocol v2).
 * Executor → driver: {@code STATUS_UPDATE(11)} (task id, TaskResult serialized with Java
 * serialization), {@code HEARTBEAT(12)}, {@code GET_MAP_OUTPUTS(13)} (request id, shuffle id),
 * {@code GET_BROADCAST(14)} (request id, broadcast id), answered by {@code BROADCAST_DATA(27)}
 * (request id, a boolean "present", the serialized value), {@code ASK_COMMIT(15)} (request id, stage,
 * partition, attempt id), answered by {@code COMMIT_ANSWER(28)} (request id, allowed).
 *
 * <h2>Example</h2>
 * {@code HELLO} of executor "1" of application "app-1", protocol version 2, as it is on the wire:
 * <pre>
 * 00 00 00 17                  frame length 23
 * 01                           type HELLO
 * 53 50 52 43                  magic "SPRC"
 * 00 00 00 02                  version 2
 * 00 00 00 05 61 70 70 2d 31   "app-1"
 * 00 00 00 01 31               "1"
 * </pre>
 */
public final class DriverRpcHandler extends SimpleChannelInboundHandler<RpcMessage> {
  private static final Logger LOG = LoggerFactory.getLogger(DriverRpcHandler.class);

  private enum State { AWAIT_HELLO, AWAIT_PROOF, AWAIT_REGISTRATION, REGISTERED }

  private final RpcServer server;
  private State state = State.AWAIT_HELLO;
  private byte[] nonce;
  private String executorId;
  private RpcConnection connection;

  DriverRpcHandler(RpcServer server) {
    this.server = server;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, RpcMessage msg) {
    switch (state) {
      case AWAIT_HELLO -> {
        if (!(msg instanceof RpcMessage.Hello hello)) {
          refuse(ctx, RpcProtocol.ERR_BAD_MESSAGE, "expected HELLO first, got message type " + msg.type());
          return;
        }
        if (hello.magic() != RpcProtocol.MAGIC || hello.version() != RpcProtocol.VERSION) {
          server.versionMismatches.incrementAndGet();
          String text = "Protocol version mismatch: the driver speaks Spindle RPC v" + RpcProtocol.VERSION
              + ", this executor v" + hello.version() + (hello.magic() != RpcProtocol.MAGIC ? " (bad magic)" : "")
              + ". Run the driver and the executors with the same Spindle version.";
          LOG.warn("Refused executor {} from {}: {}", hello.executorId(), ctx.channel().remoteAddress(), text);
          refuse(ctx, RpcProtocol.ERR_VERSION_MISMATCH, text);
          return;
        }
        if (!server.appId().equals(hello.appId())) {
          server.authFailures.incrementAndGet();
          LOG.warn("Refused executor {} from {}: it belongs to application {}, not {}", hello.executorId(),
              ctx.channel().remoteAddress(), hello.appId(), server.appId());
          refuse(ctx, RpcProtocol.ERR_AUTH_FAILED, "authentication failed: unknown application " + hello.appId());
          return;
        }
        executorId = hello.executorId();
        nonce = RpcProtocol.newNonce();
        state = State.AWAIT_PROOF;
        ctx.writeAndFlush(new RpcMessage.Challenge(nonce));
      }
      case AWAIT_PROOF -> {
        if (!(msg instanceof RpcMessage.AuthResponse auth)
            || !RpcProtocol.verify(server.secret(), server.appId(), nonce, auth.proof())) {
          server.authFailures.incrementAndGet();
          LOG.warn("Refused executor {} from {}: wrong application secret (authentication failed)", executorId,
              ctx.channel().remoteAddress());
          refuse(ctx, RpcProtocol.ERR_AUTH_FAILED,
              "authentication failed: wrong application secret for " + server.appId());
          return;
        }
        state = State.AWAIT_REGISTRATION;
        ctx.writeAndFlush(new RpcMessage.AuthOk());
      }
      case AWAIT_REGISTRATION -> {
        if (!(msg instanceof RpcMessage.RegisterExecutor reg) || !reg.executorId().equals(executorId)) {
          refuse(ctx, RpcProtocol.ERR_BAD_MESSAGE, "expected REGISTER_EXECUTOR of executor " + executorId);
          return;
        }
        state = State.REGISTERED;
        connection = new RpcConnection(ctx.channel(), executorId);
        server.endpoint().registerExecutor(connection, reg);
      }
      case REGISTERED -> server.endpoint().receive(connection, msg);
    }
  }

  private static void refuse(ChannelHandlerContext ctx, int code, String message) {
    ctx.writeAndFlush(new RpcMessage.Error(code, message)).addListener(ChannelFutureListener.CLOSE);
  }

  /** A connection that has not registered within this time is closed (a stray or stuck client). */
  static final long HANDSHAKE_TIMEOUT_SECONDS = 30;

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.executor().schedule(() -> {
      if (state != State.REGISTERED && ctx.channel().isActive()) {
        refuse(ctx, RpcProtocol.ERR_BAD_MESSAGE, "handshake not completed within " + HANDSHAKE_TIMEOUT_SECONDS + " s");
      }
    }, HANDSHAKE_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (connection != null) {
      server.endpoint().executorDisconnected(connection);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.warn("Closing the connection of executor {} from {}: {}", executorId, ctx.channel().remoteAddress(),
        cause.toString());
    ctx.close();
  }
}
