package io.spindle;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.JobFailedException;
import io.spindle.function.SpindleListener;
import io.spindle.function.TaskContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speculation and exclusion end to end in local mode (one executor, its threads the slots): the
 * first attempt of one partition sleeps far longer than the test may run; its speculative copy
 * wins, the original is interrupted, and {@code saveAsTextFile} publishes exactly one file per
 * partition with the records of a plain-Java reference. With exclusion on, a task that failed on
 * the only executor can run nowhere, and the job fails at once naming the keys.
 */
class SpeculationLocalTest {
  private static final long SLOW_MS = 120_000;

  @TempDir
  Path dir;

  @Test
  @Timeout(60)
  void aSpeculativeCopyOfASlowAttemptWinsAndExactlyOneFilePerPartitionIsPublished() throws IOException {
    int partitions = 6;
    int slow = 4;
    List<String> data = IntStream.range(0, 600).mapToObj(i -> "r" + i + "-ü").collect(Collectors.toList());
    SpindleConf conf = new SpindleConf(false).setMaster("local[4]")
        .set("spindle.speculation", "true").set("spindle.speculation.interval", "50ms")
        .set("spindle.speculation.minTaskRuntime", "200ms");
    Path out = dir.resolve("out");
    List<SpindleListener.TaskInfo> slowPartitionEnds = new CopyOnWriteArrayList<>();
    try (SpindleContext ctx = new SpindleContext(conf)) {
      ctx.addListener(new SpindleListener() {
        @Override
        public void onTaskEnd(TaskInfo task) {
          if (task.partition() == slow) {
            slowPartitionEnds.add(task);
          }
        }
      });
      ctx.parallelize(data, partitions).map(s -> {
        TaskContext tc = TaskContext.get();
        if (tc.partitionId() == slow && tc.attemptNumber() == 0) {
          Thread.sleep(SLOW_MS); // interrupted when the copy wins
        }
        return s;
      }).saveAsTextFile(out.toString());
      // The loser's end comes when its interrupted sleep returns (the job may have ended already).
      await().atMost(Duration.ofSeconds(30)).until(() -> slowPartitionEnds.stream().anyMatch(t -> t.attemptNumber() == 0));
    }
    // The evidence that the copy won, not a clock: the slow partition's only success is a later
    // attempt, and its first attempt ended unsuccessfully (interrupted; it sleeps past the test's timeout).
    List<SpindleListener.TaskInfo> succeeded = slowPartitionEnds.stream().filter(SpindleListener.TaskInfo::succeeded).toList();
    assertEquals(1, succeeded.size(), slowPartitionEnds.toString());
    assertTrue(succeeded.get(0).attemptNumber() > 0, "the copy won: " + slowPartitionEnds);
    assertTrue(slowPartitionEnds.stream().anyMatch(t -> t.attemptNumber() == 0 && !t.succeeded()),
        "the first attempt ended, killed: " + slowPartitionEnds);

    List<String> names;
    try (Stream<Path> files = Files.list(out)) {
      names = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
    List<String> expectedNames = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      expectedNames.add(String.format("part-%05d", p));
    }
    expectedNames.add("_SUCCESS");
    expectedNames.sort(null);
    assertEquals(expectedNames, names, "one file per partition, no _temporary left");
    List<String> lines = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      lines.addAll(Files.readAllLines(out.resolve(String.format("part-%05d", p)), StandardCharsets.UTF_8));
    }
    assertEquals(data, lines);
  }

  @Test
  @Timeout(60)
  void withExclusionATaskThatFailedOnTheOnlyExecutorFailsTheJobNamingTheKeys() {
    SpindleConf conf = new SpindleConf(false).setMaster("local[2]").set("spindle.excludeOnFailure.enabled", "true");
    try (SpindleContext ctx = new SpindleContext(conf)) {
      JobFailedException e = assertThrows(JobFailedException.class, () -> ctx.parallelize(List.of(1, 2, 3), 3)
          .map(x -> {
            if (x == 2) {
              throw new IllegalStateException("record 2 is bad");
            }
            return x;
          }).count());
      assertTrue(e.getMessage().contains("cannot run anywhere") && e.getMessage().contains("spindle.excludeOnFailure")
          && e.getMessage().contains("record 2 is bad"), e.getMessage());
      assertEquals(List.of(1, 3), ctx.parallelize(List.of(1, 3), 2).collect(), "the context still runs jobs");
    }
  }
}
