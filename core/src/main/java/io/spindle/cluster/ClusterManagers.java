package io.spindle.cluster;

import io.spindle.config.Settings;
import io.spindle.function.SpindleException;
import io.spindle.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the {@link ClusterManager} of a master among those registered with {@link ServiceLoader}. */
public final class ClusterManagers {
  /** Where modules register their cluster managers. */
  public static final String SERVICES_FILE = "META-INF/services/" + ClusterManager.class.getName();

  private ClusterManagers() {}

  /** The master a context runs: {@code spindle.master} trimmed, {@code local[*]} when unset. */
  public static String normalize(String master) {
    return master == null ? "local[*]" : master.trim();
  }

  /**
   * The deployment of {@code master} by the first manager (of those {@code loader} sees) that
   * {@link ClusterManager#canCreate} it; an {@link InvalidConfigException} listing the masters
   * they accept when none does.
   */
  public static ClusterDeployment deploy(String master, Settings conf, ClassLoader loader) {
    String m = normalize(master);
    List<ClusterManager> managers = load(loader);
    for (ClusterManager manager : managers) {
      if (manager.canCreate(m)) {
        return manager.deploy(m, conf);
      }
    }
    throw new InvalidConfigException("Unknown master '" + master + "': expected " + expected(managers) + ".");
  }

  /** Every registered manager; a registration that is not one is an error naming {@link #SERVICES_FILE}. */
  static List<ClusterManager> load(ClassLoader loader) {
    List<ClusterManager> managers = new ArrayList<>();
    try {
      ServiceLoader.load(ClusterManager.class, loader).forEach(managers::add);
    } catch (ServiceConfigurationError e) {
      throw new SpindleException("Cannot load the cluster managers registered in " + SERVICES_FILE + ": "
          + e.getMessage(), e);
    }
    return managers;
  }

  /**
   * "a, b, or c": the managers' syntaxes sorted, so the message does not depend on the classpath
   * order (and reads local modes first).
   */
  private static String expected(List<ClusterManager> managers) {
    List<String> syntaxes = new ArrayList<>(managers.stream().map(ClusterManager::masterSyntax).distinct().sorted().toList());
    if (syntaxes.size() < 2) {
      return syntaxes.isEmpty() ? "a master of a registered cluster manager (none is registered in "
          + SERVICES_FILE + ")" : syntaxes.get(0);
    }
    String last = syntaxes.remove(syntaxes.size() - 1);
    return String.join(", ", syntaxes) + ", or " + last;
  }
}
