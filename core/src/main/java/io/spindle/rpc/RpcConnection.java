package io.spindle.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/** One authenticated driver ↔ executor connection, as either side sees it. Thread-safe. */
public final class RpcConnection {
  private final Channel channel;
  private final String executorId;

  RpcConnection(Channel channel, String executorId) {
    this.channel = channel;
    this.executorId = executorId;
  }

  /** The executor at the other end (driver side) or this executor (executor side). */
  public String executorId() {
    return executorId;
  }

  /** Queues {@code message}; frames go out in the order they were sent. */
  public ChannelFuture send(RpcMessage message) {
    return channel.writeAndFlush(message);
  }

  /** Whether the connection's bytes are encrypted ({@code spindle.network.crypto.enabled}). */
  public boolean encrypted() {
    return io.spindle.network.NetworkPipeline.isEncrypted(channel);
  }

  public boolean isActive() {
    return channel.isActive();
  }

  public void close() {
    channel.close();
  }

  /** Waits until the connection is closed, at most {@code millis}. */
  public void awaitClosed(long millis) {
    channel.closeFuture().awaitUninterruptibly(millis);
  }

  @Override
  public String toString() {
    return "executor " + executorId + " at " + channel.remoteAddress();
  }
}
