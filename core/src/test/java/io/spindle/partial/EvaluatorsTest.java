package io.spindle.partial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.BoundedDouble;
import io.spindle.function.StatCounter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluators' edge cases and small-sample branches (Spark's), without a job. */
class EvaluatorsTest {
  private static final BoundedDouble NOTHING_YET = new BoundedDouble(0, 0.0, Double.NEGATIVE_INFINITY,
      Double.POSITIVE_INFINITY);
  /** Student's t 0.975 quantile with 9 degrees of freedom (tables: 2.262157); commons-math inverts to ~1e-9. */
  private static final double T_9 = 2.2621571627409915;

  @Test
  void countBeforeAnythingIsCountedIsZeroToInfinity() {
    CountEvaluator count = new CountEvaluator(4, 0.95);
    assertEquals(new BoundedDouble(0, 0.0, 0.0, Double.POSITIVE_INFINITY), count.currentResult());
    count.merge(0, 0L); // a partition with nothing in it: still nothing to scale
    assertEquals(new BoundedDouble(0, 0.0, 0.0, Double.POSITIVE_INFINITY), count.currentResult());
    count.merge(1, 5L);
    count.merge(2, 5L);
    count.merge(3, 5L);
    assertEquals(new BoundedDouble(15, 1.0, 15, 15), count.currentResult());
  }

  @Test
  void largeCountsBoundTightlyAroundTheScaledCount() {
    CountEvaluator count = new CountEvaluator(10, 0.99);
    for (int i = 0; i < 9; i++) {
      count.merge(i, 1_000_000L);
    }
    BoundedDouble b = count.currentResult();
    assertEquals(10_000_000.0, b.mean(), 1e-6);
    // the rest ~ Poisson(1e6): within ±2.576·1000 (normal approximation), give or take one
    assertEquals(10_000_000.0 - 2576, b.low(), 2);
    assertEquals(10_000_000.0 + 2576, b.high(), 2);
    assertEquals(0.99, b.confidence());
  }

  @Test
  void groupedCountIsEmptyBeforeTheFirstPartition() {
    GroupedCountEvaluator<String> grouped = new GroupedCountEvaluator<>(2, 0.95);
    assertTrue(grouped.currentResult().isEmpty());
    grouped.merge(0, Map.of("a", 3L));
    grouped.merge(1, Map.of("a", 1L, "b", 2L));
    assertEquals(Map.of("a", new BoundedDouble(4, 1.0, 4, 4), "b", new BoundedDouble(2, 1.0, 2, 2)),
        grouped.currentResult());
  }

  @Test
  void sumAndMeanUseStudentsTBelowOneHundredValuesAndAreUnboundedWithOne() {
    List<Double> ten = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
    MeanEvaluator mean = new MeanEvaluator(2, 0.95);
    SumEvaluator sum = new SumEvaluator(2, 0.95);
    assertEquals(NOTHING_YET, mean.currentResult());
    assertEquals(NOTHING_YET, sum.currentResult());

    MeanEvaluator one = new MeanEvaluator(2, 0.95);
    one.merge(0, new StatCounter(List.of(7.0)));
    assertEquals(new BoundedDouble(7, 0.95, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY), one.currentResult());
    SumEvaluator oneSum = new SumEvaluator(2, 0.95);
    oneSum.merge(0, new StatCounter(List.of(7.0)));
    assertEquals(new BoundedDouble(14, 0.95, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
        oneSum.currentResult());

    mean.merge(0, new StatCounter(ten));
    sum.merge(0, new StatCounter(ten));
    double sampleVariance = 82.5 / 9; // sum of squared deviations from 5.5 is 82.5
    BoundedDouble m = mean.currentResult();
    double half = T_9 * Math.sqrt(sampleVariance / 10);
    assertEquals(5.5, m.mean(), 1e-12);
    assertEquals(5.5 - half, m.low(), 1e-7);
    assertEquals(5.5 + half, m.high(), 1e-7);

    // p = 1/2: the rest estimated as 5.5 × 10, variance of that product as Spark computes it
    double countVar = 10 * 0.5 / 0.25;
    double meanVar = sampleVariance / 10;
    double sumVar = 5.5 * 5.5 * countVar + 10 * 10 * meanVar + meanVar * countVar;
    BoundedDouble s = sum.currentResult();
    assertEquals(110, s.mean(), 1e-9);
    assertEquals(110 - T_9 * Math.sqrt(sumVar), s.low(), 1e-7);
    assertEquals(110 + T_9 * Math.sqrt(sumVar), s.high(), 1e-7);
  }

  @Test
  void aBoundedDoublePrintsItsInterval() {
    assertEquals("[1.000, 2.500]", new BoundedDouble(1.5, 0.9, 1, 2.5).toString());
  }
}
