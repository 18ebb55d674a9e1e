package io.spindle.shuffle.format;

import java.nio.file.Path;

/**
 * Names of the files one map task writes: {@code shuffle_<shuffleId>_<mapId>.data} and
 * {@code shuffle_<shuffleId>_<mapId>.index}, both directly in one of the executor's local dirs.
 *
 * <p>The writer (core) and the server (the NodeManager service) both derive paths from these
 * names, so the server never accepts a path from the wire: it builds one from ids.
 */
public final class ShuffleFiles {
  private ShuffleFiles() {}

  public static String dataFileName(int shuffleId, long mapId) {
    return "shuffle_" + shuffleId + "_" + mapId + ".data";
  }

  public static String indexFileName(int shuffleId, long mapId) {
    return "shuffle_" + shuffleId + "_" + mapId + ".index";
  }

  /**
   * Local dir that holds a map output: spreads map outputs over the executor's dirs (usually one
   * per disk) by a stable hash so that writer and server agree without talking.
   */
  public static Path dirFor(Path[] localDirs, int shuffleId, long mapId) {
    int h = Math.floorMod(31 * shuffleId + Long.hashCode(mapId), localDirs.length);
    return localDirs[h];
  }

  public static Path dataFile(Path[] localDirs, int shuffleId, long mapId) {
    return dirFor(localDirs, shuffleId, mapId).resolve(dataFileName(shuffleId, mapId));
  }

  public static Path indexFile(Path[] localDirs, int shuffleId, long mapId) {
    return dirFor(localDirs, shuffleId, mapId).resolve(indexFileName(shuffleId, mapId));
  }
}
