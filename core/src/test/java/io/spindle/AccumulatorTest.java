package io.spindle;

import io.spindle.function.TaskContext;
import io.spindle.function.SpindleListener;
import io.spindle.function.Pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.accumulator.CollectionAccumulator;
import io.spindle.accumulator.DoubleAccumulator;
import io.spindle.accumulator.LongAccumulator;
import io.spindle.config.SpindleConfigs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Accumulators: exact totals with retried attempts and reused map stages. */
class AccumulatorTest {
  private SpindleContext ctx;
  private final List<SpindleListener.StageInfo> stages = new CopyOnWriteArrayList<>();
  private final List<SpindleListener.TaskInfo> failedTasks = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[3]")
        .set(SpindleConfigs.TASK_MAX_FAILURES.key(), "4"));
    ctx.addListenerOnSchedulerThread(new SpindleListener() {
      @Override
      public void onStageSubmitted(StageInfo stage) {
        stages.add(stage);
      }

      @Override
      public void onTaskEnd(TaskInfo task) {
        if (task.failure() != null) {
          failedTasks.add(task);
        }
      }
    });
  }

  @AfterEach
  void stop() {
    ctx.close();
  }

  @ParameterizedTest
  @MethodSource("io.spindle.TestData#cases")
  void longDoubleAndCollectionAccumulatorsMatchPlainJava(TestData.Case input) {
    LongAccumulator chars = ctx.longAccumulator("chars");
    DoubleAccumulator halves = ctx.doubleAccumulator("halves");
    CollectionAccumulator<String> longWords = ctx.collectionAccumulator("long words");
    ctx.parallelize(input.words(), input.slices()).foreach(w -> {
      chars.add(w.length());
      halves.add(w.length() / 2.0);
      if (w.length() > 3) {
        longWords.add(w);
      }
    });
    long expectedChars = input.words().stream().mapToLong(String::length).sum();
    List<String> expectedLong = new ArrayList<>(input.words().stream().filter(w -> w.length() > 3).toList());
    assertEquals(expectedChars, chars.value());
    assertEquals(input.words().size(), chars.count());
    assertEquals(expectedChars / 2.0, halves.value(), 1e-9);
    List<String> gotLong = new ArrayList<>(longWords.value());
    gotLong.sort(null);
    expectedLong.sort(null);
    assertEquals(expectedLong, gotLong);
    assertEquals("chars", chars.name());
  }

  @Test
  void failedAttemptsDoNotCountInResultStages() {
    LongAccumulator records = ctx.longAccumulator("records");
    int n = 1_000;
    List<Integer> xs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      xs.add(i);
    }
    ctx.parallelize(xs, 10).foreach(x -> {
      records.add(1);
      TaskContext tc = TaskContext.get();
      // Partitions 0-4 fail on their first attempt after adding every record but the last.
      if (tc.partitionId() < 5 && tc.attemptNumber() == 0 && x % 100 == 98) {
        throw new IllegalStateException("injected failure");
      }
    });
    assertEquals(5, failedTasks.size(), "the injected failures happened");
    assertEquals(n, records.value());
  }

  @Test
  void failedAttemptsAndReusedMapStagesDoNotDoubleCount() {
    LongAccumulator mapped = ctx.longAccumulator("mapped");
    List<String> words = TestData.random(5_000, 300, 11);
    PairRdd<String, Long> counts = ctx.parallelize(words, 8).mapToPair(w -> {
      mapped.add(1);
      TaskContext tc = TaskContext.get();
      if (tc.partitionId() % 2 == 0 && tc.attemptNumber() < 2 && w.hashCode() % 7 == 0) {
        throw new IllegalStateException("injected map failure");
      }
      return Pair.of(w, 1L);
    }).reduceByKey(Long::sum, 4);

    Map<String, Long> expected = new HashMap<>();
    words.forEach(w -> expected.merge(w, 1L, Long::sum));
    assertEquals(expected.size(), counts.count());
    assertTrue(failedTasks.size() >= 8, "each even partition failed twice: " + failedTasks.size());
    assertEquals(words.size(), mapped.value());

    int stagesBefore = stages.size();
    Map<String, Long> got = new HashMap<>();
    counts.collect().forEach(p -> got.put(p.key(), p.value()));
    assertEquals(expected, got);
    assertTrue(stages.subList(stagesBefore, stages.size()).stream().noneMatch(SpindleListener.StageInfo::shuffleMap),
        "the finished map stage was reused, not run again");
    assertEquals(words.size(), mapped.value(), "the reused map stage added nothing");
  }

  @Test
  void accumulatorUsedTwiceInOneClosureCountsBoth() {
    LongAccumulator acc = ctx.longAccumulator();
    ctx.parallelize(List.of(1, 2, 3, 4), 2).map(x -> {
      acc.add(x);
      return x;
    }).foreach(x -> acc.add(10L * x));
    assertEquals(110, acc.value());
  }

  @Test
  void unregisteredAccumulatorIsRefusedBeforeTasksRun() {
    LongAccumulator loose = new LongAccumulator();
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> ctx.parallelize(List.of(1, 2), 1).foreach(x -> loose.add(x)));
    assertTrue(e.getMessage().contains("must be registered"), e.getMessage());
    ctx.register(loose, "late");
    ctx.parallelize(List.of(1, 2), 1).foreach(x -> loose.add(x));
    assertEquals(3, loose.value());
  }
}
