package io.spindle.scheduler;

import io.spindle.config.Settings;
import io.spindle.config.SpindleConfigs;

/**
 * The {@code spindle.excludeOnFailure.*} settings (Spark's {@code spark.excludeOnFailure.*}, same
 * names, meanings and defaults), read once per context. See docs/fault-tolerance.md.
 *
 * @param timeoutMillis how long an application-level exclusion lasts
 * @param unschedulableTimeoutMillis how long a set that can run on no live executor waits for a new one
 *     (only where executors may still come)
 */
public record ExclusionSettings(boolean enabled, long timeoutMillis, int maxTaskAttemptsPerExecutor,
    int maxTaskAttemptsPerNode, int maxFailedTasksPerExecutorStage, int maxFailedExecutorsPerNodeStage,
    int maxFailedTasksPerExecutorApp, int maxFailedExecutorsPerNodeApp, boolean killExcludedExecutors,
    long unschedulableTimeoutMillis) {

  /** Exclusion off (Spark's default). */
  public static final ExclusionSettings DISABLED = new ExclusionSettings(false, 3_600_000, 1, 2, 2, 2, 2, 2, false,
      120_000);

  public static ExclusionSettings fromConf(Settings conf) {
    return new ExclusionSettings(conf.get(SpindleConfigs.EXCLUDE_ON_FAILURE_ENABLED),
        conf.get(SpindleConfigs.EXCLUDE_ON_FAILURE_TIMEOUT),
        conf.get(SpindleConfigs.EXCLUDE_TASK_MAX_ATTEMPTS_PER_EXECUTOR),
        conf.get(SpindleConfigs.EXCLUDE_TASK_MAX_ATTEMPTS_PER_NODE),
        conf.get(SpindleConfigs.EXCLUDE_STAGE_MAX_FAILED_TASKS_PER_EXECUTOR),
        conf.get(SpindleConfigs.EXCLUDE_STAGE_MAX_FAILED_EXECUTORS_PER_NODE),
        conf.get(SpindleConfigs.EXCLUDE_APP_MAX_FAILED_TASKS_PER_EXECUTOR),
        conf.get(SpindleConfigs.EXCLUDE_APP_MAX_FAILED_EXECUTORS_PER_NODE),
        conf.get(SpindleConfigs.EXCLUDE_KILL_EXCLUDED_EXECUTORS),
        conf.get(SpindleConfigs.EXCLUDE_UNSCHEDULABLE_TIMEOUT));
  }

  /** The same settings, switched on (tests). */
  public ExclusionSettings on() {
    return new ExclusionSettings(true, timeoutMillis, maxTaskAttemptsPerExecutor, maxTaskAttemptsPerNode,
        maxFailedTasksPerExecutorStage, maxFailedExecutorsPerNodeStage, maxFailedTasksPerExecutorApp,
        maxFailedExecutorsPerNodeApp, killExcludedExecutors, unschedulableTimeoutMillis);
  }
}
