package io.spindle.scheduler;

import io.spindle.function.SpindleListener;
import java.util.Map;

/**
 * A listener of the engine's own (status store, event log) that also hears the application-level
 * events user listeners do not see, and the time each event was posted: a listener on an
 * asynchronous queue runs later than the scheduler acted, so it must not read the clock itself.
 */
public interface EngineListener extends SpindleListener {

  /** Called before each event is delivered with the wall-clock time (ms) it was posted at. */
  default void onEventTime(long timeMillis) {}

  /** The application started ({@code attemptId} null outside YARN). */
  default void onApplicationStart(String appName, String appId, String attemptId, String user) {}

  /** The effective settings (secrets already redacted), JVM information and system properties. */
  default void onEnvironmentUpdate(Map<String, Map<String, String>> environment) {}

  /** A block store that can cache partitions: the driver's (local mode) or an executor's, with its storage memory. */
  default void onBlockManagerAdded(String executorId, String host, long maxMemory) {}

  /**
   * An executor registered, with links to its logs by name ({@code stdout}, {@code stderr}; empty
   * when the cluster manager has none). Default: {@link #onExecutorAdded(ExecutorInfo)}.
   */
  default void onExecutorAdded(ExecutorInfo info, Map<String, String> logUrls) {
    onExecutorAdded(info);
  }

  /** An executor's cached RDD partition was stored, evicted or removed (reported over RPC). */
  default void onBlockUpdated(BlockUpdateInfo update) {}

  /** Just before {@code onJobStart}: every stage the job may run, with its RDDs and parent stages. */
  default void onJobStages(int jobId, java.util.List<StageDetails> stages) {}

  /** The application ended: the last event. */
  default void onApplicationEnd() {}
}
