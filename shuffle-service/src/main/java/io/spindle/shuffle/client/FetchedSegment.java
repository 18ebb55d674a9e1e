package io.spindle.shuffle.client;

/** One verified segment: the bytes map {@code mapId} wrote for reduce partition {@code reduceId}. */
public record FetchedSegment(String host, int port, int shuffleId, long mapId, int reduceId,
    byte[] data) {}
