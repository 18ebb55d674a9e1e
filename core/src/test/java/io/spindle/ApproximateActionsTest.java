package io.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.BoundedDouble;
import io.spindle.function.JobFailedException;
import io.spindle.function.Pair;
import io.spindle.function.PartialResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The approximate actions (countApprox, countByValueApprox, countByKeyApprox, sumApprox, meanApprox)
 * against references computed with plain Java collections: exact when the job ends within the
 * timeout; Spark's estimates and bounds from the finished partitions when later partitions are held
 * back (tasks of partitions ≥ 2 wait on {@link #GATE}, released once the action returned; local[4]
 * runs all four tasks at once, in this JVM), then the exact final value; a failed job's failure.
 */
@Timeout(60)
class ApproximateActionsTest {
  private static final int PARTITIONS = 4;
  private static final int PER_PARTITION = 100;
  /**
   * Long enough for the two ungated partitions' tiny tasks to be in on a loaded 2-core CI machine (the
   * estimates are checked against those two); the gated ones wait for the test.
   */
  private static final long SHORT_TIMEOUT_MS = 3_000;
  private static final long LONG_TIMEOUT_MS = 30_000;
  /** The standard normal's 0.975 quantile (two-sided 95%). */
  private static final double Z_95 = 1.959963984540054;

  private static SpindleContext ctx;
  /** Tasks of partitions ≥ 2 of a gated RDD wait for this (tasks run in-process in local mode). */
  private static volatile CountDownLatch GATE = new CountDownLatch(1);

  @BeforeAll
  static void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[" + PARTITIONS + "]")
        .set("spindle.task.maxFailures", "1"));
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  @BeforeEach
  void closeGate() {
    GATE = new CountDownLatch(1);
  }

  @AfterEach
  void openGate() {
    GATE.countDown(); // never leave tasks blocked behind a failed assertion
  }

  private static List<Integer> numbers() {
    return IntStream.range(0, PARTITIONS * PER_PARTITION).boxed().collect(Collectors.toList());
  }

  /** 0..399 in four partitions of 100 (parallelize slices evenly); partitions ≥ 2 wait for the gate. */
  private static Rdd<Integer> gated() {
    return ctx.parallelize(numbers(), PARTITIONS).mapPartitionsWithIndex((index, it) -> {
      if (index >= 2 && !GATE.await(LONG_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("gate never opened");
      }
      return it;
    }, true);
  }

  /** The elements of partitions 0 and 1 of {@link #gated()}. */
  private static List<Integer> firstHalf() {
    return numbers().subList(0, 2 * PER_PARTITION);
  }

  private static void assertExact(double expected, BoundedDouble b) {
    assertEquals(new BoundedDouble(expected, 1.0, expected, expected), b);
  }

  /** Smallest k with P(X ≤ k) ≥ q for X ~ Poisson(lambda), by summing the pmf (no library). */
  private static int poissonQuantile(double lambda, double q) {
    double logPmf = -lambda; // log P(X = 0)
    double cdf = Math.exp(logPmf);
    int k = 0;
    while (cdf < q) {
      k++;
      logPmf += Math.log(lambda) - Math.log(k);
      cdf += Math.exp(logPmf);
    }
    return k;
  }

  /** Spark's count bound with half of the partitions in holding {@code seen}: seen + Poisson(seen). */
  private static BoundedDouble halfCountBound(long seen) {
    return new BoundedDouble(2.0 * seen, 0.95, seen + poissonQuantile(seen, 0.025),
        seen + poissonQuantile(seen, 0.975));
  }

  private static void assertClose(BoundedDouble expected, BoundedDouble actual) {
    assertEquals(expected.confidence(), actual.confidence(), 0.0, "confidence");
    assertEquals(expected.mean(), actual.mean(), 1e-9 * Math.abs(expected.mean()) + 1e-9, "mean");
    assertEquals(expected.low(), actual.low(), 1e-9 * Math.abs(expected.low()) + 1e-9, "low");
    assertEquals(expected.high(), actual.high(), 1e-9 * Math.abs(expected.high()) + 1e-9, "high");
  }

  // ---------------------------------------------------------------- the job ends within the timeout

  @Test
  void exactWhenTheJobEndsWithinTheTimeout() {
    List<Integer> data = numbers();
    Rdd<Integer> rdd = ctx.parallelize(data, 7);

    PartialResult<BoundedDouble> count = rdd.countApprox(LONG_TIMEOUT_MS);
    assertTrue(count.isInitialValueFinal());
    assertExact(data.size(), count.initialValue());
    assertSame(count.initialValue(), count.getFinalValue());

    double sum = 0;
    for (int x : data) {
      sum += x * 0.5;
    }
    DoubleRdd doubles = rdd.mapToDouble(x -> x * 0.5);
    PartialResult<BoundedDouble> sumApprox = doubles.sumApprox(LONG_TIMEOUT_MS, 0.9);
    assertTrue(sumApprox.isInitialValueFinal());
    assertEquals(sum, sumApprox.initialValue().mean(), 1e-9);
    assertEquals(sumApprox.initialValue().mean(), sumApprox.initialValue().low());
    assertEquals(sumApprox.initialValue().mean(), sumApprox.initialValue().high());
    assertEquals(1.0, sumApprox.initialValue().confidence());

    PartialResult<BoundedDouble> mean = doubles.meanApprox(LONG_TIMEOUT_MS);
    assertTrue(mean.isInitialValueFinal());
    assertEquals(sum / data.size(), mean.getFinalValue().mean(), 1e-9);
    assertEquals(mean.getFinalValue().mean(), mean.getFinalValue().low());
    assertEquals(mean.getFinalValue().mean(), mean.getFinalValue().high());
    assertEquals(1.0, mean.getFinalValue().confidence());
  }

  @Test
  void countByKeyAndByValueExactAgainstAJavaMap() {
    List<Pair<String, Integer>> pairs = new ArrayList<>();
    Map<String, Long> expected = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      String key = i % 10 == 0 ? "hot" : "k" + (i * 7919 % 37) + (i % 3 == 0 ? "é" : "");
      pairs.add(Pair.of(key, i));
      expected.merge(key, 1L, Long::sum);
    }
    PartialResult<Map<String, BoundedDouble>> byKey = ctx.parallelizePairs(pairs, 6).countByKeyApprox(LONG_TIMEOUT_MS);
    assertTrue(byKey.isInitialValueFinal());
    assertEquals(expected.keySet(), byKey.initialValue().keySet());
    expected.forEach((k, n) -> assertExact(n, byKey.initialValue().get(k)));

    List<String> keys = pairs.stream().map(Pair::key).collect(Collectors.toList());
    PartialResult<Map<String, BoundedDouble>> byValue = ctx.parallelize(keys, 3).countByValueApprox(LONG_TIMEOUT_MS, 0.5);
    assertTrue(byValue.isInitialValueFinal());
    assertEquals(expected.keySet(), byValue.getFinalValue().keySet());
    expected.forEach((k, n) -> assertExact(n, byValue.getFinalValue().get(k)));
  }

  @Test
  void emptyRddsAreExactAtOnce() {
    for (Rdd<Integer> empty : List.of(ctx.<Integer>emptyRdd(), ctx.parallelize(List.<Integer>of(), 3))) {
      // no partition: no job, final even with timeout 0; empty partitions: final as soon as the job ends
      long timeout = empty.getNumPartitions() == 0 ? 0 : LONG_TIMEOUT_MS;
      PartialResult<BoundedDouble> count = empty.countApprox(timeout);
      assertTrue(count.isInitialValueFinal());
      assertExact(0, count.initialValue());
      assertExact(0, empty.mapToDouble(x -> x).sumApprox(timeout).initialValue());
      // Spark's MeanEvaluator reports StatCounter.mean, which is 0 when empty (as DoubleRdd.mean()).
      PartialResult<BoundedDouble> mean = empty.mapToDouble(x -> x).meanApprox(timeout);
      assertTrue(mean.isInitialValueFinal());
      assertExact(0, mean.initialValue());
      assertEquals(empty.mapToDouble(x -> x).mean(), mean.initialValue().mean());
      PartialResult<Map<Integer, BoundedDouble>> byValue = empty.countByValueApprox(timeout);
      assertTrue(byValue.isInitialValueFinal());
      assertTrue(byValue.initialValue().isEmpty());
      assertTrue(empty.mapToPair(x -> Pair.of(x, x)).countByKeyApprox(timeout).getFinalValue().isEmpty());
    }
  }

  // ---------------------------------------------------------------- later partitions held back

  @Test
  void countApproxEstimatesFromTheFinishedPartitionsThenEndsExact() throws InterruptedException {
    PartialResult<BoundedDouble> result = gated().countApprox(SHORT_TIMEOUT_MS);
    assertFalse(result.isInitialValueFinal());
    BoundedDouble estimate = result.initialValue();
    long exact = numbers().size();
    // two of four equal partitions in: 200 seen, the rest Poisson(200)
    assertClose(halfCountBound(firstHalf().size()), estimate);
    assertTrue(estimate.low() <= exact && exact <= estimate.high(), estimate + " should hold " + exact);
    assertTrue(estimate.low() < estimate.high());

    AtomicReference<BoundedDouble> completed = new AtomicReference<>();
    CountDownLatch handlerCalled = new CountDownLatch(1);
    result.onComplete(b -> {
      completed.set(b);
      handlerCalled.countDown();
    });
    PartialResult<Double> mapped = result.map(BoundedDouble::mean);
    assertEquals(estimate.mean(), mapped.initialValue());
    assertTrue(result.toString().startsWith("(partial: "), result.toString());

    GATE.countDown();
    assertExact(exact, result.getFinalValue());
    assertTrue(handlerCalled.await(LONG_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    assertEquals(result.getFinalValue(), completed.get());
    assertEquals((double) exact, mapped.getFinalValue());
    assertEquals("(final: [400.000, 400.000])", result.toString());
    assertThrows(UnsupportedOperationException.class, () -> result.onComplete(b -> { }));
  }

  @Test
  void countByKeyApproxBoundsEachKeyThenEndsExact() {
    Map<Integer, Long> seen = new HashMap<>();
    firstHalf().forEach(x -> seen.merge(x % 3, 1L, Long::sum));
    Map<Integer, Long> exact = new HashMap<>();
    numbers().forEach(x -> exact.merge(x % 3, 1L, Long::sum));

    PartialResult<Map<Integer, BoundedDouble>> result =
        gated().mapToPair(x -> Pair.of(x % 3, "v" + x)).countByKeyApprox(SHORT_TIMEOUT_MS, 0.95);
    assertFalse(result.isInitialValueFinal());
    assertEquals(seen.keySet(), result.initialValue().keySet());
    seen.forEach((key, n) -> assertClose(halfCountBound(n), result.initialValue().get(key)));

    GATE.countDown();
    Map<Integer, BoundedDouble> last = result.getFinalValue();
    assertEquals(exact.keySet(), last.keySet());
    exact.forEach((key, n) -> assertExact(n, last.get(key)));
  }

  @Test
  void sumAndMeanApproxEstimateFromTheFinishedPartitionsThenEndExact() {
    double[] firstValues = firstHalf().stream().mapToDouble(x -> x * 1.5).toArray();
    int n = firstValues.length;
    double seenSum = 0;
    for (double v : firstValues) {
      seenSum += v;
    }
    double seenMean = seenSum / n;
    double squares = 0;
    for (double v : firstValues) {
      squares += (v - seenMean) * (v - seenMean);
    }
    double sampleVariance = squares / (n - 1);
    double exactSum = 0;
    for (int x : numbers()) {
      exactSum += x * 1.5;
    }

    // Spark's SumEvaluator with p = 1/2 (n > 100 values: normal factor)
    double p = 0.5;
    double countEstimate = n * (1 - p) / p;
    double meanVar = sampleVariance / n;
    double countVar = n * (1 - p) / (p * p);
    double sumVar = seenMean * seenMean * countVar + countEstimate * countEstimate * meanVar + meanVar * countVar;
    double sumEstimate = seenSum + seenMean * countEstimate;
    double sumHalfWidth = Z_95 * Math.sqrt(sumVar);

    PartialResult<BoundedDouble> sum = DoubleRdd.of(gated().map(x -> x * 1.5)).sumApprox(SHORT_TIMEOUT_MS);
    assertFalse(sum.isInitialValueFinal());
    assertClose(new BoundedDouble(sumEstimate, 0.95, sumEstimate - sumHalfWidth, sumEstimate + sumHalfWidth),
        sum.initialValue());

    PartialResult<BoundedDouble> mean = gated().mapToDouble(x -> x * 1.5).meanApprox(SHORT_TIMEOUT_MS, 0.95);
    assertFalse(mean.isInitialValueFinal());
    double meanHalfWidth = Z_95 * Math.sqrt(sampleVariance / n);
    assertClose(new BoundedDouble(seenMean, 0.95, seenMean - meanHalfWidth, seenMean + meanHalfWidth),
        mean.initialValue());

    GATE.countDown();
    BoundedDouble finalSum = sum.getFinalValue();
    assertEquals(exactSum, finalSum.mean(), 1e-9);
    assertEquals(finalSum.mean(), finalSum.low());
    assertEquals(finalSum.mean(), finalSum.high());
    assertEquals(1.0, finalSum.confidence());
    BoundedDouble finalMean = mean.getFinalValue();
    assertEquals(exactSum / numbers().size(), finalMean.mean(), 1e-9);
    assertEquals(finalMean.mean(), finalMean.low());
    assertEquals(finalMean.mean(), finalMean.high());
    assertEquals(1.0, finalMean.confidence());
  }

  // ---------------------------------------------------------------- failures

  @Test
  void aJobFailingBeforeTheTimeoutFailsTheAction() {
    Rdd<Integer> failing = ctx.parallelize(numbers(), PARTITIONS).map(x -> {
      if (x == 123) {
        throw new IllegalStateException("boom at 123");
      }
      return x;
    });
    JobFailedException e = assertThrows(JobFailedException.class, () -> failing.countApprox(LONG_TIMEOUT_MS));
    assertTrue(String.valueOf(e.getMessage()).contains("boom at 123") || causeChainMentions(e, "boom at 123"), e::toString);
  }

  @Test
  void aJobFailingAfterTheTimeoutFailsTheFinalValue() throws InterruptedException {
    Rdd<Integer> failingLate = gated().map(x -> {
      if (x == 321) {
        throw new IllegalStateException("boom at 321");
      }
      return x;
    });
    PartialResult<BoundedDouble> result = failingLate.countApprox(SHORT_TIMEOUT_MS);
    assertFalse(result.isInitialValueFinal());
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    CountDownLatch handlerCalled = new CountDownLatch(1);
    result.onFail(err -> {
      failed.set(err);
      handlerCalled.countDown();
    });

    GATE.countDown();
    JobFailedException e = assertThrows(JobFailedException.class, result::getFinalValue);
    assertTrue(causeChainMentions(e, "boom at 321"), e::toString);
    assertTrue(handlerCalled.await(LONG_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    assertSame(e, failed.get());
    assertThrows(JobFailedException.class, result::getFinalValue); // stays failed
  }

  @Test
  void confidenceOutsideZeroToOneIsRefused() {
    Rdd<Integer> rdd = ctx.parallelize(List.of(1, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> rdd.countApprox(10, 1.5));
    assertThrows(IllegalArgumentException.class, () -> rdd.countByValueApprox(10, -0.1));
    assertThrows(IllegalArgumentException.class, () -> rdd.mapToDouble(x -> x).sumApprox(10, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> rdd.mapToDouble(x -> x).meanApprox(10, 2));
  }

  private static boolean causeChainMentions(Throwable t, String text) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (String.valueOf(c.getMessage()).contains(text)) {
        return true;
      }
    }
    return false;
  }

}
