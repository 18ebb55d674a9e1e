package io.spindle.am;

import io.spindle.SpindleConf;
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
 * a class loader of its own (the AM's classes are its parent). The application's {@code spindle.*}
 * configuration becomes system properties, which every {@code new SpindleConf()} reads, plus what
 * tells a driver it runs inside the AM ({@code spindle.yarn.inApplicationMaster}, the executor
 * launcher factory when {@code spindle.executor.instances > 0}, else the AM's task thread count,
 * and the progress listener).
 */
final class UserDriver {
  static final String IN_APPLICATION_MASTER = "spindle.yarn.inApplicationMaster";
  static final String EXTRA_LISTENERS = io.spindle.config.SpindleConfigs.EXTRA_LISTENERS.key();

  private final AmLaunchSpec spec;
  private final Path workDir;

  UserDriver(AmLaunchSpec spec, Path workDir) {
    this.spec = spec;
    this.workDir = workDir;
  }

  /** Sets the driver's system properties; {@code localDirs} is the container's LOCAL_DIRS. */
  void configure(String localDirs) {
    Map<String, String> conf = spec.conf();
    conf.forEach(System::setProperty);
    SpindleConf parsed = new SpindleConf(false);
    conf.forEach(parsed::set);
    Integer amCores = parsed.get(YarnConfigs.AM_CORES);
    int threads = amCores != null ? amCores : parsed.get(YarnConfigs.DRIVER_CORES);
    System.setProperty(YarnConfigs.AM_CORES.key(), Integer.toString(threads));
    System.setProperty(IN_APPLICATION_MASTER, "true");
    if (YarnConfigs.executorInstances(parsed) > 0) { // else the tasks run on the AM's threads
      System.setProperty(io.spindle.cluster.ExecutorLauncherFactory.PROPERTY,
          YarnExecutorLauncherFactory.class.getName());
    }
    String listeners = conf.get(EXTRA_LISTENERS);
    System.setProperty(EXTRA_LISTENERS, DriverProgressListener.class.getName() + "," + TimelineListener.class.getName()
        + (listeners == null || listeners.isBlank() ? "" : "," + listeners));
    // Shuffle files belong in the application's local dirs, which YARN keeps until the app ends.
    if (!conf.containsKey("spindle.local.dir") && localDirs != null && !localDirs.isBlank()) {
      System.setProperty("spindle.local.dir", localDirs);
    }
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
