package io.spindle;

import io.spindle.executor.ExecutorEnv;
import io.spindle.memory.TaskMemoryManager;
import io.spindle.function.TaskMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * What a running task knows about itself. User functions reach it with {@link #get()}, e.g. to
 * learn which partition or which attempt they run in.
 */
public final class TaskContext {
  private static final ThreadLocal<TaskContext> CURRENT = new ThreadLocal<>();

  private final int stageId;
  private final int stageAttemptNumber;
  private final int partitionId;
  private final int attemptNumber;
  private final long taskAttemptId;
  private final ExecutorEnv env;
  private final List<Runnable> completionListeners = new ArrayList<>();
  private final TaskMetrics metrics = new TaskMetrics();
  private TaskMemoryManager taskMemory;
  private io.spindle.shuffle.FetchFailedException fetchFailed;

  public TaskContext(int stageId, int partitionId, int attemptNumber, long taskAttemptId, ExecutorEnv env) {
    this(stageId, 0, partitionId, attemptNumber, taskAttemptId, env);
  }

  public TaskContext(int stageId, int stageAttemptNumber, int partitionId, int attemptNumber, long taskAttemptId,
      ExecutorEnv env) {
    this.stageId = stageId;
    this.stageAttemptNumber = stageAttemptNumber;
    this.partitionId = partitionId;
    this.attemptNumber = attemptNumber;
    this.taskAttemptId = taskAttemptId;
    this.env = env;
  }

  /** The context of the task running in this thread, or null outside a task. */
  public static TaskContext get() {
    return CURRENT.get();
  }

  public int stageId() {
    return stageId;
  }

  /** 0 for the first attempt of this stage; higher after the stage was resubmitted (e.g. lost map outputs). */
  public int stageAttemptNumber() {
    return stageAttemptNumber;
  }

  public int partitionId() {
    return partitionId;
  }

  /** 0 for the first attempt of this task, 1 for its first retry, … */
  public int attemptNumber() {
    return attemptNumber;
  }

  /** Unique among all task attempts of this application. */
  public long taskAttemptId() {
    return taskAttemptId;
  }

  /** Framework-facing: the services of the process the task runs in. */
  public ExecutorEnv env() {
    return env;
  }

  /** Framework-facing: this attempt's metrics, sent back with its result. */
  public TaskMetrics metrics() {
    return metrics;
  }

  /** Framework-facing: execution memory of this attempt (spillable collections acquire through it). */
  public TaskMemoryManager taskMemory() {
    if (taskMemory == null) {
      taskMemory = new TaskMemoryManager(env.memoryManager(), taskAttemptId, metrics);
    }
    return taskMemory;
  }

  /**
   * Framework-facing: the shuffle read path records a fetch failure here before throwing it, so the
   * task reports a fetch failure even if user code caught the exception and threw another.
   */
  public io.spindle.shuffle.FetchFailedException setFetchFailed(io.spindle.shuffle.FetchFailedException failure) {
    if (fetchFailed == null) {
      fetchFailed = failure;
    }
    return failure;
  }

  /** Framework-facing: the first fetch failure of this attempt, or null. */
  public io.spindle.shuffle.FetchFailedException fetchFailed() {
    return fetchFailed;
  }

  /** Runs {@code listener} when the task ends, successfully or not (e.g. to close a file). */
  public void addTaskCompletionListener(Runnable listener) {
    completionListeners.add(listener);
  }

  /** Framework-facing: binds this context to the current thread for the task's duration. */
  public void bind() {
    CURRENT.set(this);
  }

  /** Framework-facing: runs completion listeners (last added first) and unbinds the thread. */
  public void complete() {
    try {
      for (int i = completionListeners.size() - 1; i >= 0; i--) {
        try {
          completionListeners.get(i).run();
        } catch (RuntimeException e) {
          // A failing cleanup must not hide the task's own outcome.
          org.slf4j.LoggerFactory.getLogger(TaskContext.class).warn("Task completion listener failed", e);
        }
      }
    } finally {
      CURRENT.remove();
    }
  }
}
