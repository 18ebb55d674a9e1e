package io.spindle.am;

import io.spindle.cluster.UserEnvironment;
import io.spindle.config.InvalidConfigException;
import io.spindle.config.Settings;
import java.util.Map;

/**
 * Environment variables the user adds to the containers, as Spark's {@code spark.yarn.appMasterEnv.*}
 * and {@code spark.executorEnv.*}: {@code spindle.yarn.appMasterEnv.<NAME>=value} for the AM (the
 * driver), {@code spindle.executorEnv.<NAME>=value} for every executor (core's {@link UserEnvironment},
 * which local-cluster's executors get too). Local mode runs in the submitting shell's environment.
 *
 * <p>Values end up in the container's launch script, which NodeManagers copy into its log dir
 * ({@code yarn logs} shows it): not a place for secrets (use --files or delegation tokens). Names
 * Spindle sets itself ({@code CLASSPATH}, {@code SPINDLE_*}, {@code HADOOP_USER_NAME}) are refused:
 * overriding them would break the container, not configure it.
 */
public final class ContainerEnvironment {
  public static final String AM_PREFIX = "spindle.yarn.appMasterEnv.";
  public static final String EXECUTOR_PREFIX = UserEnvironment.EXECUTOR_PREFIX;

  private ContainerEnvironment() {}

  /** The AM container's added variables (name → value, by name). */
  public static Map<String, String> forAm(Settings conf) {
    return UserEnvironment.withPrefix(conf, AM_PREFIX);
  }

  /** Every executor container's added variables (name → value, by name). */
  public static Map<String, String> forExecutors(Settings conf) {
    return UserEnvironment.forExecutors(conf);
  }

  /** Throws an {@link InvalidConfigException} naming the first key with a malformed or reserved name. */
  public static void check(Settings conf) {
    forAm(conf);
    forExecutors(conf);
  }
}
