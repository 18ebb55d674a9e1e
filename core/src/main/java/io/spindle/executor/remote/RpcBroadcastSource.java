package io.spindle.executor.remote;

import io.spindle.broadcast.BroadcastSource;
import io.spindle.rpc.RpcMessage;

/**
 * Gets a broadcast's bytes from the driver; the executor's BroadcastManager then keeps the value
 * for all later tasks of this process.
 */
final class RpcBroadcastSource implements BroadcastSource {
  private final DriverRequests driver;

  RpcBroadcastSource(DriverRequests driver) {
    this.driver = driver;
  }

  @Override
  public byte[] fetch(long id) {
    return ((RpcMessage.BroadcastData) driver.ask(requestId -> new RpcMessage.GetBroadcast(requestId, id),
        "broadcast " + id)).bytes();
  }
}
