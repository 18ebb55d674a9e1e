package io.spindle.am;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the user's main class as the driver, in this JVM, from the localized application jar in
 * a class loader of its own (the AM's classes are its parent).
 *
 * <p>How the driver gets its settings: the application's {@code spindle.*} configuration reaches
 * every {@code new SpindleConf()} in the user's main the way {@code spindle-submit} hands it over in
 * local mode, as system properties, which {@link ApplicationMaster#main} (the process's entry point,
 * and the only place that sets them) sets from {@link #driverSystemProperties} before anything else
 * runs; it adds the AM's progress listeners to {@code spindle.extraListeners} and the container's
 * local dirs as {@code spindle.local.dir}. What is the AM's and not configuration (the RM client,
 * YARN's application id, this host, whether executors run in containers) the driver's
 * {@code SpindleContext} gets through the cluster-manager seam: {@link YarnClusterManager} reads
 * the {@link AmServices} the AM installed in this JVM.
 */
final class UserDriver {
  static final String EXTRA_LISTENERS = io.spindle.config.SpindleConfigs.EXTRA_LISTENERS.key();

  private final AmLaunchSpec spec;
  private final Path workDir;

  UserDriver(AmLaunchSpec spec, Path workDir) {
    this.spec = spec;
    this.workDir = workDir;
  }

  /**
   * The system properties the driver's {@code new SpindleConf()} starts from: the application's
   * configuration, the AM's listeners and, unless configured, {@code spindle.local.dir} =
   * {@code localDirs} (the container's LOCAL_DIRS).
   */
  static Map<String, String> driverSystemProperties(AmLaunchSpec spec, String localDirs) {
    return driverSystemProperties(spec, localDirs, 1);
  }

  /**
   * As {@link #driverSystemProperties(AmLaunchSpec, String)}, for AM attempt {@code attempt}: from
   * the second attempt on, the driver's dirs are {@code am-attempt-<n>} in each of LOCAL_DIRS. YARN
   * keeps an application's LOCAL_DIRS across AM attempts, so a second attempt on the node of the
   * first would otherwise find the first one's scratch dir ({@code spindle-<appId>}) and fail to
   * create its own ({@code FileAlreadyExistsException}).
   */
  static Map<String, String> driverSystemProperties(AmLaunchSpec spec, String localDirs, int attempt) {
    Map<String, String> conf = spec.conf();
    Map<String, String> properties = new java.util.LinkedHashMap<>(conf);
    String listeners = conf.get(EXTRA_LISTENERS);
    properties.put(EXTRA_LISTENERS, DriverProgressListener.class.getName() + "," + TimelineListener.class.getName()
        + (listeners == null || listeners.isBlank() ? "" : "," + listeners));
    // Shuffle files belong in the application's local dirs, which YARN keeps until the app ends.
    if (!conf.containsKey("spindle.local.dir") && localDirs != null && !localDirs.isBlank()) {
      StringBuilder dirs = new StringBuilder();
      for (String dir : localDirs.split(",")) {
        if (!dir.isBlank()) {
          dirs.append(dirs.length() == 0 ? "" : ",")
              .append(attempt <= 1 ? dir.trim() : Path.of(dir.trim(), "am-attempt-" + attempt).toString());
        }
      }
      properties.put("spindle.local.dir", dirs.toString());
    }
    return properties;
  }

  /** Runs main to its end on this thread. */
  DriverOutcome run() {
    Method main;
    try {
      main = loadMain();
    } catch (ReflectiveOperationException | IOException | LinkageError e) {
      return DriverOutcome.failed(spec.mainClass(), e);
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(main.getDeclaringClass().getClassLoader());
    try {
      main.invoke(null, (Object) spec.appArgs().toArray(new String[0]));
      return DriverOutcome.succeeded();
    } catch (InvocationTargetException e) {
      return DriverOutcome.failed(spec.mainClass(), e.getCause());
    } catch (IllegalAccessException e) {
      return DriverOutcome.failed(spec.mainClass(), e);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private Method loadMain() throws ReflectiveOperationException, IOException {
    List<URL> urls = new ArrayList<>();
    urls.add(workDir.resolve(spec.appJar()).toUri().toURL());
    for (String jar : spec.userJars()) {
      urls.add(workDir.resolve(jar).toUri().toURL());
    }
    @SuppressWarnings("resource") // lives as long as the driver: the AM exits after main returns
    URLClassLoader loader = new URLClassLoader("spindle-user", urls.toArray(new URL[0]),
        UserDriver.class.getClassLoader());
    Class<?> c = Class.forName(spec.mainClass(), false, loader);
    Method main = c.getMethod("main", String[].class);
    if (!Modifier.isStatic(main.getModifiers())) {
      throw new NoSuchMethodException(c.getName() + ".main is not static");
    }
    return main;
  }
}
