package io.spindle.shuffle;

import io.spindle.shuffle.format.Segments;
import io.spindle.shuffle.format.ShuffleFiles;
import io.spindle.shuffle.format.ShuffleIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads segments straight from this process's local dirs (local mode: every map ran here). When a
 * segment cannot be read, the failure also names the other map outputs this reducer needs whose
 * files are gone (a cheap check, only on failure), so that one resubmission recomputes them all
 * instead of one per stage attempt.
 */
public final class LocalShuffleBlockSource implements ShuffleBlockSource {
  private final Path[] localDirs;

  public LocalShuffleBlockSource(Path[] localDirs) {
    this.localDirs = localDirs;
  }

  @Override
  public PartitionBlocks open(int shuffleId, int reduceId, MapStatus[] statuses) {
    return new PartitionBlocks() {
      @Override
      public byte[] fetch(int mapIndex) {
        Path index = ShuffleFiles.indexFile(localDirs, shuffleId, mapIndex);
        Path data = ShuffleFiles.dataFile(localDirs, shuffleId, mapIndex);
        try {
          return Segments.readVerified(data, ShuffleIndex.read(index), reduceId);
        } catch (IOException e) {
          throw lost(statuses[mapIndex], shuffleId, reduceId, statuses, e);
        }
      }

      @Override
      public void close() {}
    };
  }

  private FetchFailedException lost(MapStatus failed, int shuffleId, int reduceId, MapStatus[] statuses,
      IOException cause) {
    int[] gone = new int[statuses.length];
    int n = 0;
    gone[n++] = failed.mapId();
    for (MapStatus s : statuses) {
      if (s.mapId() != failed.mapId() && s.sizes()[reduceId] > 0
          && !(Files.exists(ShuffleFiles.indexFile(localDirs, shuffleId, s.mapId()))
              && Files.exists(ShuffleFiles.dataFile(localDirs, shuffleId, s.mapId())))) {
        gone[n++] = s.mapId();
      }
    }
    FetchFailedException single = FetchFailedException.mapOutput(failed, shuffleId, reduceId, cause);
    if (n == 1) {
      return single;
    }
    int[] maps = Arrays.copyOf(gone, n);
    return new FetchFailedException(failed.executorId(), failed.host(), failed.port(), shuffleId, maps, reduceId,
        false, single.getMessage() + "; the files of maps " + Arrays.toString(Arrays.copyOfRange(maps, 1, n))
        + " are gone too", cause);
  }
}
