package io.spindle.shuffle.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applications this NodeManager runs (id and secret, from the aux-service lifecycle) and the
 * executors they registered (id and local dirs, from the wire). Reads are lock-free; changes are
 * rare, serialized, and written through to the {@link RecoveryStore} when there is one.
 */
public final class ApplicationRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ApplicationRegistry.class);

  private record App(byte[] secret, Map<String, List<Path>> executors) {}

  private final Map<String, App> apps = new ConcurrentHashMap<>();
  private final RecoveryStore store; // null: no recovery

  public ApplicationRegistry(RecoveryStore store) {
    this.store = store;
  }

  /** Fills the registry from the recovery store (NodeManager restart). */
  public synchronized int recover() throws IOException {
    if (store == null) {
      return 0;
    }
    Map<String, RecoveryStore.AppRecord> saved = store.load();
    for (Map.Entry<String, RecoveryStore.AppRecord> e : saved.entrySet()) {
      apps.put(e.getKey(), new App(e.getValue().secret().clone(),
          new ConcurrentHashMap<>(e.getValue().executors())));
    }
    return saved.size();
  }

  public synchronized void addApplication(String appId, byte[] secret) {
    App old = apps.get(appId);
    apps.put(appId, new App(secret.clone(),
        old == null ? new ConcurrentHashMap<>() : old.executors()));
    persist();
  }

  public synchronized void removeApplication(String appId) {
    if (apps.remove(appId) != null) {
      persist();
    }
  }

  /** Records an executor's dirs (already checked by the caller). False if the app is unknown. */
  public synchronized boolean registerExecutor(String appId, String execId, List<Path> dirs) {
    App app = apps.get(appId);
    if (app == null) {
      return false;
    }
    app.executors().put(execId, List.copyOf(dirs));
    persist();
    return true;
  }

  /** The application's secret, or null if it is not running here. */
  public byte[] secret(String appId) {
    App app = apps.get(appId);
    return app == null ? null : app.secret();
  }

  public boolean knows(String appId) {
    return apps.containsKey(appId);
  }

  /** Registered dirs of an executor, or null. */
  public List<Path> executorDirs(String appId, String execId) {
    App app = apps.get(appId);
    return app == null ? null : app.executors().get(execId);
  }

  public int applicationCount() {
    return apps.size();
  }

  private void persist() {
    if (store == null) {
      return;
    }
    Map<String, RecoveryStore.AppRecord> snapshot = new LinkedHashMap<>();
    apps.forEach((id, app) ->
        snapshot.put(id, new RecoveryStore.AppRecord(app.secret(), Map.copyOf(app.executors()))));
    try {
      store.save(snapshot);
    } catch (IOException e) {
      // The service keeps serving; only a NodeManager restart would lose this change.
      LOG.error("Could not write shuffle service recovery state to {}", store.file(), e);
    }
  }
}
