package io.spindle.am;

import io.spindle.config.InvalidConfigException;
import io.spindle.config.Settings;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Environment variables the user adds to the containers, as Spark's {@code spark.yarn.appMasterEnv.*}
 * and {@code spark.executorEnv.*}: {@code spindle.yarn.appMasterEnv.<NAME>=value} for the AM (the
 * driver), {@code spindle.executorEnv.<NAME>=value} for every executor. YARN only (local mode runs
 * in the submitting shell's environment).
 *
 * <p>Values end up in the container's launch script, which NodeManagers copy into its log dir
 * ({@code yarn logs} shows it): not a place for secrets (use --files or delegation tokens). Names
 * Spindle sets itself ({@code CLASSPATH}, {@code SPINDLE_*}, {@code HADOOP_USER_NAME}) are refused:
 * overriding them would break the container, not configure it.
 */
public final class ContainerEnvironment {
  public static final String AM_PREFIX = "spindle.yarn.appMasterEnv.";
  public static final String EXECUTOR_PREFIX = "spindle.executorEnv.";

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> RESERVED = Set.of("CLASSPATH", "HADOOP_USER_NAME", "HADOOP_TOKEN_FILE_LOCATION");

  private ContainerEnvironment() {}

  /** The AM container's added variables (name → value, by name). */
  public static Map<String, String> forAm(Settings conf) {
    return withPrefix(conf, AM_PREFIX);
  }

  /** Every executor container's added variables (name → value, by name). */
  public static Map<String, String> forExecutors(Settings conf) {
    return withPrefix(conf, EXECUTOR_PREFIX);
  }

  /** Throws an {@link InvalidConfigException} naming the first key with a malformed or reserved name. */
  public static void check(Settings conf) {
    forAm(conf);
    forExecutors(conf);
  }

  private static Map<String, String> withPrefix(Settings conf, String prefix) {
    Map<String, String> env = new TreeMap<>();
    for (Map.Entry<String, String> e : conf.getAll().entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      String name = e.getKey().substring(prefix.length());
      if (!NAME.matcher(name).matches()) {
        throw new InvalidConfigException("Invalid key " + e.getKey() + ": '" + name + "' is not an environment "
            + "variable name (letters, digits and _, not starting with a digit)");
      }
      if (RESERVED.contains(name) || name.startsWith("SPINDLE_")) {
        throw new InvalidConfigException("Invalid key " + e.getKey() + ": Spindle sets " + name + " in its "
            + "containers itself" + (name.equals("CLASSPATH") ? " (add jars with --jars)" : ""));
      }
      env.put(name, e.getValue());
    }
    return env;
  }
}
