package io.spindle.shuffle;

import java.io.IOException;

/**
 * Where a reducer gets segment bytes from: local disk in local mode; the shuffle service of the
 * writer's host on YARN. Implementations verify checksums, so what they return is never corrupt.
 */
public interface ShuffleBlockSource {
  byte[] fetch(MapStatus status, int shuffleId, int reduceId) throws IOException;
}
