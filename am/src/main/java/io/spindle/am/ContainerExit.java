package io.spindle.am;

import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerStatus;

/**
 * Why an executor container ended, and whether that counts against
 * {@code spindle.executor.maxFailures}: preemption, containers the AM released or stopped, and
 * failed disks are the cluster's doing, not the application's, so they do not count (as in Spark).
 */
record ContainerExit(boolean countsAsFailure, String reason) {

  static ContainerExit of(ContainerStatus status, boolean amIsStopping) {
    return of(status, amIsStopping, null);
  }

  /**
   * As {@link #of(ContainerStatus, boolean)}, naming {@code node} (where the container ran, may be
   * null) when the container was lost with it: YARN reports those as ABORTED (-100), the code it
   * also gives containers the AM released, and only its diagnostics tell them apart.
   */
  static ContainerExit of(ContainerStatus status, boolean amIsStopping, Object node) {
    int code = status.getExitStatus();
    String diagnostics = status.getDiagnostics() == null ? "" : status.getDiagnostics().trim();
    if (code == ContainerExitStatus.SUCCESS || amIsStopping) {
      return new ContainerExit(false, "exited with " + code + (amIsStopping ? " while the driver stopped" : ""));
    }
    if (code == ContainerExitStatus.PREEMPTED) {
      return new ContainerExit(false, "preempted by the ResourceManager");
    }
    if (code == ContainerExitStatus.ABORTED && diagnostics.matches("(?is).*\\blost\\b.*node.*")) {
      return new ContainerExit(false, "was lost with its node" + (node == null ? "" : " " + node)
          + " (the NodeManager stopped heartbeating to the ResourceManager: " + diagnostics + ")");
    }
    if (code == ContainerExitStatus.ABORTED && !diagnostics.isEmpty()
        && !diagnostics.toLowerCase(java.util.Locale.ROOT).contains("released by application")) {
      return new ContainerExit(false, "was aborted by YARN" + (node == null ? "" : " on " + node) + ": " + diagnostics);
    }
    if (code == ContainerExitStatus.KILLED_BY_APPMASTER || code == ContainerExitStatus.ABORTED) {
      return new ContainerExit(false, "released or killed by the ApplicationMaster");
    }
    if (code == ContainerExitStatus.DISKS_FAILED) {
      return new ContainerExit(false, "the NodeManager's disks failed: " + diagnostics);
    }
    if (code == ContainerExitStatus.KILLED_EXCEEDED_PMEM || code == ContainerExitStatus.KILLED_EXCEEDED_VMEM) {
      return new ContainerExit(true, "killed by YARN for exceeding its memory limit (" + diagnostics + "). Raise "
          + "spindle.executor.memoryOverhead (off-heap: Netty buffers, thread stacks, metaspace) or "
          + "spindle.executor.memory (--executor-memory).");
    }
    return new ContainerExit(true, "exited with code " + code + (diagnostics.isEmpty() ? "" : ": " + diagnostics));
  }
}
