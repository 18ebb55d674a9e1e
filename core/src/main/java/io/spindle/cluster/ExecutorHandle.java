package io.spindle.cluster;

import io.spindle.rpc.RpcConnection;
import io.spindle.rpc.RpcMessage;
import io.spindle.rpc.StageBodyLru;
import io.spindle.scheduler.TaskDescription;
import io.spindle.serializer.ClosureSerializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver's view of one registered executor: its connection, free slots, running tasks and
 * which stage bodies it holds. Guarded by the {@link ClusterBackend}'s lock.
 */
final class ExecutorHandle {
  final String executorId;
  final String host;
  final int cores;
  final RpcConnection connection;
  private final StageBodyLru<Boolean> bodiesHeld;
  private final Map<Long, TaskDescription> running = new HashMap<>();
  /** Running tasks this driver sent {@code KILL_TASK} for, with the reason it gave. */
  private final Map<Long, String> killsSent = new HashMap<>();

  ExecutorHandle(RpcConnection connection, RpcMessage.RegisterExecutor registration, int bodyCacheSize) {
    this.executorId = registration.executorId();
    this.host = registration.host();
    this.cores = registration.cores();
    this.connection = connection;
    this.bodiesHeld = new StageBodyLru<>(bodyCacheSize);
  }

  int freeSlots() {
    return cores - running.size();
  }

  /**
   * Sends the task, preceded by its stage body if this executor does not hold it.
   *
   * @return true if the stage body was sent
   */
  boolean launch(TaskDescription task) {
    // Serialized first: a partition that cannot be serialized fails the task before it counts as running.
    byte[] partition = ClosureSerializer.serialize(task.partition(), "partition of " + task.name());
    running.put(task.taskId(), task);
    boolean sendBody = bodiesHeld.get(task.stageId(), task.stageAttempt()) == null;
    if (sendBody) {
      bodiesHeld.put(task.stageId(), task.stageAttempt(), Boolean.TRUE);
      connection.send(new RpcMessage.StageBody(task.stageId(), task.stageAttempt(), task.taskBinary()));
    }
    connection.send(new RpcMessage.LaunchTask(task.taskId(), task.stageId(), task.stageAttempt(),
        task.attemptNumber(), partition));
    return sendBody;
  }

  /** The stage attempt completed: tell the executor to drop its body if it holds it. */
  boolean stageEnded(int stageId, int stageAttempt) {
    if (bodiesHeld.remove(stageId, stageAttempt)) {
      connection.send(new RpcMessage.StageEnded(stageId, stageAttempt));
      return true;
    }
    return false;
  }

  /** Whether {@code taskId} was launched here and has not reported its end. */
  boolean runs(long taskId) {
    return running.containsKey(taskId);
  }

  /** Sends {@code KILL_TASK} for a task that {@link #runs} here and remembers that it did. */
  void kill(long taskId, boolean interrupt, String reason) {
    killsSent.put(taskId, reason);
    connection.send(new RpcMessage.KillTask(taskId, interrupt, reason));
  }

  /** The task that ended, or null if it is not known (already failed as lost). */
  TaskDescription taskEnded(long taskId) {
    return running.remove(taskId);
  }

  /** Why the driver asked to kill {@code taskId}, or null if it did not; forgets it. */
  String killReason(long taskId) {
    return killsSent.remove(taskId);
  }

  /** Forgets and returns every running task (the executor is gone). */
  List<TaskDescription> drainRunning() {
    List<TaskDescription> tasks = new ArrayList<>(running.values());
    running.clear();
    killsSent.clear();
    return tasks;
  }
}
