package io.spindle.shuffle.client;

/**
 * Client tuning. The engine maps its {@code spindle.*} keys onto these.
 *
 * @param maxBytesInFlight bytes requested but not yet handed to the caller; one request larger
 *     than this still goes out alone
 * @param maxMapsPerRequest larger requests are split (the service caps files per request)
 * @param connectTimeoutMillis TCP connect timeout
 * @param requestTimeoutMillis a connection with a request outstanding and nothing received for
 *     this long is closed and the request retried
 * @param ioRetries retries after network failures before a fetch fails for good
 * @param ioRetryWaitMillis wait between those retries
 * @param maxBusyBackoffMillis ceiling of the wait after repeated BUSY answers (never a failure)
 * @param ioThreads Netty event-loop threads of the client
 * @param encrypt ask the service to encrypt every connection ({@code spindle.network.crypto.enabled})
 */
public record ShuffleClientOptions(long maxBytesInFlight, int maxMapsPerRequest,
    int connectTimeoutMillis, int requestTimeoutMillis, int ioRetries, int ioRetryWaitMillis,
    int maxBusyBackoffMillis, int ioThreads, boolean encrypt) {

  public static ShuffleClientOptions defaults() {
    return new ShuffleClientOptions(48L << 20, 256, 10_000, 120_000, 3, 1_000, 5_000, 2, false);
  }

  public ShuffleClientOptions withEncryption(boolean on) {
    return new ShuffleClientOptions(maxBytesInFlight, maxMapsPerRequest, connectTimeoutMillis,
        requestTimeoutMillis, ioRetries, ioRetryWaitMillis, maxBusyBackoffMillis, ioThreads, on);
  }

  public ShuffleClientOptions withMaxBytesInFlight(long bytes) {
    return new ShuffleClientOptions(bytes, maxMapsPerRequest, connectTimeoutMillis,
        requestTimeoutMillis, ioRetries, ioRetryWaitMillis, maxBusyBackoffMillis, ioThreads, encrypt);
  }

  public ShuffleClientOptions withRetries(int retries, int waitMillis) {
    return new ShuffleClientOptions(maxBytesInFlight, maxMapsPerRequest, connectTimeoutMillis,
        requestTimeoutMillis, retries, waitMillis, maxBusyBackoffMillis, ioThreads, encrypt);
  }
}
