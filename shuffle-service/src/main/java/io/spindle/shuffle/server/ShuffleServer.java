package io.spindle.shuffle.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The Netty server of the shuffle service. NIO transport only: the NodeManager jar carries no
 * native libraries. Start with {@link #start()}, stop with {@link #close()}.
 */
public final class ShuffleServer implements AutoCloseable {
  private final ShuffleServerContext context;
  private EventLoopGroup bossGroup;
  private EventLoopGroup workerGroup;
  private Channel serverChannel;

  public ShuffleServer(ShuffleServerContext context) {
    this.context = context;
  }

  /** Binds and starts serving. Throws with the address in the message if the port is taken. */
  public synchronized ShuffleServer start() throws IOException {
    ShuffleServerSettings s = context.settings;
    bossGroup = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("spindle-shuffle-accept", true), NioIoHandler.newFactory());
    workerGroup = new MultiThreadIoEventLoopGroup(s.ioThreads(),
        new DefaultThreadFactory("spindle-shuffle-io", true), NioIoHandler.newFactory());
    InetSocketAddress address = s.bindHost() == null || s.bindHost().isEmpty()
        ? new InetSocketAddress(s.port())
        : new InetSocketAddress(s.bindHost(), s.port());
    try {
      serverChannel = new ServerBootstrap()
          .group(bossGroup, workerGroup)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_REUSEADDR, true)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.SO_KEEPALIVE, true)
          .childHandler(new ShuffleChannelInitializer(context))
          .bind(address).sync().channel();
    } catch (Exception e) {
      close();
      throw new IOException("Spindle shuffle service could not listen on " + address + ": " + e, e);
    }
    return this;
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  public ShuffleServerContext context() {
    return context;
  }

  @Override
  public synchronized void close() {
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
      serverChannel = null;
    }
    if (bossGroup != null) {
      bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
      workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
      bossGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
      workerGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
      bossGroup = null;
      workerGroup = null;
    }
  }
}
