package io.spindle.function;

/**
 * What a running task knows about itself. User functions reach it with {@link #get()}, e.g. to
 * learn which partition or which attempt they run in, or to close a resource when the task ends.
 *
 * <p>The engine provides the implementation (its own subclass carries the executor's services);
 * user code only reads it.
 */
public abstract class TaskContext {
  private static final ThreadLocal<TaskContext> CURRENT = new ThreadLocal<>();

  protected TaskContext() {}

  /** The context of the task running in this thread, or null outside a task. */
  public static TaskContext get() {
    return CURRENT.get();
  }

  /** For the engine: makes {@code context} the one {@link #get()} returns on this thread (null unbinds). */
  protected static void setCurrent(TaskContext context) {
    if (context == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(context);
    }
  }

  public abstract int stageId();

  /** 0 for the first attempt of this stage; higher after the stage was resubmitted (e.g. lost map outputs). */
  public abstract int stageAttemptNumber();

  public abstract int partitionId();

  /** 0 for the first attempt of this task, 1 for its first retry, … */
  public abstract int attemptNumber();

  /** Unique among all task attempts of this application. */
  public abstract long taskAttemptId();

  /** This attempt's metrics so far (records, bytes, spills), sent back with its result. */
  public abstract TaskMetrics metrics();

  /** Runs {@code listener} when the task ends, successfully or not (e.g. to close a file). */
  public abstract void addTaskCompletionListener(Runnable listener);
}
