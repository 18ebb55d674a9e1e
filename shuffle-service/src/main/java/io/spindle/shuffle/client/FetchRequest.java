package io.spindle.shuffle.client;

/**
 * Reduce partitions [startReduce, endReduce) of some map outputs of one executor, on one host.
 *
 * @param expectedBytes the caller's estimate of the response size (the sum of the segment sizes
 *     it learned from the map output tracker); counts against the client's bytes-in-flight cap
 */
public record FetchRequest(String host, int port, String appId, String execId, int shuffleId,
    long[] mapIds, int startReduce, int endReduce, long expectedBytes) {

  public FetchRequest {
    if (mapIds.length == 0 || startReduce < 0 || endReduce <= startReduce || expectedBytes < 0) {
      throw new IllegalArgumentException("bad fetch request: " + mapIds.length + " maps, reduces ["
          + startReduce + ", " + endReduce + "), " + expectedBytes + " bytes");
    }
    mapIds = mapIds.clone();
  }

  @Override
  public long[] mapIds() {
    return mapIds.clone();
  }

  @Override
  public String toString() {
    return ShuffleFetchException.describe(shuffleId, mapIds, startReduce, endReduce) + " of "
        + execId + "/" + appId + " at " + host + ":" + port;
  }
}
