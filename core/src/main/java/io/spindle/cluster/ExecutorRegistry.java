package io.spindle.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Registered executors by id, in registration order. Guarded by the {@link ClusterBackend}'s lock. */
final class ExecutorRegistry {
  private final Map<String, ExecutorHandle> executors = new LinkedHashMap<>();
  private int totalCores;

  /** False if an executor with that id is already registered. */
  boolean add(ExecutorHandle handle) {
    if (executors.containsKey(handle.executorId)) {
      return false;
    }
    executors.put(handle.executorId, handle);
    totalCores += handle.cores;
    return true;
  }

  ExecutorHandle get(String executorId) {
    return executors.get(executorId);
  }

  ExecutorHandle remove(String executorId) {
    ExecutorHandle handle = executors.remove(executorId);
    if (handle != null) {
      totalCores -= handle.cores;
    }
    return handle;
  }

  List<ExecutorHandle> all() {
    return new ArrayList<>(executors.values());
  }

  int size() {
    return executors.size();
  }

  int totalCores() {
    return totalCores;
  }
}
