package io.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spindle.io.encryption.enabled}: shuffles with map-side combine, groupByKey and a sort, forced
 * to spill every 500 records, over an RDD cached on disk, give what plain Java gives, and no shuffle or
 * block file left on disk holds a word of the input — checked against the same run without encryption, whose files do (compression
 * off in both, so the words would be there as written).
 */
class IoEncryptionTest {
  private static final String MARKER = "spindle-ünïcödé-marker-Ω";

  @TempDir
  Path dir;

  private record Outcome(Map<String, Long> counts, Map<String, Integer> groupSizes, List<String> sorted,
      List<String> cached, long filesWithMarker, long shuffleFiles) {}

  private static List<String> words() {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      words.add(i % 7 == 0 ? MARKER + (i % 11) : i % 3 == 0 ? "hot" : "w" + (i * 7919 % 2_003));
    }
    words.add("x".repeat(100_000) + "ä"); // one large record
    return words;
  }

  private Outcome run(boolean encrypt) throws IOException {
    Path local = Files.createDirectories(dir.resolve(encrypt ? "encrypted" : "plain"));
    SpindleConf conf = new SpindleConf(false).setMaster("local[2]").set("spindle.local.dir", local.toString())
        .set("spindle.io.encryption.enabled", Boolean.toString(encrypt)).set("spindle.shuffle.compress", "false")
        .set("spindle.shuffle.spill.compress", "false").set("spindle.shuffle.spill.numElementsForceSpillThreshold", "500")
        .set("spindle.ui.enabled", "false");
    try (SpindleContext ctx = new SpindleContext(conf)) {
      Rdd<String> words = ctx.parallelize(words(), 6).persist(io.spindle.function.StorageLevel.DISK_ONLY);
      List<String> cached = words.collect(); // computes and caches every partition on disk
      cached = words.collect(); // read back from the block files
      Map<String, Long> counts = new TreeMap<>(words.mapToPair(w -> Pair.of(w, 1L)).reduceByKey(Long::sum, 5)
          .collectAsMap());
      Map<String, Integer> groups = new TreeMap<>(words.mapToPair(w -> Pair.of(w.length() % 13, w))
          .groupByKey(4).mapToPair(p -> {
            int n = 0;
            for (String ignored : p._2()) {
              n++;
            }
            return Pair.of(Integer.toString(p._1()), n);
          }).collectAsMap());
      List<String> sorted = words.mapToPair(w -> Pair.of(w, 0)).sortByKey(true, 3).keys().collect();
      long[] found = scan(local);
      return new Outcome(counts, groups, sorted, cached, found[0], found[1]);
    }
  }

  /** Files under {@code local} holding the marker's bytes, and files in all. */
  private static long[] scan(Path local) throws IOException {
    byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(local)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      String needle = new String(marker, StandardCharsets.ISO_8859_1); // one char per byte
      long withMarker = all.stream().filter(f -> {
        try {
          return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(needle);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).count();
      return new long[] {withMarker, all.size()};
    }
  }

  @Test
  void shuffleFilesAreEncryptedAtRestAndJobsThatSpillGiveExactResults() throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    Map<String, Integer> groups = new TreeMap<>();
    List<String> sorted = new ArrayList<>();
    for (String w : words()) {
      counts.merge(w, 1L, Long::sum);
      groups.merge(Integer.toString(w.length() % 13), 1, Integer::sum);
      sorted.add(w);
    }
    sorted.sort(null);

    Outcome plain = run(false);
    assertTrue(plain.filesWithMarker() > 6, "the control: without encryption the words are in the shuffle and block files");
    Outcome encrypted = run(true);
    assertTrue(encrypted.shuffleFiles() > 0, "shuffle files were written");
    assertEquals(0, encrypted.filesWithMarker(), "no file holds the plaintext");
    for (Outcome o : List.of(plain, encrypted)) {
      assertEquals(counts, o.counts());
      assertEquals(groups, o.groupSizes());
      assertEquals(sorted, o.sorted());
      assertEquals(words(), o.cached());
    }
    assertFalse(encrypted.counts().isEmpty());
  }
}
