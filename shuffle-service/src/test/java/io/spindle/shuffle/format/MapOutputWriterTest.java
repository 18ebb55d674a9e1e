package io.spindle.shuffle.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two attempts of one map task commit the same file names: an intact earlier output wins; a lost
 * or damaged one (why the driver re-ran the map task) is replaced by the new attempt's.
 */
class MapOutputWriterTest {
  @TempDir
  Path dir;

  private Path data() {
    return dir.resolve(ShuffleFiles.dataFileName(1, 0));
  }

  private Path index() {
    return dir.resolve(ShuffleFiles.indexFileName(1, 0));
  }

  /** Commits segments "p0..." and "p1..." written by attempt {@code tag}; returns what is now on disk. */
  private ShuffleIndex commit(String tag) throws IOException {
    try (MapOutputWriter w = new MapOutputWriter(data(), index(), 2, tag)) {
      for (int p = 0; p < 2; p++) {
        w.startPartition(p);
        w.stream().write(("p" + p + " by " + tag).getBytes(StandardCharsets.UTF_8));
      }
      return w.commit();
    }
  }

  private String segment(int p) throws IOException {
    return new String(Segments.readVerified(data(), ShuffleIndex.read(index()), p), StandardCharsets.UTF_8);
  }

  @Test
  void anIntactOutputWins() throws IOException {
    ShuffleIndex first = commit("a");
    ShuffleIndex second = commit("bb");
    assertArrayEquals(first.lengths(), second.lengths());
    assertArrayEquals(new String[] {"p0 by a", "p1 by a"}, new String[] {segment(0), segment(1)});
  }

  @Test
  void aMissingDataFileIsReplaced() throws IOException {
    commit("a");
    Files.delete(data());
    commit("bb");
    assertArrayEquals(new String[] {"p0 by bb", "p1 by bb"}, new String[] {segment(0), segment(1)});
  }

  @Test
  void aCorruptDataFileIsReplaced() throws IOException {
    commit("a");
    try (RandomAccessFile f = new RandomAccessFile(data().toFile(), "rw")) {
      f.seek(9);
      f.write('X');
    }
    commit("bb");
    assertArrayEquals(new String[] {"p0 by bb", "p1 by bb"}, new String[] {segment(0), segment(1)});
  }

  @Test
  void aMissingIndexFileIsReplaced() throws IOException {
    commit("a");
    Files.delete(index());
    commit("bb");
    assertArrayEquals(new String[] {"p0 by bb", "p1 by bb"}, new String[] {segment(0), segment(1)});
  }
}
