package io.spindle.executor.remote;

import io.spindle.task.EngineTaskContext;
import io.spindle.rpc.RpcMessage;
import io.spindle.shuffle.MapOutputLocator;
import io.spindle.shuffle.MapStatus;
import io.spindle.shuffle.MissingMapOutputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks the driver where a shuffle's map outputs are, once per shuffle and reading stage attempt:
 * all tasks of one stage attempt on this executor share the answer. Outputs move only when map
 * tasks re-run after a fetch failure, and then the reading stage is resubmitted as a new attempt,
 * whose tasks ask again (Spark invalidates by epoch instead; the stage attempt serves the same
 * purpose without a new message). The few most recent answers are kept.
 */
final class RpcMapOutputLocator implements MapOutputLocator {
  private static final int MAX_CACHED = 32;

  private record Key(int shuffleId, int stageId, int stageAttempt) {}

  private final DriverRequests driver;
  private final Map<Key, MapStatus[]> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, MapStatus[]> eldest) {
      return size() > MAX_CACHED;
    }
  };

  RpcMapOutputLocator(DriverRequests driver) {
    this.driver = driver;
  }

  @Override
  public MapStatus[] statuses(int shuffleId, EngineTaskContext reader) {
    if (reader == null) {
      return statuses(shuffleId);
    }
    Key key = new Key(shuffleId, reader.stageId(), reader.stageAttemptNumber());
    synchronized (cache) {
      MapStatus[] cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
    }
    MapStatus[] statuses = statuses(shuffleId); // outside the lock: other task threads need not wait
    synchronized (cache) {
      cache.put(key, statuses);
    }
    return statuses;
  }

  /** Asks the driver, without caching. */
  @Override
  public MapStatus[] statuses(int shuffleId) {
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
    return outputs.statuses();
  }
}
