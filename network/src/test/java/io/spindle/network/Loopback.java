package io.spindle.network;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A server on a free loopback port and clients of it, each with the pipeline a test gives. */
final class Loopback implements AutoCloseable {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final Channel server;

  Loopback(Consumer<SocketChannel> serverPipeline) throws InterruptedException {
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(initializer(serverPipeline))
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  Channel connect(Consumer<SocketChannel> clientPipeline) throws InterruptedException {
    return connect(port(), clientPipeline);
  }

  /** A client of another port (e.g. a proxy in front of this server). */
  Channel connect(int port, Consumer<SocketChannel> clientPipeline) throws InterruptedException {
    return new Bootstrap().group(group).channel(NioSocketChannel.class).handler(initializer(clientPipeline))
        .connect("127.0.0.1", port).sync().channel();
  }

  private static ChannelInitializer<SocketChannel> initializer(Consumer<SocketChannel> pipeline) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        pipeline.accept(ch);
      }
    };
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
