package io.spindle.network;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request correlation for request/response exchanges on one connection: each request carries an
 * id, its answer carries the same id, and the answer completes the future registered for it.
 * Answers may come in any order. A future leaves the table however it completes (answer,
 * {@link #failAll}, or the caller's own timeout or cancel), so an abandoned request does not leak.
 *
 * <p><b>Backpressure: bounded outstanding requests.</b> At most {@code maxOutstanding} requests
 * wait for an answer; {@link #register} fails fast beyond that (the future completes with a
 * {@link RejectedExecutionException}) instead of queueing without bound. Callers keep their own
 * concurrency below the bound (a task thread asks one thing at a time; the shuffle fetcher keeps a
 * bytes-in-flight window), so reaching it means a bug or a peer that stopped answering.
 * Thread-safe.
 *
 * @param <R> the answer type
 */
public final class PendingRequests<R> {
  private final int maxOutstanding;
  private final Map<Long, CompletableFuture<R>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  public PendingRequests(int maxOutstanding) {
    if (maxOutstanding < 1) {
      throw new IllegalArgumentException("maxOutstanding " + maxOutstanding);
    }
    this.maxOutstanding = maxOutstanding;
  }

  /** A fresh id (1, 2, ...) for callers that do not make their own. */
  public long nextId() {
    return ids.incrementAndGet();
  }

  /**
   * The future of the answer to request {@code requestId}; register before sending the request.
   *
   * @throws IllegalArgumentException if that id is already waiting
   */
  public CompletableFuture<R> register(long requestId) {
    CompletableFuture<R> answer = new CompletableFuture<>();
    synchronized (this) { // check and insert together, so the bound holds under concurrent callers
      if (pending.size() >= maxOutstanding) {
        answer.completeExceptionally(new RejectedExecutionException(pending.size()
            + " requests are waiting for an answer already, the limit of this connection"));
        return answer;
      }
      if (pending.putIfAbsent(requestId, answer) != null) {
        throw new IllegalArgumentException("request " + requestId + " is already waiting for an answer");
      }
    }
    answer.whenComplete((r, t) -> pending.remove(requestId, answer)); // also a caller's timeout or cancel
    return answer;
  }

  /**
   * Delivers an answer; false if no request with that id waits (late, duplicate or made up). The
   * request leaves the table before its future completes, so that whoever sees the answer also sees
   * the slot free (the removal on completion, in {@link #register}, would run only after the
   * future's waiters were released).
   */
  public boolean complete(long requestId, R answer) {
    CompletableFuture<R> f = pending.remove(requestId);
    return f != null && f.complete(answer);
  }

  /** Fails one waiting request; false if it was not waiting. It leaves the table first, as in {@link #complete}. */
  public boolean fail(long requestId, Throwable cause) {
    CompletableFuture<R> f = pending.remove(requestId);
    return f != null && f.completeExceptionally(cause);
  }

  /** Fails every waiting request (the connection is gone); returns how many there were. */
  public int failAll(Throwable cause) {
    int n = 0;
    for (Long id : pending.keySet()) {
      CompletableFuture<R> f = pending.remove(id);
      if (f != null && f.completeExceptionally(cause)) {
        n++;
      }
    }
    return n;
  }

  public int outstanding() {
    return pending.size();
  }

  public boolean isEmpty() {
    return pending.isEmpty();
  }
}
