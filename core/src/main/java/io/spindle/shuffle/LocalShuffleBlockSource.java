package io.spindle.shuffle;

import io.spindle.shuffle.format.Segments;
import io.spindle.shuffle.format.ShuffleFiles;
import io.spindle.shuffle.format.ShuffleIndex;
import java.io.IOException;
import java.nio.file.Path;

/** Reads segments straight from this process's local dirs (local mode: every map ran here). */
public final class LocalShuffleBlockSource implements ShuffleBlockSource {
  private final Path[] localDirs;

  public LocalShuffleBlockSource(Path[] localDirs) {
    this.localDirs = localDirs;
  }

  @Override
  public byte[] fetch(MapStatus status, int shuffleId, int reduceId) throws IOException {
    Path index = ShuffleFiles.indexFile(localDirs, shuffleId, status.mapId());
    Path data = ShuffleFiles.dataFile(localDirs, shuffleId, status.mapId());
    return Segments.readVerified(data, ShuffleIndex.read(index), reduceId);
  }
}
