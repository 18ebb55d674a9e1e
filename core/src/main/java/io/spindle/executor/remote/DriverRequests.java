package io.spindle.executor.remote;

import io.spindle.network.PendingRequests;
import io.spindle.rpc.RpcConnection;
import io.spindle.rpc.RpcMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

/**
 * Request/answer calls from task threads to the driver, matched by request id (the network
 * layer's {@link PendingRequests}).
 */
final class DriverRequests {
  /** A safety bound: each task thread waits for one answer at a time. */
  private static final int MAX_OUTSTANDING = 1024;
  private final RpcConnection driver;
  private final long timeoutMillis;
  private final PendingRequests<RpcMessage> pending = new PendingRequests<>(MAX_OUTSTANDING);

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
    long id = pending.nextId();
    CompletableFuture<RpcMessage> answer = pending.register(id);
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
      answer.cancel(false); // an unanswered request leaves the table
    }
  }

  /** An answer arrived (connection thread). */
  void answered(long requestId, RpcMessage answer) {
    pending.complete(requestId, answer);
  }
}
