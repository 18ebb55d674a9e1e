package io.spindle.executor.remote;

import io.spindle.rpc.RpcConnection;
import io.spindle.rpc.RpcMessage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/** Request/answer calls from task threads to the driver, matched by request id. */
final class DriverRequests {
  private final RpcConnection driver;
  private final long timeoutMillis;
  private final Map<Long, CompletableFuture<RpcMessage>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  DriverRequests(RpcConnection driver, long timeoutMillis) {
    this.driver = driver;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Sends the request built for a fresh id and waits for its answer.
   *
   * @throws IllegalStateException naming {@code what} if no answer comes in time
   */
  RpcMessage ask(LongFunction<RpcMessage> request, String what) {
    long id = ids.incrementAndGet();
    CompletableFuture<RpcMessage> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      driver.send(request.apply(id));
      return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while asking the driver for " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("The driver did not answer a request for " + what + " within " + timeoutMillis
          + " ms (spindle.network.timeoutMs)", e);
    } finally {
      pending.remove(id);
    }
  }

  /** An answer arrived (connection thread). */
  void answered(long requestId, RpcMessage answer) {
    CompletableFuture<RpcMessage> f = pending.get(requestId);
    if (f != null) {
      f.complete(answer);
    }
  }
}
