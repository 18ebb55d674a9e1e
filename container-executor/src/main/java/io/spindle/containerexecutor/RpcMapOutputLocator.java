package io.spindle.containerexecutor;

import io.spindle.rpc.RpcConnection;
import io.spindle.rpc.RpcMessage;
import io.spindle.shuffle.MapOutputLocator;
import io.spindle.shuffle.MapStatus;
import io.spindle.shuffle.MissingMapOutputException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks the driver where a shuffle's map outputs are, once per shuffle: the answer is cached for
 * the executor's life (a shuffle's outputs do not move in this slice: there is no map-stage
 * resubmit after fetch failures yet, which would have to invalidate the entry).
 */
final class RpcMapOutputLocator implements MapOutputLocator {
  private final RpcConnection driver;
  private final long timeoutMillis;
  private final Map<Integer, MapStatus[]> cache = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<RpcMessage.MapOutputs>> pending = new ConcurrentHashMap<>();
  private final AtomicLong requestIds = new AtomicLong();

  RpcMapOutputLocator(RpcConnection driver, long timeoutMillis) {
    this.driver = driver;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public MapStatus[] statuses(int shuffleId) {
    MapStatus[] cached = cache.get(shuffleId);
    if (cached != null) {
      return cached;
    }
    long id = requestIds.incrementAndGet();
    CompletableFuture<RpcMessage.MapOutputs> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      driver.send(new RpcMessage.GetMapOutputs(id, shuffleId));
      RpcMessage.MapOutputs outputs = answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
      if (outputs.statuses() == null) {
        throw new MissingMapOutputException(outputs.error());
      }
      cache.put(shuffleId, outputs.statuses());
      return outputs.statuses();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MissingMapOutputException("Interrupted while asking the driver for shuffle " + shuffleId);
    } catch (ExecutionException | TimeoutException e) {
      throw new MissingMapOutputException("The driver did not say where shuffle " + shuffleId + "'s map outputs are "
          + "within " + timeoutMillis + " ms: " + e);
    } finally {
      pending.remove(id);
    }
  }

  /** An answer from the driver (Netty thread). */
  void answered(RpcMessage.MapOutputs outputs) {
    CompletableFuture<RpcMessage.MapOutputs> f = pending.get(outputs.requestId());
    if (f != null) {
      f.complete(outputs);
    }
  }
}
