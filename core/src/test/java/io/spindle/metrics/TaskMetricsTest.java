package io.spindle.metrics;

import io.spindle.function.TaskMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.Pair;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.SpindleListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task metrics as listeners see them, against counts taken from the files themselves. */
class TaskMetricsTest {
  private static final ConcurrentLinkedQueue<SpindleListener.TaskInfo> TASKS = new ConcurrentLinkedQueue<>();

  @TempDir
  Path dir;

  private static long sum(java.util.function.ToLongFunction<TaskMetrics> f) {
    return TASKS.stream().mapToLong(t -> f.applyAsLong(t.metrics())).sum();
  }

  @Test
  void inputShuffleAndOutputCountsMatchTheFiles() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      lines.add("word" + (i % 97) + " line " + i);
    }
    Path input = dir.resolve("in.txt");
    Files.write(input, lines);
    Path output = dir.resolve("out");
    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]"))) {
      ctx.addListener(new SpindleListener() {
        @Override
        public void onTaskEnd(TaskInfo task) {
          TASKS.add(task);
        }
      });
      ctx.textFile(input.toString(), 3).mapToPair(l -> Pair.of(l.substring(0, l.indexOf(' ')), 1L))
          .reduceByKey(Long::sum, 4).map(p -> p.key() + "\t" + p.value()).saveAsTextFile(output.toString());
    }
    assertTrue(TASKS.stream().allMatch(t -> t.metrics() != null && t.succeeded()), TASKS.toString());
    assertEquals(lines.size(), sum(TaskMetrics::inputRecords));
    assertEquals(Files.size(input), sum(TaskMetrics::inputBytes));
    assertEquals(sum(TaskMetrics::shuffleWriteRecords), sum(TaskMetrics::shuffleReadRecords));
    assertEquals(sum(TaskMetrics::shuffleWriteBytes), sum(TaskMetrics::shuffleReadBytes));
    assertTrue(sum(TaskMetrics::shuffleWriteRecords) >= 97, "one record per word and map task at least");
    long outLines = 0;
    long outBytes = 0;
    try (Stream<Path> parts = Files.list(output)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        outLines += Files.readAllLines(part).size();
        outBytes += Files.size(part);
      }
    }
    assertEquals(97, outLines);
    assertEquals(outLines, sum(TaskMetrics::outputRecords));
    assertEquals(outBytes, sum(TaskMetrics::outputBytes));
    assertEquals(0, sum(TaskMetrics::spillCount), "nothing should spill with the default memory");
    assertTrue(sum(TaskMetrics::peakExecutionMemory) > 0, "map-side combine holds execution memory");
  }
}
