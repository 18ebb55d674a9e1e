package io.spindle.rpc;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.spindle.network.NetworkPipeline;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driver's RPC endpoint: accepts executor connections for one application. Each connection's
 * pipeline is the network layer (framing; handshake for {@link RpcProtocol#ID} with the
 * application's secret, see {@link DriverHandshakePolicy}), then {@link RpcCodec} and a
 * {@link DriverRpcHandler}. No read throttling here: both ends write large frames (stage bodies,
 * results), and two throttled ends could wait for each other.
 */
public final class RpcServer implements AutoCloseable {
  private final String appId;
  private final byte[] secret;
  private final DriverEndpoint endpoint;
  private final EventLoopGroup group;
  private final Channel channel;
  private final boolean encryptionRequired;
  final AtomicLong authFailures = new AtomicLong();
  final AtomicLong versionMismatches = new AtomicLong();
  final AtomicLong encryptedConnections = new AtomicLong();

  /** Binds {@code bindHost}:{@code port} (0 = any free port); connections need not be encrypted. */
  public RpcServer(String bindHost, int port, String appId, byte[] secret, DriverEndpoint endpoint) {
    this(bindHost, port, appId, secret, endpoint, false);
  }

  /**
   * Binds {@code bindHost}:{@code port} (0 = any free port); {@code encryptionRequired}: executors
   * are told to encrypt their connection and refused if they do not ({@code spindle.network.crypto.enabled}).
   */
  public RpcServer(String bindHost, int port, String appId, byte[] secret, DriverEndpoint endpoint,
      boolean encryptionRequired) {
    this.encryptionRequired = encryptionRequired;
    this.appId = appId;
    this.secret = secret.clone();
    this.endpoint = endpoint;
    this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("spindle-rpc-driver", true),
        NioIoHandler.newFactory());
    try {
      this.channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              NetworkPipeline.server(ch.pipeline(), RpcProtocol.MAX_FRAME_BYTES, RpcProtocol.ID,
                  new DriverHandshakePolicy(RpcServer.this), DriverRpcHandler.HANDSHAKE_TIMEOUT_SECONDS * 1000);
              ch.pipeline().addLast("rpcCodec", new RpcCodec());
              ch.pipeline().addLast("driver", new DriverRpcHandler(RpcServer.this));
            }
          })
          .bind(new InetSocketAddress(bindHost, port)).sync().channel();
    } catch (Exception e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new RpcException("The driver could not listen on " + bindHost + ":" + port + ": " + e, e);
    }
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  String appId() {
    return appId;
  }

  byte[] secret() {
    return secret;
  }

  boolean encryptionRequired() {
    return encryptionRequired;
  }

  /** Executor connections accepted encrypted so far. */
  public long encryptedConnections() {
    return encryptedConnections.get();
  }

  DriverEndpoint endpoint() {
    return endpoint;
  }

  /** Connections refused for a wrong secret or application id so far. */
  public long authFailures() {
    return authFailures.get();
  }

  /** Connections refused for speaking another protocol version so far. */
  public long versionMismatches() {
    return versionMismatches.get();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }
}
