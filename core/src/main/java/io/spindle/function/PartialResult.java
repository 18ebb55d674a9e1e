package io.spindle.function;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.hadoop.classification.InterfaceAudience;

/**
 * The answer of an approximate action (Spark's {@code PartialResult}): {@link #initialValue()} is
 * what the job had computed when the action's timeout passed (or the exact value, when the job
 * finished before — then {@link #isInitialValueFinal()} is true); the job keeps running, and
 * {@link #getFinalValue()} waits for its end and returns the exact value, or throws the job's
 * failure ({@link JobFailedException}, {@link JobCancelledException}, …).
 *
 * <p>{@link #onComplete} and {@link #onFail} handlers run once, on the thread that ends the job (the
 * scheduler's: keep them short), or at once on the caller's thread if it has ended already.
 */
public final class PartialResult<R> {
  private final R initialValue;
  private final boolean isFinal;
  // guarded by this
  private boolean hasFinalValue;
  private R finalValue;
  private RuntimeException failure;
  private Consumer<? super R> completionHandler;
  private Consumer<? super RuntimeException> failureHandler;
  private final List<Mapping<R, ?>> derived = new ArrayList<>();

  /** A result; a final one ({@code isFinal}) has {@code initialValue} as its final value. */
  public PartialResult(R initialValue, boolean isFinal) {
    this.initialValue = initialValue;
    this.isFinal = isFinal;
    if (isFinal) {
      hasFinalValue = true;
      finalValue = initialValue;
    }
  }

  /** The value when the action returned: exact if {@link #isInitialValueFinal()}, else an estimate. */
  public R initialValue() {
    return initialValue;
  }

  /** Whether {@link #initialValue()} is already the exact value (the job had ended). */
  public boolean isInitialValueFinal() {
    return isFinal;
  }

  /**
   * Blocks until the job has ended and returns the exact value; throws the job's failure if it
   * failed (or was cancelled). Interrupted, it throws {@link JobFailedException} and keeps the
   * thread's interrupt status.
   */
  public synchronized R getFinalValue() {
    while (!hasFinalValue && failure == null) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JobFailedException("Interrupted while waiting for the final value", e);
      }
    }
    if (hasFinalValue) {
      return finalValue;
    }
    throw failure;
  }

  /**
   * Calls {@code handler} with the final value once it is known (at once if it is); at most one
   * handler, as in Spark (a second call throws {@link UnsupportedOperationException}).
   */
  public PartialResult<R> onComplete(Consumer<? super R> handler) {
    R value;
    synchronized (this) {
      if (completionHandler != null) {
        throw new UnsupportedOperationException("onComplete cannot be called twice");
      }
      completionHandler = handler;
      if (!hasFinalValue) {
        return this;
      }
      value = finalValue;
    }
    handler.accept(value);
    return this;
  }

  /** Calls {@code handler} with the job's failure if it fails (at once if it has); at most one handler. */
  public void onFail(Consumer<? super RuntimeException> handler) {
    RuntimeException e;
    synchronized (this) {
      if (failureHandler != null) {
        throw new UnsupportedOperationException("onFail cannot be called twice");
      }
      failureHandler = handler;
      if (failure == null) {
        return;
      }
      e = failure;
    }
    handler.accept(e);
  }

  /** A result whose values are {@code f} of this one's (its final value or failure follows this one's). */
  public <T> PartialResult<T> map(Function<? super R, ? extends T> f) {
    PartialResult<T> mapped = new PartialResult<>(f.apply(initialValue), isFinal);
    if (isFinal) {
      return mapped;
    }
    boolean ended;
    synchronized (this) {
      ended = hasFinalValue || failure != null;
      if (!ended) {
        derived.add(new Mapping<R, T>(mapped, f));
      }
    }
    if (ended) {
      new Mapping<R, T>(mapped, f).end(this);
    }
    return mapped;
  }

  /** Engine only: sets the final value when the job ends, and calls the completion handler. */
  @InterfaceAudience.Private
  public void setFinalValue(R value) {
    Consumer<? super R> handler;
    List<Mapping<R, ?>> dependents;
    synchronized (this) {
      if (hasFinalValue || failure != null) {
        throw new UnsupportedOperationException("setFinalValue called on an ended PartialResult");
      }
      hasFinalValue = true;
      finalValue = value;
      handler = completionHandler;
      dependents = List.copyOf(derived);
      notifyAll();
    }
    if (handler != null) {
      handler.accept(value);
    }
    dependents.forEach(d -> d.end(this));
  }

  /** Engine only: records the job's failure, which {@link #getFinalValue()} then throws. */
  @InterfaceAudience.Private
  public void setFailure(RuntimeException e) {
    Consumer<? super RuntimeException> handler;
    List<Mapping<R, ?>> dependents;
    synchronized (this) {
      if (hasFinalValue || failure != null) {
        throw new UnsupportedOperationException("setFailure called on an ended PartialResult");
      }
      failure = e;
      handler = failureHandler;
      dependents = List.copyOf(derived);
      notifyAll();
    }
    if (handler != null) {
      handler.accept(e);
    }
    dependents.forEach(d -> d.end(this));
  }

  /** A result made by {@link #map}, ended when its source ends. */
  private record Mapping<R, T>(PartialResult<T> target, Function<? super R, ? extends T> f) {
    void end(PartialResult<R> source) {
      R value;
      RuntimeException failed;
      synchronized (source) {
        value = source.finalValue;
        failed = source.hasFinalValue ? null : source.failure;
      }
      if (failed != null) {
        target.setFailure(failed);
      } else {
        target.setFinalValue(f.apply(value));
      }
    }
  }

  @Override
  public synchronized String toString() {
    return hasFinalValue ? "(final: " + finalValue + ")" : "(partial: " + initialValue + ")";
  }
}
