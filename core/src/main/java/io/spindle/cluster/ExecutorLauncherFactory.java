package io.spindle.cluster;

import io.spindle.config.Settings;
import io.spindle.function.SpindleException;

/**
 * How a driver running inside a cluster manager's process gets executors without core depending
 * on that cluster manager: the YARN ApplicationMaster sets the system property
 * {@value #PROPERTY} to the name of a class implementing this interface (public, no-arg
 * constructor, on the driver's class path), and a {@code SpindleContext} with master {@code yarn}
 * then runs a {@link ClusterBackend} with the launcher it creates. Without the property, master
 * {@code yarn} keeps the tasks on threads inside the AM ({@code spindle.executor.instances=0}).
 */
public interface ExecutorLauncherFactory {
  String PROPERTY = "spindle.yarn.executorLauncherFactory";

  /** The application id the executors and the shuffle service know (YARN's, not a local one). */
  String applicationId();

  /** The address executors reach the driver at (the AM container's host). */
  String driverHost();

  /** A launcher for this application's executors; {@code secret} authenticates RPC and shuffle fetches. */
  ExecutorLauncher create(Settings conf, byte[] secret);

  /** The factory named by {@value #PROPERTY}, or null when the property is not set. */
  static ExecutorLauncherFactory fromSystemProperty() {
    String name = System.getProperty(PROPERTY);
    if (name == null || name.isBlank()) {
      return null;
    }
    try {
      Class<?> c = Class.forName(name.trim(), true, ExecutorLauncherFactory.class.getClassLoader());
      return (ExecutorLauncherFactory) c.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new SpindleException("Cannot create the executor launcher factory '" + name + "' named by " + PROPERTY
          + ": it must be a public class with a no-arg constructor implementing " + ExecutorLauncherFactory.class.getName()
          + " (" + e + ")", e);
    }
  }
}
