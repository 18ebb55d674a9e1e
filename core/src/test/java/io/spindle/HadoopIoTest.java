package io.spindle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.TestData.Case;
import io.spindle.function.Pair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.input.KeyValueTextInputFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Hadoop inputs and outputs of issue 14 on the local file system, against plain-Java reads and
 * writes (java.util.zip, java.nio): object files, compressed text output, whole files, binary files,
 * old- and new-API Hadoop InputFormats. HDFS and the SequenceFile/committer cases are in
 * {@code src/it}'s HadoopFormatsIT.
 */
class HadoopIoTest {
  private static SpindleContext ctx;
  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]"));
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  static Stream<Case> cases() {
    return TestData.cases();
  }

  private static int counter;

  private static Path fresh(String name) {
    return dir.resolve(name + "-" + (counter++));
  }

  /** A record type of the test's own, so object files go through the user's classes. */
  record Word(String text, int position) implements java.io.Serializable {}

  @ParameterizedTest
  @MethodSource("cases")
  void objectFilesRoundTrip(Case c) {
    List<Word> words = new ArrayList<>();
    for (int i = 0; i < c.words().size(); i++) {
      words.add(new Word(c.words().get(i), i));
    }
    Path out = fresh("objects");
    ctx.parallelize(words, c.slices()).saveAsObjectFile(out.toString());
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertEquals(words, ctx.<Word>objectFile(out.toString(), 3).collect(), "partitions in order, order kept");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void textOutputWithACodecIsReadByJavaZipAndByTextFile(Case c) throws IOException {
    Path out = fresh("gz");
    ctx.parallelize(c.words(), c.slices()).saveAsTextFile(out.toString(), GzipCodec.class);
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("part-")) {
          assertTrue(name.endsWith(".gz"), name);
          try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)),
              StandardCharsets.UTF_8))) {
            r.lines().forEach(lines::add);
          }
        }
      }
    }
    assertEquals(c.words(), lines);
    assertEquals(c.words(), ctx.textFile(out.toString()).collect());
  }

  private static Path writeFiles(Map<String, String> contents) throws IOException {
    Path d = fresh("files");
    Files.createDirectories(d);
    for (Map.Entry<String, String> e : contents.entrySet()) {
      if (e.getKey().endsWith(".gz")) {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(d.resolve(e.getKey())))) {
          o.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        }
      } else {
        Files.writeString(d.resolve(e.getKey()), e.getValue());
      }
    }
    return d;
  }

  private static Map<String, String> someFiles(int n) {
    Map<String, String> files = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      files.put(String.format("f%03d.txt", i), "file " + i + "\nzweite Zeile ünïcode 日本語\r\n" + "x".repeat(i * 37));
    }
    files.put("empty.txt", "");
    files.put("packed.gz", "compressed\ncontent\n");
    return files;
  }

  @Test
  void wholeTextFilesGivesEachFileWhole() throws IOException {
    for (int n : new int[] {0, 1, 40}) {
      Map<String, String> files = someFiles(n);
      Path d = writeFiles(files);
      for (int minPartitions : new int[] {1, 3, 100}) {
        PairRdd<String, String> whole = ctx.wholeTextFiles(d.toString(), minPartitions);
        assertTrue(whole.getNumPartitions() <= Math.max(1, Math.min(minPartitions + 1, files.size())),
            "about minPartitions partitions: " + whole.getNumPartitions());
        Map<String, String> got = new TreeMap<>();
        for (Pair<String, String> p : whole.collect()) {
          got.put(p.key().substring(p.key().lastIndexOf('/') + 1), p.value());
          assertTrue(p.key().startsWith("file:"), "qualified path: " + p.key());
        }
        assertEquals(files, got);
      }
    }
  }

  @Test
  void binaryFilesOpenEachFileWhenAsked() throws IOException {
    Map<String, String> files = someFiles(12);
    files.remove("packed.gz");
    Path d = writeFiles(files);
    Map<String, byte[]> got = new TreeMap<>();
    for (Pair<String, byte[]> p : ctx.binaryFiles(d.toString(), 4)
        .mapToPair(p -> Pair.of(p.key(), p.value().toArray())).collect()) {
      got.put(p.key().substring(p.key().lastIndexOf('/') + 1), p.value());
    }
    assertEquals(files.keySet(), got.keySet());
    files.forEach((name, text) -> assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), got.get(name), name));
    assertThrows(Exception.class, () -> ctx.binaryFiles(d.resolve("missing").toString()).count());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void oldAndNewApiInputFormatsReadTheLines(Case c) throws IOException {
    Path file = fresh("lines");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < c.words().size(); i++) {
      lines.add(c.words().get(i) + "\t" + i);
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    List<String> oldApi = ctx.hadoopFile(file.toString(), TextInputFormat.class, LongWritable.class, Text.class,
        c.slices()).map(p -> p.value().toString()).collect();
    assertEquals(lines, oldApi);
    List<String> newApi = ctx.newAPIHadoopFile(file.toString(), KeyValueTextInputFormat.class, Text.class, Text.class,
        ctx.hadoopConf()).map(p -> p.key() + "\t" + p.value()).collect();
    assertEquals(lines, newApi);
    List<String> keys = new ArrayList<>(ctx.newAPIHadoopFile(file.toString(), KeyValueTextInputFormat.class,
        Text.class, Text.class).map(p -> p.key().toString()).collect());
    List<String> expectedKeys = new ArrayList<>(c.words());
    Collections.sort(keys);
    Collections.sort(expectedKeys);
    assertEquals(expectedKeys, keys);
  }

  @Test
  void saveAsHadoopFileWithOldApiFormatsCommitsOnlyCommittedFiles() throws IOException {
    List<Pair<String, Integer>> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      records.add(Pair.of(i % 4 == 0 ? "hot" : "ключ" + i, i));
    }
    Path out = fresh("old-api");
    ctx.parallelizePairs(records, 3).mapPartitionsToPair(it -> {
      io.spindle.function.TaskContext tc = io.spindle.function.TaskContext.get();
      List<Pair<Text, org.apache.hadoop.io.IntWritable>> converted = new ArrayList<>();
      it.forEachRemaining(p -> converted.add(Pair.of(new Text(p.key()), new org.apache.hadoop.io.IntWritable(p.value()))));
      if (tc.partitionId() == 1 && tc.attemptNumber() == 0) {
        throw new IllegalStateException("planned failure");
      }
      return converted.iterator();
    }).saveAsHadoopFile(out.toString(), Text.class, org.apache.hadoop.io.IntWritable.class,
        org.apache.hadoop.mapred.TextOutputFormat.class);
    List<String> names;
    try (Stream<Path> files = Files.list(out)) {
      names = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
    assertEquals(List.of("_SUCCESS", "part-00000", "part-00001", "part-00002"), names);
    List<String> lines = new ArrayList<>(ctx.textFile(out.toString()).collect());
    List<String> expected = new ArrayList<>();
    records.forEach(p -> expected.add(p.key() + "\t" + p.value()));
    Collections.sort(lines);
    Collections.sort(expected);
    assertEquals(expected, lines);
    assertThrows(Exception.class, () -> ctx.parallelizePairs(records, 1).mapToPair(p -> Pair.of(new Text(p.key()), 1))
        .saveAsHadoopFile(out.toString(), Text.class, org.apache.hadoop.io.IntWritable.class,
            org.apache.hadoop.mapred.TextOutputFormat.class));
  }
}
