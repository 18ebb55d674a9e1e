package io.spindle.scheduler;

import io.spindle.config.SpindleConfigs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns task sets into task attempts on free slots and handles their ends: retries failed tasks,
 * aborts a set whose task failed {@code spindle.task.maxFailures} times, and reports every end
 * to the DAG scheduler. Sets run in priority order (FIFO by job).
 *
 * <p>Thread-safety: the backend calls in from its threads; state is guarded by this object's
 * lock, and the lock is never held while calling the backend or the DAG scheduler.
 */
public final class TaskScheduler {
  private final int maxFailures;
  private final AtomicLong nextTaskId = new AtomicLong();
  private final List<TaskSetManager> sets = new ArrayList<>();
  private final Map<Long, TaskSetManager> taskToSet = new HashMap<>();
  private SchedulerBackend backend;
  private TaskEventSink sink;

  public TaskScheduler(io.spindle.SpindleConf conf) {
    this.maxFailures = conf.get(SpindleConfigs.TASK_MAX_FAILURES);
  }

  public void initialize(SchedulerBackend backend, TaskEventSink sink) {
    this.backend = backend;
    this.sink = sink;
  }

  public void submitTasks(TaskSet taskSet) {
    synchronized (this) {
      sets.add(new TaskSetManager(taskSet, maxFailures));
      sets.sort(Comparator.comparingInt((TaskSetManager m) -> m.taskSet().priority())
          .thenComparingInt(m -> m.taskSet().stageId()));
    }
    backend.reviveOffers();
  }

  /** Stops launching tasks of a stage (its job is over); running ones finish and are ignored. */
  public void cancelStage(int stageId) {
    synchronized (this) {
      for (TaskSetManager m : sets) {
        if (m.taskSet().stageId() == stageId) {
          m.abort();
        }
      }
      sets.removeIf(m -> m.isZombie() && m.runningCount() == 0);
    }
  }

  /** Assigns pending tasks to the offered slots. */
  public synchronized List<TaskDescription> resourceOffers(List<WorkerOffer> offers) {
    List<TaskDescription> launched = new ArrayList<>();
    for (WorkerOffer offer : offers) {
      int free = offer.freeSlots();
      for (TaskSetManager set : sets) {
        while (free > 0 && set.hasPending()) {
          long id = nextTaskId.getAndIncrement();
          TaskDescription task = set.resourceOffer(offer.executorId(), offer.host(), id);
          if (task == null) {
            break;
          }
          taskToSet.put(id, set);
          launched.add(task);
          free--;
        }
      }
    }
    return launched;
  }

  /** Called by the backend when an attempt ends. */
  public void statusUpdate(TaskDescription task, String executorId, TaskResult result) {
    TaskSetManager.Outcome outcome;
    TaskSetManager set;
    synchronized (this) {
      set = taskToSet.remove(task.taskId());
      if (set == null) {
        return;
      }
      outcome = set.taskEnded(task.taskId(), task, result);
      if (set.isZombie() && set.runningCount() == 0) {
        sets.remove(set);
      }
    }
    sink.taskEnded(task, executorId, result);
    if (outcome == TaskSetManager.Outcome.ABORTED && set.abortReason() != null) {
      sink.taskSetFailed(task.stageId(), set.abortReason(), set.abortCause());
    }
    if (!result.succeeded()) {
      backend.reviveOffers(); // the retry may run on the slot just freed
    }
  }
}
