package io.spindle.rpc;

/**
 * What the driver does with executors' messages, once the network layer's handshake has checked
 * their protocol version and secret (see {@link DriverRpcHandler}). Called on Netty event-loop threads: do not block.
 */
public interface DriverEndpoint {
  /** An authenticated executor asks to join; answer with {@link RpcMessage.Registered} or an error. */
  void registerExecutor(RpcConnection connection, RpcMessage.RegisterExecutor message);

  /** Any later message of a registered executor. */
  void receive(RpcConnection connection, RpcMessage message);

  /** The connection of an executor that had registered is gone (exit, crash, network). */
  void executorDisconnected(RpcConnection connection);
}
