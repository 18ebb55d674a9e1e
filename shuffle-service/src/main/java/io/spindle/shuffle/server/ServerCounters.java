package io.spindle.shuffle.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's counters, plain Java so the server needs no Hadoop; the NodeManager adapter
 * publishes them through metrics2 ({@code io.spindle.shuffle.yarn.ShuffleMetricsSource}).
 */
public final class ServerCounters {
  final AtomicLong bytesServed = new AtomicLong();
  final AtomicLong openConnections = new AtomicLong();
  final AtomicLong requestsRefused = new AtomicLong();
  final AtomicLong busyAnswers = new AtomicLong();
  final AtomicLong checksumFailures = new AtomicLong();
  final AtomicLong fetchRequests = new AtomicLong();
  final AtomicLong registeredExecutors = new AtomicLong();
  final AtomicLong encryptedConnections = new AtomicLong();

  /** Connections accepted encrypted (the client asked: {@code spindle.network.crypto.enabled}). */
  public long encryptedConnections() {
    return encryptedConnections.get();
  }

  /** Segment bytes sent to clients. */
  public long bytesServed() {
    return bytesServed.get();
  }

  /** Connections open right now. */
  public long openConnections() {
    return openConnections.get();
  }

  /** Requests or connections refused: unknown application, bad secret, forbidden path, bad request. */
  public long requestsRefused() {
    return requestsRefused.get();
  }

  /** Requests answered "busy, retry later" because of the open-file or stream cap. */
  public long busyAnswers() {
    return busyAnswers.get();
  }

  /** Corrupt segments found by the server-side verification (only with verify on). */
  public long checksumFailures() {
    return checksumFailures.get();
  }

  /** FETCH requests received. */
  public long fetchRequests() {
    return fetchRequests.get();
  }

  /** Executor registrations accepted. */
  public long registeredExecutors() {
    return registeredExecutors.get();
  }
}
