package io.spindle.am;

import io.spindle.config.InvalidConfigException;
import io.spindle.config.Settings;

/**
 * The sizes of an application's containers, from its settings: the AM's (the driver) and each
 * executor's, heap + overhead in MiB and vcores. One place for the client, which sizes the AM
 * container and checks both against the cluster before staging anything, and the AM, which
 * requests executor containers of this size.
 */
public final class ContainerSizes {
  /** The smallest off-heap allowance added to a heap when no overhead is set (Spark's 384 MiB). */
  public static final long MIN_OVERHEAD_MIB = 384;

  private ContainerSizes() {}

  /** The AM's heap and container memory in MiB: spindle.driver.memory + spindle.driver.memoryOverhead. */
  public static long[] amMemoryMiB(Settings conf) {
    return heapAndContainer(conf.get(YarnConfigs.DRIVER_MEMORY), conf.get(YarnConfigs.DRIVER_MEMORY_OVERHEAD));
  }

  /** An executor's heap and container memory in MiB: spindle.executor.memory + spindle.executor.memoryOverhead. */
  public static long[] executorMemoryMiB(Settings conf) {
    return heapAndContainer(conf.get(YarnConfigs.EXECUTOR_MEMORY), conf.get(YarnConfigs.EXECUTOR_MEMORY_OVERHEAD));
  }

  private static long[] heapAndContainer(long heapBytes, Long overheadBytes) {
    long heap = heapBytes >> 20;
    long overhead = overheadBytes != null ? overheadBytes >> 20 : Math.max(MIN_OVERHEAD_MIB, heap / 10);
    return new long[] {heap, heap + overhead};
  }

  /**
   * Refuses containers the cluster can never grant: the ResourceManager rejects an AM container
   * above its largest allocation at submission, and an executor request above it makes the AM's
   * allocate call fail, so the application failed after staging and two AM attempts, its exit code
   * (7) saying "retry". {@code maxMemoryMiB} and {@code maxVcores} are the ResourceManager's
   * maximum allocation for this application (its new-application response: the scheduler's
   * maximum, capped by the largest NodeManager).
   *
   * @throws InvalidConfigException naming the keys to lower and the cluster's maximum
   */
  public static void checkFits(Settings conf, long maxMemoryMiB, int maxVcores) {
    long am = amMemoryMiB(conf)[1];
    if (am > maxMemoryMiB) {
      throw tooLarge("The driver's container (" + describe(conf, YarnConfigs.DRIVER_MEMORY,
          YarnConfigs.DRIVER_MEMORY_OVERHEAD, am) + ")", maxMemoryMiB + " MiB", "yarn.scheduler.maximum-allocation-mb",
          "--driver-memory or spindle.driver.memoryOverhead");
    }
    int driverCores = conf.get(YarnConfigs.DRIVER_CORES);
    if (driverCores > maxVcores) {
      throw tooLarge("The driver's container (" + YarnConfigs.DRIVER_CORES.key() + " = " + driverCores + " vcores)",
          maxVcores + " vcores", "yarn.scheduler.maximum-allocation-vcores", "--driver-cores");
    }
    checkExecutorFits(conf, maxMemoryMiB, maxVcores);
  }

  /**
   * The executors' part of {@link #checkFits}: also run by the AM before its first request, for
   * settings the client could not see (made in the application's code).
   */
  public static void checkExecutorFits(Settings conf, long maxMemoryMiB, int maxVcores) {
    long executor = executorMemoryMiB(conf)[1];
    if (executor > maxMemoryMiB) {
      throw tooLarge("An executor's container (" + describe(conf, YarnConfigs.EXECUTOR_MEMORY,
          YarnConfigs.EXECUTOR_MEMORY_OVERHEAD, executor) + ")", maxMemoryMiB + " MiB",
          "yarn.scheduler.maximum-allocation-mb", "--executor-memory or spindle.executor.memoryOverhead");
    }
    int executorCores = conf.get(YarnConfigs.EXECUTOR_CORES);
    if (executorCores > maxVcores) {
      throw tooLarge("An executor's container (" + YarnConfigs.EXECUTOR_CORES.key() + " = " + executorCores
          + " vcores)", maxVcores + " vcores", "yarn.scheduler.maximum-allocation-vcores", "--executor-cores");
    }
  }

  private static String describe(Settings conf, io.spindle.config.ConfigEntry<Long> heap,
      io.spindle.config.ConfigEntry<Long> overhead, long containerMiB) {
    String overheadValue = conf.get(overhead.key());
    return heap.key() + " = " + conf.get(heap.key(), heap.defaultValue()) + " + " + overhead.key() + " = "
        + (overheadValue != null ? overheadValue : "its default, max(384m, 10%)") + ": " + containerMiB + " MiB";
  }

  /** {@code max}: the cluster's figure; {@code setting}: the ResourceManager's key it comes from. */
  private static InvalidConfigException tooLarge(String what, String max, String setting, String lower) {
    return new InvalidConfigException(what + " is larger than this cluster's largest container, " + max + " ("
        + setting + ", capped by the largest NodeManager). Lower " + lower
        + ", or ask the cluster's operator for larger containers.");
  }
}
