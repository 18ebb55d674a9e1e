package io.spindle.task;

import io.spindle.function.TaskContext;
import io.spindle.function.TaskMetrics;
import io.spindle.memory.TaskMemoryManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's view of a running task attempt: the user-facing {@link TaskContext} plus what the
 * engine needs while the task runs (the process's services, this attempt's execution memory, the
 * fetch-failure slot) and binding to the task's thread. Created by the task runner; engine code
 * that receives a user-facing context turns it back with {@link #of(TaskContext)}.
 */
public final class EngineTaskContext extends TaskContext {
  private final int stageId;
  private final int stageAttemptNumber;
  private final int partitionId;
  private final int attemptNumber;
  private final long taskAttemptId;
  private final TaskServices env;
  private final List<Runnable> completionListeners = new ArrayList<>();
  private final TaskMetrics metrics = new TaskMetrics();
  private TaskMemoryManager taskMemory;
  private RuntimeException fetchFailed;

  public EngineTaskContext(int stageId, int partitionId, int attemptNumber, long taskAttemptId, TaskServices env) {
    this(stageId, 0, partitionId, attemptNumber, taskAttemptId, env);
  }

  public EngineTaskContext(int stageId, int stageAttemptNumber, int partitionId, int attemptNumber,
      long taskAttemptId, TaskServices env) {
    this.stageId = stageId;
    this.stageAttemptNumber = stageAttemptNumber;
    this.partitionId = partitionId;
    this.attemptNumber = attemptNumber;
    this.taskAttemptId = taskAttemptId;
    this.env = env;
  }

  /** The engine context of the task running in this thread, or null outside a task. */
  public static EngineTaskContext get() {
    return of(TaskContext.get());
  }

  /** The engine context behind a user-facing one (the engine made every context there is). */
  public static EngineTaskContext of(TaskContext context) {
    if (context == null || context instanceof EngineTaskContext) {
      return (EngineTaskContext) context;
    }
    throw new IllegalStateException("Not a task context made by the engine: " + context.getClass().getName());
  }

  @Override
  public int stageId() {
    return stageId;
  }

  @Override
  public int stageAttemptNumber() {
    return stageAttemptNumber;
  }

  @Override
  public int partitionId() {
    return partitionId;
  }

  @Override
  public int attemptNumber() {
    return attemptNumber;
  }

  @Override
  public long taskAttemptId() {
    return taskAttemptId;
  }

  /** The services of the process the task runs in. */
  public TaskServices env() {
    return env;
  }

  @Override
  public TaskMetrics metrics() {
    return metrics;
  }

  /** Execution memory of this attempt (spillable collections acquire through it). */
  public TaskMemoryManager taskMemory() {
    if (taskMemory == null) {
      taskMemory = new TaskMemoryManager(env.memoryManager(), taskAttemptId, metrics);
    }
    return taskMemory;
  }

  /**
   * The shuffle read path records its fetch failure (an {@code io.spindle.shuffle.FetchFailedException},
   * which lives above this package) here before throwing it, so the task reports a fetch failure
   * even if user code caught the exception and threw another.
   */
  public <E extends RuntimeException> E setFetchFailed(E failure) {
    if (fetchFailed == null) {
      fetchFailed = failure;
    }
    return failure;
  }

  /** The first fetch failure of this attempt, or null. */
  public RuntimeException fetchFailed() {
    return fetchFailed;
  }

  @Override
  public void addTaskCompletionListener(Runnable listener) {
    completionListeners.add(listener);
  }

  /** Binds this context to the current thread for the task's duration. */
  public void bind() {
    setCurrent(this);
  }

  /** Runs completion listeners (last added first) and unbinds the thread. */
  public void complete() {
    try {
      for (int i = completionListeners.size() - 1; i >= 0; i--) {
        try {
          completionListeners.get(i).run();
        } catch (RuntimeException e) {
          // A failing cleanup must not hide the task's own outcome.
          org.slf4j.LoggerFactory.getLogger(EngineTaskContext.class).warn("Task completion listener failed", e);
        }
      }
    } finally {
      setCurrent(null);
    }
  }
}
