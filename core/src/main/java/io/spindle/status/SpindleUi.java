package io.spindle.status;

import io.spindle.config.Settings;
import io.spindle.function.SpindleListener;
import io.spindle.config.SpindleConfigs;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A context's status UI: its {@link AppStatusListener} and the server that shows it. In the YARN
 * ApplicationMaster the context attaches to the AM's already running server (its URL is the
 * tracking URL the AM registered); elsewhere it starts its own on the loopback interface, unless
 * spindle.ui.enabled=false. A UI that cannot start never fails the application.
 *
 * <p>Its own server starts on a thread of its own (issue 15): Jetty's start-up (~100 ms of class
 * loading and set-up) then overlaps with the driver's first job instead of preceding it, which is
 * a good part of a small local job's wall time. The listener is registered at once, so the UI
 * shows everything from the start; {@link #url()} and {@link #stop()} wait for the start to end.
 */
public final class SpindleUi {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SpindleUi.class);
  private final AppStatusListener listener;
  private final java.util.concurrent.CompletableFuture<StatusServer> server; // completes null: no server
  private final boolean ownsServer;

  private SpindleUi(AppStatusListener listener, java.util.concurrent.CompletableFuture<StatusServer> server,
      boolean ownsServer) {
    this.listener = listener;
    this.server = server;
    this.ownsServer = ownsServer;
  }

  /**
   * @param driverCores the task slots of the driver's own executor (local mode), 0 when executors run the tasks
   */
  public static SpindleUi forContext(Settings conf, String applicationId, int driverCores) {
    String name = conf.get(SpindleConfigs.APP_NAME);
    StatusServer shared = StatusServer.shared();
    if (shared != null) { // the UI shows the YARN application: keep its id in the REST paths
      AppStatusListener listener = new AppStatusListener(shared.status().applicationId(), name,
          shared.advertisedHost(), driverCores, conf);
      shared.attach(listener);
      return new SpindleUi(listener, java.util.concurrent.CompletableFuture.completedFuture(shared), false);
    }
    AppStatusListener listener = new AppStatusListener(applicationId, name, "localhost", driverCores, conf);
    if (!conf.get(SpindleConfigs.UI_ENABLED)) {
      return new SpindleUi(listener, java.util.concurrent.CompletableFuture.completedFuture(null), true);
    }
    int port = conf.get(SpindleConfigs.UI_PORT);
    int retries = conf.get(SpindleConfigs.PORT_MAX_RETRIES);
    java.util.concurrent.CompletableFuture<StatusServer> server = new java.util.concurrent.CompletableFuture<>();
    Thread starter = new Thread(() -> {
      try {
        server.complete(StatusServer.start(InetAddress.getLoopbackAddress(), "localhost", port, retries, listener));
      } catch (RuntimeException | LinkageError e) { // as StatusServer.start's own failures: run on without it
        LOG.warn("Could not start the Spindle UI ({}); running without it", e.toString());
      } finally {
        server.complete(null); // no-op after a start; else url() and stop() must not wait forever
      }
    }, "spindle-ui-start");
    starter.setDaemon(true); // as the server's own threads: it never keeps a driver alive
    starter.start();
    return new SpindleUi(listener, server, true);
  }

  public SpindleListener listener() {
    return listener;
  }

  /** The status store itself. */
  public AppStatusListener status() {
    return listener;
  }

  /** The server's address once it has started; empty if it is disabled or could not start. */
  public Optional<String> url() {
    StatusServer started = server.join();
    return started == null ? Optional.empty() : Optional.of(started.url());
  }

  /** The application ended; stops the server unless it is the AM's, which outlives the context. */
  public void stop() {
    listener.applicationEnded();
    StatusServer started = server.join(); // a start still under way finishes first, then stops
    if (ownsServer && started != null) {
      started.stop();
    }
  }
}
