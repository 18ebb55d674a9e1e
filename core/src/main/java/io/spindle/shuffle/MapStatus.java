package io.spindle.shuffle;

import java.io.Serializable;

/**
 * Where one map task's output lives and how many bytes each reduce partition has in it. The
 * driver collects these; reducers use them to know whom to ask for what, and to skip empty
 * segments.
 *
 * @param mapId the map partition index (retries of a map task write the same file names; the first
 *     committed attempt wins)
 * @param executorId the executor that wrote the files
 * @param host host of that executor
 * @param port shuffle service port on that host, or -1 when read from local disk (local mode)
 * @param sizes bytes of each reduce partition's segment
 */
public record MapStatus(int mapId, String executorId, String host, int port, long[] sizes)
    implements Serializable {

  public long totalBytes() {
    long total = 0;
    for (long s : sizes) {
      total += s;
    }
    return total;
  }
}
