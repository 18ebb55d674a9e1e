package io.spindle.shuffle.server;

import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link ShuffleServer} needs to know, free of Hadoop types. The NodeManager adapter builds
 * it from yarn-site.xml (keys and defaults in {@code io.spindle.shuffle.yarn.ShuffleServiceConfig}).
 *
 * @param bindHost address to listen on; null or empty for all interfaces
 * @param port TCP port; 0 picks a free one
 * @param ioThreads Netty event-loop threads; 0 for Netty's default (2 x cores)
 * @param maxOpenFiles data files held open by responses in progress; beyond it: BUSY
 * @param maxConcurrentStreams responses in progress; beyond it: BUSY
 * @param busyRetryMillis retry delay suggested in BUSY answers
 * @param verifyChecksums re-check each segment's CRC32C before sending (costs the zero-copy path)
 * @param allowedRoots registered dirs must lie under one of these (the NodeManager's local dirs);
 *     empty to skip that check (the per-application check still applies)
 * @param idleTimeoutMillis connections idle this long are closed; 0 never
 */
public record ShuffleServerSettings(
    String bindHost,
    int port,
    int ioThreads,
    int maxOpenFiles,
    int maxConcurrentStreams,
    int busyRetryMillis,
    boolean verifyChecksums,
    List<Path> allowedRoots,
    long idleTimeoutMillis) {

  public ShuffleServerSettings {
    allowedRoots = List.copyOf(allowedRoots);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("shuffle service port out of range: " + port);
    }
    if (maxOpenFiles < 1 || maxConcurrentStreams < 1) {
      throw new IllegalArgumentException("maxOpenFiles and maxConcurrentStreams must be >= 1");
    }
  }

  /** Defaults for an in-process server on a free port (tests, local tools). */
  public static ShuffleServerSettings defaults() {
    return new ShuffleServerSettings(null, 0, 0, 4096, 256, 200, false, List.of(), 120_000);
  }

  public ShuffleServerSettings withPort(int newPort) {
    return new ShuffleServerSettings(bindHost, newPort, ioThreads, maxOpenFiles,
        maxConcurrentStreams, busyRetryMillis, verifyChecksums, allowedRoots, idleTimeoutMillis);
  }

  public ShuffleServerSettings withLimits(int openFiles, int streams, int retryMillis) {
    return new ShuffleServerSettings(bindHost, port, ioThreads, openFiles, streams, retryMillis,
        verifyChecksums, allowedRoots, idleTimeoutMillis);
  }

  public ShuffleServerSettings withVerifyChecksums(boolean verify) {
    return new ShuffleServerSettings(bindHost, port, ioThreads, maxOpenFiles, maxConcurrentStreams,
        busyRetryMillis, verify, allowedRoots, idleTimeoutMillis);
  }

  public ShuffleServerSettings withAllowedRoots(List<Path> roots) {
    return new ShuffleServerSettings(bindHost, port, ioThreads, maxOpenFiles, maxConcurrentStreams,
        busyRetryMillis, verifyChecksums, roots, idleTimeoutMillis);
  }
}
