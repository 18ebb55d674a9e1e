package io.spindle.shuffle;

/**
 * A reduce task could not read map output it needs (Spark's {@code FetchFailedException}): the
 * file is gone or corrupt, the shuffle service or its host is unreachable, or the driver knows no
 * location for a map output (Spark's {@code MetadataFetchFailedException}). Thrown only by the
 * shuffle read path, never for an exception of user code. The task is then not retried in place:
 * the DAG scheduler re-runs the lost map tasks and resubmits the reading stage, and the failure
 * does not count against {@code spindle.task.maxFailures}.
 *
 * <p>The address is where the reducer fetched from; {@link #host()} is null when no fetch was
 * attempted (the location was unknown). {@link #serviceLost()} says that everything served from
 * that host and port is gone (unreachable, or the service no longer knows the executor or the
 * application), not just the named map outputs.
 */
public final class FetchFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String executorId;
  private final String host;
  private final int port;
  private final int shuffleId;
  private final int[] mapIndexes;
  private final int reduceId;
  private final boolean serviceLost;

  public FetchFailedException(String executorId, String host, int port, int shuffleId, int[] mapIndexes,
      int reduceId, boolean serviceLost, String message, Throwable cause) {
    super(message, cause);
    this.executorId = executorId;
    this.host = host;
    this.port = port;
    this.shuffleId = shuffleId;
    this.mapIndexes = mapIndexes.clone();
    this.reduceId = reduceId;
    this.serviceLost = serviceLost;
  }

  /** One map output could not be read from where {@code status} says it is. */
  public static FetchFailedException mapOutput(MapStatus status, int shuffleId, int reduceId, Throwable cause) {
    return new FetchFailedException(status.executorId(), status.host(), status.port(), shuffleId,
        new int[] {status.mapId()}, reduceId, false, "Could not read shuffle " + shuffleId + " map " + status.mapId()
        + " reduce " + reduceId + " written by executor " + status.executorId() + " on " + where(status.host(),
        status.port()) + ": " + cause, cause);
  }

  /** The driver knows no location for some map output of the shuffle (Spark's metadata fetch failure). */
  public static FetchFailedException missingOutput(int shuffleId, int reduceId, String why) {
    return new FetchFailedException(null, null, -1, shuffleId, new int[0], reduceId, false,
        "Missing an output location for shuffle " + shuffleId + " (reduce " + reduceId + "): " + why, null);
  }

  /** The same failure (fields, message, stack trace) with another cause, e.g. one that can be serialized. */
  public FetchFailedException withCause(Throwable newCause) {
    FetchFailedException copy = new FetchFailedException(executorId, host, port, shuffleId, mapIndexes, reduceId,
        serviceLost, getMessage(), newCause);
    copy.setStackTrace(getStackTrace());
    return copy;
  }

  private static String where(String host, int port) {
    return port < 0 ? host + " (local disk)" : host + ":" + port;
  }

  public int shuffleId() {
    return shuffleId;
  }

  /** The map outputs (map partition indexes) that could not be read; empty if unknown. */
  public int[] mapIndexes() {
    return mapIndexes.clone();
  }

  /** The first of {@link #mapIndexes()}, or -1 (Spark's {@code mapIndex}). */
  public int mapIndex() {
    return mapIndexes.length == 0 ? -1 : mapIndexes[0];
  }

  public int reduceId() {
    return reduceId;
  }

  /** The executor whose output was fetched, or null if no fetch was attempted. */
  public String executorId() {
    return executorId;
  }

  /** Host fetched from, or null if no fetch was attempted. */
  public String host() {
    return host;
  }

  /** Shuffle service port fetched from; -1 for local disk (local mode). */
  public int port() {
    return port;
  }

  /** True if every map output served from {@link #host()}:{@link #port()} must be taken as lost. */
  public boolean serviceLost() {
    return serviceLost;
  }

  /** Whether {@code status} is stored where this failure fetched from (same executor, host and port). */
  public boolean sameLocation(MapStatus status) {
    return status != null && host != null && host.equals(status.host()) && port == status.port()
        && java.util.Objects.equals(executorId, status.executorId());
  }

  /** Whether {@code status} is served by the service this failure found gone (same host and port). */
  public boolean sameService(MapStatus status) {
    return status != null && host != null && host.equals(status.host()) && port == status.port();
  }
}
