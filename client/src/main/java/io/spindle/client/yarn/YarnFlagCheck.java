package io.spindle.client.yarn;

import io.spindle.client.SubmitArguments;
import io.spindle.client.SubmitArguments.UsageException;
import io.spindle.config.ByteSizes;

/**
 * The YARN flags that carry counts and sizes, checked before anything is staged: a bad value is a
 * bad command line (exit 2) with the flag named, not a setting the AM discovers on the cluster
 * (where a deterministic error would only burn AM attempts).
 */
final class YarnFlagCheck {
  private YarnFlagCheck() {}

  static void check(SubmitArguments args) throws UsageException {
    SubmitArguments.YarnFlags f = args.yarn();
    count("--num-executors", f.numExecutors(), 0, "a number of executors >= 0 (0 runs the tasks inside the AM)");
    count("--executor-cores", f.executorCores(), 1, "a positive number of cores");
    count("--driver-cores", f.driverCores(), 1, "a positive number of cores");
    count("--max-app-attempts", f.maxAppAttempts(), 1, "a positive number of attempts");
    heap("--executor-memory", f.executorMemory());
    heap("--driver-memory", args.driverMemory());
  }

  private static void count(String flag, String value, int min, String expected) throws UsageException {
    if (value == null) {
      return;
    }
    try {
      if (Integer.parseInt(value.trim()) >= min) {
        return;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new UsageException(flag + " " + value + ": expected " + expected);
  }

  private static void heap(String flag, String value) throws UsageException {
    if (value == null) {
      return;
    }
    try {
      if (ByteSizes.parse(value) >= (1L << 20)) {
        return;
      }
    } catch (RuntimeException e) {
      // the message below
    }
    throw new UsageException(flag + " " + value + ": expected a heap size of at least 1m, such as 512m or 2g");
  }
}
