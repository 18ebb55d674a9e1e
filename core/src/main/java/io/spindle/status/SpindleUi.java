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
 */
public final class SpindleUi {
  private final AppStatusListener listener;
  private final StatusServer server;
  private final boolean ownsServer;

  private SpindleUi(AppStatusListener listener, StatusServer server, boolean ownsServer) {
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
      return new SpindleUi(listener, shared, false);
    }
    AppStatusListener listener = new AppStatusListener(applicationId, name, "localhost", driverCores, conf);
    StatusServer server = conf.get(SpindleConfigs.UI_ENABLED)
        ? StatusServer.start(InetAddress.getLoopbackAddress(), "localhost", conf.get(SpindleConfigs.UI_PORT),
            conf.get(SpindleConfigs.PORT_MAX_RETRIES), listener)
        : null;
    return new SpindleUi(listener, server, true);
  }

  public SpindleListener listener() {
    return listener;
  }

  /** The status store itself. */
  public AppStatusListener status() {
    return listener;
  }

  public Optional<String> url() {
    return server == null ? Optional.empty() : Optional.of(server.url());
  }

  /** The application ended; stops the server unless it is the AM's, which outlives the context. */
  public void stop() {
    listener.applicationEnded();
    if (ownsServer && server != null) {
      server.stop();
    }
  }
}
