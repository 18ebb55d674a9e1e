package io.spindle.accumulator;

/** Sums doubles; also counts the adds, so {@link #avg()} works. Spark's {@code DoubleAccumulator}. */
public class DoubleAccumulator extends AccumulatorV2<Double, Double> {
  private static final long serialVersionUID = 1L;

  private double sum;
  private long count;

  @Override
  public boolean isZero() {
    return sum == 0.0 && count == 0;
  }

  @Override
  public DoubleAccumulator copy() {
    DoubleAccumulator copy = new DoubleAccumulator();
    copy.sum = sum;
    copy.count = count;
    return copy;
  }

  @Override
  public void reset() {
    sum = 0.0;
    count = 0;
  }

  /** Adds {@code v} without boxing. */
  public void add(double v) {
    sum += v;
    count++;
  }

  @Override
  public void add(Double v) {
    add(v.doubleValue());
  }

  @Override
  public void merge(AccumulatorV2<Double, Double> other) {
    if (!(other instanceof DoubleAccumulator o)) {
      throw new UnsupportedOperationException("Cannot merge " + getClass().getName() + " with " + other.getClass().getName());
    }
    sum += o.sum;
    count += o.count;
  }

  public double sum() {
    return sum;
  }

  public long count() {
    return count;
  }

  public double avg() {
    return sum / count;
  }

  @Override
  public Double value() {
    return sum;
  }
}
