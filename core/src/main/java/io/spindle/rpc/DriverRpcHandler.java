package io.spindle.rpc;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.spindle.network.AuthenticatedPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's side of one executor connection, once the network layer has authenticated it:
 * takes the registration, then hands messages to the {@link DriverEndpoint}.
 *
 * <h2>Framing</h2>
 * The network layer's ({@link io.spindle.network.FrameLayout}): a 4-byte big-endian message length
 * L, an 8-byte body length B (always 0 here: the RPC uses no bodies), then L bytes: one type byte
 * and the message's fields in order (ints and longs big-endian; a string or byte array is an int
 * length and the bytes, strings in UTF-8; a list is an int count and its elements). Messages above
 * {@link RpcProtocol#MAX_FRAME_BYTES} are refused. See {@link RpcCodec} for each message's fields.
 *
 * <h2>Handshake</h2>
 * <ol>
 *   <li>The network handshake ({@link io.spindle.network}): executor → driver {@code HELLO}
 *       naming protocol {@code "spindle-rpc"}, version {@link RpcProtocol#VERSION}, the
 *       application id and the executor id; driver → executor {@code CHALLENGE} (32 random bytes);
 *       executor → driver {@code AUTH}, HMAC-SHA256 keyed with the application secret over
 *       {@code "spindle-network-v1" 0x00 "spindle-rpc" 0x00 appId 0x00 nonce}; driver → executor
 *       {@code AUTH_OK}. The secret never travels; the executor gets it from its environment
 *       ({@code SPINDLE_APP_SECRET}), never its command line. Another version gets {@code REFUSED
 *       VERSION_MISMATCH} naming both versions ({@link RpcException#code()}
 *       {@link RpcProtocol#ERR_VERSION_MISMATCH} on the executor); a wrong proof or another
 *       application's id gets {@code REFUSED AUTHENTICATION_FAILED} or {@code UNKNOWN_APPLICATION}
 *       ({@link RpcProtocol#ERR_AUTH_FAILED}) and a WARN log line on the driver
 *       ({@link DriverHandshakePolicy}); the connection then closes.</li>
 *   <li>executor → driver {@code REGISTER_EXECUTOR(10)} (id, host, cores, local dirs, shuffle
 *       service host and port), answered by {@code REGISTERED(20)} carrying the application's
 *       configuration, or by {@code ERROR(5)} (code, message) and a close.</li>
 * </ol>
 * Any other message before the registration is refused with {@code ERROR}
 * {@link RpcProtocol#ERR_BAD_MESSAGE}; so is a connection not registered within
 * {@link #HANDSHAKE_TIMEOUT_SECONDS}.
 *
 * <h2>Messages after the handshake</h2>
 * Driver → executor: {@code STAGE_BODY(21)} (stage, attempt, serialized StageBody; once per
 * executor and stage attempt, cached by the executor in an LRU that the driver mirrors),
 * {@code LAUNCH_TASK(22)} (task id, stage, stage attempt, attempt number, serialized partition),
 * {@code MAP_OUTPUTS(23)} (answer to a lookup), {@code HEARTBEAT_ACK(24)}, {@code SHUTDOWN(25)}
 * (also how the driver kills one executor), {@code STAGE_ENDED(26)} (stage, attempt: drop the body),
 * {@code REMOVE_BROADCAST(29)} (broadcast id: drop this executor's copy; since protocol v2),
 * {@code REMOVE_RDD(32)} (RDD id: drop its cached partitions; since v6).
 * Executor → driver: {@code STATUS_UPDATE(11)} (task id, TaskResult serialized with Java
 * serialization), {@code HEARTBEAT(12)}, {@code GET_MAP_OUTPUTS(13)} (request id, shuffle id),
 * {@code GET_BROADCAST(14)} (request id, broadcast id), answered by {@code BROADCAST_DATA(27)}
 * (request id, a boolean "present", the serialized value), {@code ASK_COMMIT(15)} (request id, stage,
 * partition, attempt id), answered by {@code COMMIT_ANSWER(28)} (request id, allowed).
 *
 * <h2>Example</h2>
 * Executor "1" of application "app-1" opens its connection (the bytes of the network handshake
 * are in {@link io.spindle.network}'s package documentation):
 * <pre>
 * executor → driver  HELLO("spindle-rpc", 3, "app-1", "1")
 * driver → executor  CHALLENGE(nonce)
 * executor → driver  AUTH(HMAC-SHA256(secret, "spindle-network-v1" 0 "spindle-rpc" 0 "app-1" 0 nonce))
 * driver → executor  AUTH_OK
 * executor → driver  REGISTER_EXECUTOR("1", host, cores, dirs, shuffle host, shuffle port)
 * driver → executor  REGISTERED(conf)
 * </pre>
 * and later heartbeats; {@code HEARTBEAT} of executor "1" with 2 running and 10 finished tasks and
 * 1234 bytes of heap, as it is on the wire:
 * <pre>
 * 00 00 00 1a                  message length 26
 * 00 00 00 00 00 00 00 00      body length 0
 * 0c                           type HEARTBEAT
 * 00 00 00 01 31               "1"
 * 00 00 00 02                  running tasks 2
 * 00 00 00 00 00 00 00 0a      finished tasks 10
 * 00 00 00 00 00 00 04 d2      heap used 1234
 * </pre>
 */
public final class DriverRpcHandler extends SimpleChannelInboundHandler<RpcMessage> {
  private static final Logger LOG = LoggerFactory.getLogger(DriverRpcHandler.class);

  private enum State { AWAIT_AUTHENTICATION, AWAIT_REGISTRATION, REGISTERED }

  private final RpcServer server;
  private State state = State.AWAIT_AUTHENTICATION;
  private String executorId;
  private RpcConnection connection;

  DriverRpcHandler(RpcServer server) {
    this.server = server;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof AuthenticatedPeer peer && state == State.AWAIT_AUTHENTICATION) {
      executorId = peer.clientId();
      state = State.AWAIT_REGISTRATION;
      if (peer.encrypted()) {
        server.encryptedConnections.incrementAndGet();
      }
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, RpcMessage msg) {
    switch (state) {
      case AWAIT_AUTHENTICATION -> // the network layer lets nothing through before; defensive
          refuse(ctx, RpcProtocol.ERR_BAD_MESSAGE, "message type " + msg.type() + " before authentication");
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
      if (state == State.AWAIT_REGISTRATION && ctx.channel().isActive()) {
        refuse(ctx, RpcProtocol.ERR_BAD_MESSAGE, "registration not completed within " + HANDSHAKE_TIMEOUT_SECONDS + " s");
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
