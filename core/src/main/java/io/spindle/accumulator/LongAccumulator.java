package io.spindle.accumulator;

/** Sums longs; also counts the adds, so {@link #avg()} works. Spark's {@code LongAccumulator}. */
public class LongAccumulator extends AccumulatorV2<Long, Long> {
  private static final long serialVersionUID = 1L;

  private long sum;
  private long count;

  @Override
  public boolean isZero() {
    return sum == 0 && count == 0;
  }

  @Override
  public LongAccumulator copy() {
    LongAccumulator copy = new LongAccumulator();
    copy.sum = sum;
    copy.count = count;
    return copy;
  }

  @Override
  public void reset() {
    sum = 0;
    count = 0;
  }

  /** Adds {@code v} without boxing. */
  public void add(long v) {
    sum += v;
    count++;
  }

  @Override
  public void add(Long v) {
    add(v.longValue());
  }

  @Override
  public void merge(AccumulatorV2<Long, Long> other) {
    if (!(other instanceof LongAccumulator o)) {
      throw new UnsupportedOperationException("Cannot merge " + getClass().getName() + " with " + other.getClass().getName());
    }
    sum += o.sum;
    count += o.count;
  }

  public long sum() {
    return sum;
  }

  public long count() {
    return count;
  }

  public double avg() {
    return (double) sum / count;
  }

  @Override
  public Long value() {
    return sum;
  }
}
