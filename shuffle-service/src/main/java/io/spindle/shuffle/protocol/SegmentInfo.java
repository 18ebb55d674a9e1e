package io.spindle.shuffle.protocol;

/** Describes one segment in a FETCH_DATA response: which block it is, its size and CRC32C. */
public record SegmentInfo(long mapId, int reduceId, long length, int crc32c) {
  /** Encoded size: mapId 8 + reduceId 4 + length 8 + crc 4. */
  public static final int BYTES = 24;
}
