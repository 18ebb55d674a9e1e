package io.spindle.util;

import java.util.concurrent.TimeUnit;

/** A {@link Clock} that moves only when a test advances it. */
public final class ManualClock implements Clock {
  private volatile long nanos;
  private final long wallStartMillis;

  public ManualClock() {
    this(1_000_000_000L);
  }

  public ManualClock(long startNanos) {
    this.nanos = startNanos;
    this.wallStartMillis = 1_700_000_000_000L;
  }

  public synchronized void advance(long amount, TimeUnit unit) {
    nanos += unit.toNanos(amount);
  }

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public long currentTimeMillis() {
    return wallStartMillis + TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
