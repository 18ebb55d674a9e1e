package io.spindle;

import io.spindle.function.TaskContext;
import io.spindle.function.JobFailedException;
import io.spindle.function.SpindleException;
import io.spindle.function.SpindleListener;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** textFile and saveAsTextFile on the local file system: contents, all-or-nothing output, errors. */
class TextFilesTest {
  private static SpindleContext ctx;
  private static final AtomicInteger TASKS = new AtomicInteger();

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]"));
    ctx.addListenerOnSchedulerThread(new SpindleListener() {
      @Override
      public void onTaskEnd(TaskInfo task) {
        TASKS.incrementAndGet();
      }
    });
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  private static List<String> sorted(List<String> in) {
    List<String> copy = new ArrayList<>(in);
    Collections.sort(copy);
    return copy;
  }

  private static List<String> readParts(Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
        lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  @Test
  void saveThenReadBackRoundTrips() throws IOException {
    List<String> data = new ArrayList<>(TestData.unicode(2_000, 11));
    data.add("");
    data.add("tab\tinside");
    Path out = dir.resolve("out");
    ctx.parallelize(data, 5).saveAsTextFile(out.toString());
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertFalse(Files.exists(out.resolve("_temporary")));
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(5, files.filter(f -> f.getFileName().toString().startsWith("part-")).count());
    }
    assertEquals(data, readParts(out), "part files in order hold the partitions in order");
    assertEquals(sorted(data), sorted(ctx.textFile(out.toString(), 3).collect()));
  }

  @Test
  void emptyRddWritesEmptyPartsAndSuccess() throws IOException {
    Path out = dir.resolve("empty");
    ctx.parallelize(List.<String>of(), 2).saveAsTextFile(out.toString());
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertEquals(List.of(), readParts(out));
    assertEquals(0, ctx.textFile(out.toString()).count());
  }

  @Test
  void existingDestinationIsRefusedBeforeAnyTaskRuns() throws IOException {
    Path out = Files.createDirectories(dir.resolve("exists"));
    Files.writeString(out.resolve("keep.txt"), "precious");
    int before = TASKS.get();
    SpindleException e = assertThrows(SpindleException.class,
        () -> ctx.parallelize(List.of("a"), 1).saveAsTextFile(out.toString()));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertEquals(before, TASKS.get(), "no task ran");
    assertEquals("precious", Files.readString(out.resolve("keep.txt")));
  }

  @Test
  void failedJobLeavesNoOutputBehind() {
    Path out = dir.resolve("failed");
    Rdd<String> failing = ctx.parallelize(List.of("a", "b", "c", "d"), 4).map(s -> {
      if (s.equals("c")) {
        throw new IllegalArgumentException("cannot write " + s);
      }
      return s;
    });
    assertThrows(JobFailedException.class, () -> failing.saveAsTextFile(out.toString()));
    assertFalse(Files.exists(out), "neither part files nor _temporary nor the directory remain");
  }

  @Test
  void retriedAttemptsPublishExactlyOneCopy() throws IOException {
    Path out = dir.resolve("retried");
    // Each partition's first attempt writes half its records, then dies.
    ctx.parallelize(List.of("a", "b", "c", "d", "e", "f"), 3).mapPartitions(it -> {
      List<String> all = new ArrayList<>();
      it.forEachRemaining(all::add);
      if (TaskContext.get().attemptNumber() == 0) {
        return Stream.concat(all.stream().limit(1), Stream.<String>generate(() -> {
          throw new IllegalStateException("died mid-write");
        })).iterator();
      }
      return all.iterator();
    }).saveAsTextFile(out.toString());
    assertEquals(List.of("a", "b", "c", "d", "e", "f"), readParts(out));
  }

  @Test
  void textFileReadsDirectoriesGlobsAndListsSkippingHiddenFiles() throws IOException {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("a.txt"), "one\ntwo\r\nthree");
    Files.writeString(in.resolve("b.txt"), "four\n\nfive\n");
    Files.writeString(in.resolve("_SUCCESS"), "");
    Files.writeString(in.resolve(".hidden"), "never\n");
    List<String> expected = sorted(List.of("one", "two", "three", "four", "", "five"));
    assertEquals(expected, sorted(ctx.textFile(in.toString()).collect()));
    assertEquals(expected, sorted(ctx.textFile(in + "/*.txt").collect()));
    assertEquals(expected, sorted(ctx.textFile(in.resolve("a.txt") + "," + in.resolve("b.txt")).collect()));
  }

  @Test
  void missingInputFailsBeforeAnyTaskRunsNamingThePath() {
    int before = TASKS.get();
    String missing = dir.resolve("no-such-file.txt").toString();
    SpindleException e = assertThrows(SpindleException.class, () -> ctx.textFile(missing).count());
    assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("no-such-file.txt"), e.getMessage());
    assertEquals(before, TASKS.get());
  }

  @Test
  void linesAreReadExactlyOnceWhateverTheSplitSize() throws IOException {
    StringBuilder text = new StringBuilder();
    List<String> expected = new ArrayList<>();
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 300; i++) {
      String line = "line-" + i + "-" + "é日".repeat(r.nextInt(40));
      expected.add(line);
      text.append(line).append(r.nextBoolean() ? "\n" : "\r\n");
    }
    Path file = dir.resolve("lines.txt");
    Files.writeString(file, text.toString());
    for (int parts : new int[] {1, 2, 7, 64, 500}) {
      assertEquals(sorted(expected), sorted(ctx.textFile(file.toString(), parts).collect()), parts + " partitions");
    }
  }
}
