package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.util.ArrayList;
import java.util.List;

/** Sums 1..n on the AM's task threads and fails unless the sum is n(n+1)/2. */
public final class SumApp {
  private SumApp() {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    List<Long> values = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      values.add(i);
    }
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("sum"))) {
      long sum = ctx.parallelize(values, 4).reduce(Long::sum);
      if (sum != (long) n * (n + 1) / 2) {
        throw new AssertionError("sum of 1.." + n + " came out as " + sum);
      }
    }
  }
}
