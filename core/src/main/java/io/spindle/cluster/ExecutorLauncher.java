package io.spindle.cluster;

/**
 * Starts executor processes for a {@link ClusterBackend} and gets rid of them at the end:
 * {@link LocalClusterLauncher} on this machine; YARN containers in the ApplicationMaster.
 */
public interface ExecutorLauncher extends AutoCloseable {
  /** Starts the executors; they connect back to the driver's RPC port. */
  void launch(String driverHost, int driverPort);

  /** Executors the backend should wait for before it runs jobs. */
  int expectedExecutors();

  /** Executor processes that have already exited (before registering, that is a failed start). */
  int exitedExecutors();

  /** Something to add to a "no executor registered" error (e.g. where their logs are). */
  String diagnostics();

  /**
   * The {@code host:port} of the shuffle service an executor must use, when the launcher only
   * learns it after starting the executor (YARN: the NodeManager's aux service port arrives with
   * the container-started answer); the driver sends it in its registration reply as
   * {@value #SHUFFLE_SERVICE_KEY}. Null: the executor's environment already says.
   */
  default String shuffleServiceAddress(String executorId) {
    return null;
  }

  /** Key of the per-executor entry the driver adds to the configuration of its registration reply. */
  String SHUFFLE_SERVICE_KEY = "spindle.executor.shuffleServiceAddress";

  /** Waits a little for executors told to shut down, then kills what is left. */
  @Override
  void close();
}
