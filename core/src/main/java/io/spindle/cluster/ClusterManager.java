package io.spindle.cluster;

import io.spindle.config.Settings;

/**
 * A kind of cluster a driver runs its tasks on, chosen by {@code spindle.master} (Spark's
 * {@code ExternalClusterManager}). {@code SpindleContext} loads every implementation registered in
 * {@code META-INF/services/io.spindle.cluster.ClusterManager} ({@link java.util.ServiceLoader}, through
 * the context class loader) and uses the one that {@link #canCreate} the master. Core registers
 * {@link LocalModeManager} ({@code local[N]}) and {@link LocalClusterManager}
 * ({@code local-cluster[...]}); a module that knows another cluster (the ApplicationMaster module)
 * registers its own in its jar, so core needs to know nothing about it.
 *
 * <p>Implementations need a public no-arg constructor and must be cheap to create: all of them are
 * instantiated for every context.
 */
public interface ClusterManager {
  /** True if this manager runs {@code master} (already trimmed), e.g. {@code "local[4]"}; even a malformed one of its form. */
  boolean canCreate(String master);

  /**
   * The masters this manager accepts, as one item of the "expected ..." list of the error on an
   * unknown master, e.g. {@code "local-cluster[N,cores,memoryMiB] (N executor JVMs on this machine)"}.
   */
  String masterSyntax();

  /**
   * Parses {@code master} for one context and says how its application runs. Throws
   * {@link io.spindle.config.InvalidConfigException} when the master is malformed or cannot run in
   * this process; called before any other part of the context exists.
   */
  ClusterDeployment deploy(String master, Settings conf);
}
