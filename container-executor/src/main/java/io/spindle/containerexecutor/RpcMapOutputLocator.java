package io.spindle.containerexecutor;

import io.spindle.rpc.RpcMessage;
import io.spindle.shuffle.MapOutputLocator;
import io.spindle.shuffle.MapStatus;
import io.spindle.shuffle.MissingMapOutputException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks the driver where a shuffle's map outputs are, once per shuffle: the answer is cached for
 * the executor's life (a shuffle's outputs do not move in this slice: there is no map-stage
 * resubmit after fetch failures yet, which would have to invalidate the entry).
 */
final class RpcMapOutputLocator implements MapOutputLocator {
  private final DriverRequests driver;
  private final Map<Integer, MapStatus[]> cache = new ConcurrentHashMap<>();

  RpcMapOutputLocator(DriverRequests driver) {
    this.driver = driver;
  }

  @Override
  public MapStatus[] statuses(int shuffleId) {
    MapStatus[] cached = cache.get(shuffleId);
    if (cached != null) {
      return cached;
    }
    RpcMessage.MapOutputs outputs;
    try {
      outputs = (RpcMessage.MapOutputs) driver.ask(id -> new RpcMessage.GetMapOutputs(id, shuffleId),
          "the map outputs of shuffle " + shuffleId);
    } catch (IllegalStateException e) {
      throw new MissingMapOutputException(e.getMessage());
    }
    if (outputs.statuses() == null) {
      throw new MissingMapOutputException(outputs.error());
    }
    cache.put(shuffleId, outputs.statuses());
    return outputs.statuses();
  }
}
