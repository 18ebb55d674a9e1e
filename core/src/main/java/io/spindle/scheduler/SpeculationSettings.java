package io.spindle.scheduler;

import io.spindle.config.Settings;
import io.spindle.config.SpindleConfigs;

/**
 * The {@code spindle.speculation*} settings (Spark's {@code spark.speculation*}): whether stragglers
 * get a copy, how often the scheduler looks for them, and what counts as one: a running task
 * whose run time exceeds max({@code multiplier} x the median of the stage's successful tasks,
 * {@code minTaskRuntimeMillis}), once {@code quantile} of the stage's tasks have succeeded.
 */
public record SpeculationSettings(boolean enabled, long intervalMillis, double multiplier, double quantile,
    long minTaskRuntimeMillis) {

  /** Speculation off (the default). */
  public static final SpeculationSettings DISABLED = new SpeculationSettings(false, 100, 1.5, 0.75, 100);

  public static SpeculationSettings fromConf(Settings conf) {
    return new SpeculationSettings(conf.get(SpindleConfigs.SPECULATION),
        Math.max(1, conf.get(SpindleConfigs.SPECULATION_INTERVAL)), conf.get(SpindleConfigs.SPECULATION_MULTIPLIER),
        conf.get(SpindleConfigs.SPECULATION_QUANTILE), conf.get(SpindleConfigs.SPECULATION_MIN_TASK_RUNTIME));
  }
}
