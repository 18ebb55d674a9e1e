package io.spindle.shuffle.client;

import io.spindle.shuffle.protocol.ErrorCode;
import java.util.Arrays;

/**
 * Blocks could not be fetched, for good: retries on network errors are used up, the service
 * refused, or a segment's bytes do not match its checksum. Names the blocks and the host, so the
 * engine can mark exactly those map outputs lost. Never thrown because of load: a busy service is
 * waited for.
 */
public class ShuffleFetchException extends ShuffleClientException {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final int port;
  private final int shuffleId;
  private final long[] mapIds;
  private final int startReduce;
  private final int endReduce;
  private final boolean corrupt;

  public ShuffleFetchException(String reason, String host, int port, int shuffleId, long[] mapIds,
      int startReduce, int endReduce, ErrorCode errorCode, boolean corrupt, Throwable cause) {
    super("Failed to fetch " + describe(shuffleId, mapIds, startReduce, endReduce) + " from "
        + host + ":" + port + ": " + reason, errorCode, cause);
    this.host = host;
    this.port = port;
    this.shuffleId = shuffleId;
    this.mapIds = mapIds.clone();
    this.startReduce = startReduce;
    this.endReduce = endReduce;
    this.corrupt = corrupt;
  }

  static String describe(int shuffleId, long[] mapIds, int startReduce, int endReduce) {
    String maps = mapIds.length == 1 ? "map " + mapIds[0] : "maps " + Arrays.toString(mapIds);
    String reduces = endReduce == startReduce + 1 ? "reduce " + startReduce
        : "reduces [" + startReduce + ", " + endReduce + ")";
    return "shuffle " + shuffleId + " " + maps + " " + reduces;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public int shuffleId() {
    return shuffleId;
  }

  /** The map outputs concerned (one, for a corrupt segment). */
  public long[] mapIds() {
    return mapIds.clone();
  }

  public int startReduce() {
    return startReduce;
  }

  /** Exclusive. */
  public int endReduce() {
    return endReduce;
  }

  /** True if the bytes arrived but failed the CRC32C check. */
  public boolean isCorrupt() {
    return corrupt;
  }
}
