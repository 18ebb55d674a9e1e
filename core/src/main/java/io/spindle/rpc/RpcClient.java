package io.spindle.rpc;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.spindle.network.ClientHandshakeHandler;
import io.spindle.network.HandshakeException;
import io.spindle.network.NetworkPipeline;
import io.spindle.network.ProtocolId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The executor's side of the RPC: connects to the driver, runs the network layer's handshake
 * (protocol {@link RpcProtocol#ID}, the application secret), registers (see
 * {@link DriverRpcHandler}), then delivers the driver's messages to a consumer (on the Netty
 * thread, in order).
 */
public final class RpcClient implements AutoCloseable {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
      new DefaultThreadFactory("spindle-rpc-executor", true), NioIoHandler.newFactory());
  private RpcConnection connection;
  private volatile RpcMessage.Registered registered;

  /**
   * Connects, authenticates and registers; returns once the driver accepted the registration.
   *
   * @param protocolVersion {@link RpcProtocol#VERSION}, other values only in tests
   * @param onMessage receives every later driver message, with the connection to answer on
   * @param onClose runs once when the connection is gone
   * @throws RpcException with the driver's error code if the driver refused
   */
  public RpcConnection connect(String host, int port, String appId, byte[] secret, int protocolVersion,
      RpcMessage.RegisterExecutor registration, BiConsumer<RpcConnection, RpcMessage> onMessage, Runnable onClose,
      long timeoutMillis) throws InterruptedException {
    CompletableFuture<RpcMessage.Registered> done = new CompletableFuture<>();
    Channel channel;
    try {
      channel = new Bootstrap()
          .group(group)
          .channel(NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeoutMillis, Integer.MAX_VALUE))
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ClientHandshakeHandler handshake = NetworkPipeline.client(ch.pipeline(), RpcProtocol.MAX_FRAME_BYTES,
                  new ProtocolId(RpcProtocol.ID.name(), protocolVersion), appId, registration.executorId(), secret);
              ch.pipeline().addLast("rpcCodec", new RpcCodec());
              ch.pipeline().addLast("executor", new Registration(registration, done, onMessage));
              handshake.authenticated().whenComplete((ok, failure) -> {
                if (failure == null) {
                  ch.writeAndFlush(registration);
                } else {
                  done.completeExceptionally(refusal(registration.executorId(), failure));
                }
              });
            }
          })
          .connect(host, port).sync().channel();
    } catch (Exception e) {
      throw new RpcException("Executor " + registration.executorId() + " could not connect to the driver at "
          + host + ":" + port + ": " + e, e);
    }
    channel.closeFuture().addListener(f -> {
      done.completeExceptionally(new RpcException("the driver at " + host + ":" + port
          + " closed the connection during the handshake", null));
      onClose.run();
    });
    try {
      done.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      channel.close();
      throw e.getCause() instanceof RpcException re ? re : new RpcException(e.getCause().toString(), e.getCause());
    } catch (TimeoutException e) {
      channel.close();
      throw new RpcException("No answer from the driver at " + host + ":" + port + " within " + timeoutMillis
          + " ms", e);
    }
    connection = new RpcConnection(channel, registration.executorId());
    return connection;
  }

  /** The configuration the driver sent with its acceptance (set before any later message is delivered). */
  public RpcMessage.Registered registered() {
    return registered;
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** A refused or failed handshake as the executor reports it. */
  private static RpcException refusal(String executorId, Throwable failure) {
    if (failure instanceof HandshakeException h) {
      return new RpcException(RpcProtocol.errorCode(h.refusal()), "The driver refused executor " + executorId + ": "
          + h.getMessage());
    }
    return new RpcException("RPC handshake of executor " + executorId + " failed: " + failure, failure);
  }

  /** The registration's answer, then the pass-through to {@code onMessage}. */
  private final class Registration extends SimpleChannelInboundHandler<RpcMessage> {
    private final RpcMessage.RegisterExecutor registration;
    private final CompletableFuture<RpcMessage.Registered> done;
    private final BiConsumer<RpcConnection, RpcMessage> onMessage;
    private RpcConnection connection;

    Registration(RpcMessage.RegisterExecutor registration, CompletableFuture<RpcMessage.Registered> done,
        BiConsumer<RpcConnection, RpcMessage> onMessage) {
      this.registration = registration;
      this.done = done;
      this.onMessage = onMessage;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RpcMessage msg) {
      if (done.isDone()) {
        if (connection == null) {
          connection = new RpcConnection(ctx.channel(), registration.executorId());
        }
        onMessage.accept(connection, msg);
      } else if (msg instanceof RpcMessage.Registered r) {
        registered = r; // before any later message reaches onMessage
        done.complete(r);
      } else if (msg instanceof RpcMessage.Error e) {
        done.completeExceptionally(new RpcException(e.code(), "The driver refused executor "
            + registration.executorId() + ": " + e.message()));
      } else {
        done.completeExceptionally(new RpcException(RpcProtocol.ERR_BAD_MESSAGE,
            "unexpected message type " + msg.type() + " during the registration"));
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      done.completeExceptionally(new RpcException("RPC connection failed: " + cause, cause));
      ctx.close();
    }
  }
}
