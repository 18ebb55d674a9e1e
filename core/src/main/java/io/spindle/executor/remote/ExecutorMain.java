package io.spindle.executor.remote;

/**
 * Entry point of an executor process. Started by a driver (local-cluster) or an ApplicationMaster
 * (YARN) with its settings in the environment; exits 0 when the driver tells it to, non-zero when
 * the driver is gone or silent, or when it could not start.
 */
public final class ExecutorMain {
  private ExecutorMain() {}

  public static void main(String[] args) {
    int code;
    // The first task reads its input through the Hadoop client: load it while connecting to the driver,
    // with Hadoop's XML parsed once on that thread (HadoopDefaults).
    Thread warmup = io.spindle.io.FileSystemWarmup.startWithLogin(io.spindle.config.HadoopDefaults::shared);
    try {
      code = new ExecutorProcess(ExecutorSettings.fromEnvironment(System.getenv()), warmup).run();
    } catch (Throwable t) {
      System.err.println("Executor failed to start: " + t);
      t.printStackTrace();
      code = 1;
    }
    System.exit(code);
  }
}
