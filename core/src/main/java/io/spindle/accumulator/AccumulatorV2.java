package io.spindle.accumulator;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * A value that tasks add to and the driver reads, with Spark's {@code AccumulatorV2} contract.
 * Make one with {@code ctx.longAccumulator("name")} (or register your own subclass with
 * {@code ctx.register(acc, "name")}), capture it in a function and call {@code add} there.
 *
 * <p>How it works: when a task is shipped, the accumulator is replaced by a zeroed copy with the
 * same id; the task adds to its own copy; a successful attempt sends its copy back with its result
 * and the driver merges it into the original. Updates made inside actions (and in map stages)
 * count exactly once per partition: a failed attempt's updates are dropped, a retried partition
 * counts once, and a finished map stage that a later job reuses does not run again. Updates made
 * in a transformation are counted again if a later job recomputes it (e.g. an uncached RDD used by
 * two actions), as in Spark.
 *
 * <p>Not thread-safe: one task adds from one thread; the driver reads {@link #value()} after the
 * action returned.
 *
 * @param <IN> what {@code add} takes
 * @param <OUT> what {@code value} returns
 */
public abstract class AccumulatorV2<IN, OUT> implements Serializable {
  private static final long serialVersionUID = 1L;

  private long id = -1;
  private String name;
  /** True for the driver's original; false for a task's copy (which is shipped back as is). */
  private transient boolean atDriverSide = true;

  /** Framework-facing: called by {@link AccumulatorContext#register}. */
  final void assign(long id, String name) {
    if (this.id >= 0) {
      throw new IllegalStateException(this + " is already registered");
    }
    this.id = id;
    this.name = name;
  }

  public final long id() {
    return id;
  }

  public final boolean isRegistered() {
    return id >= 0;
  }

  /** The name given at registration, or null. */
  public final String name() {
    return name;
  }

  /** True if this is the zero value (nothing was added). */
  public abstract boolean isZero();

  /** A new accumulator with the same value (not registered). */
  public abstract AccumulatorV2<IN, OUT> copy();

  public abstract void reset();

  public abstract void add(IN v);

  /** Adds {@code other}'s value into this one (same concrete type). */
  public abstract void merge(AccumulatorV2<IN, OUT> other);

  public abstract OUT value();

  /** A zero copy carrying the same id and name. */
  public AccumulatorV2<IN, OUT> copyAndReset() {
    AccumulatorV2<IN, OUT> copy = copy();
    copy.reset();
    return copy;
  }

  /** Driver side: ship a zeroed copy, not the accumulated value. Task side: ship the task's value. */
  protected final Object writeReplace() throws ObjectStreamException {
    if (!atDriverSide) {
      return this;
    }
    if (id < 0) {
      throw new UnsupportedOperationException("Accumulator " + getClass().getSimpleName() + " must be registered"
          + " before it is used in a task: create it with ctx.longAccumulator(name) (or the double/collection"
          + " variants), or call ctx.register(accumulator, name).");
    }
    AccumulatorV2<IN, OUT> copy = copyAndReset();
    copy.id = id;
    copy.name = name;
    copy.atDriverSide = false;
    return copy;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    atDriverSide = false;
    TaskAccumulators.register(this); // no-op outside a task (e.g. a result read on the driver)
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(id: " + id + ", name: " + name + ", value: " + value() + ")";
  }
}
