package io.spindle.shuffle.yarn;

import io.spindle.shuffle.protocol.Protocol;
import io.spindle.shuffle.server.ApplicationRegistry;
import io.spindle.shuffle.server.RecoveryStore;
import io.spindle.shuffle.server.ServerCounters;
import io.spindle.shuffle.server.ShuffleServer;
import io.spindle.shuffle.server.ShuffleServerContext;
import io.spindle.shuffle.server.ShuffleServerSettings;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.metrics2.MetricsException;
import org.apache.hadoop.metrics2.MetricsSystem;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.yarn.server.api.ApplicationInitializationContext;
import org.apache.hadoop.yarn.server.api.ApplicationTerminationContext;
import org.apache.hadoop.yarn.server.api.AuxiliaryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NodeManager auxiliary service {@value ShuffleServiceData#SERVICE_NAME}: serves Spindle
 * executors' shuffle files after the executors exit. This class is only the lifecycle adapter;
 * the server lives in {@link ShuffleServer}.
 *
 * <ul>
 *   <li>{@code initializeApplication}: the application's secret arrives as service data.</li>
 *   <li>{@code stopApplication}: the application and its executors are forgotten.</li>
 *   <li>{@code getMetaData}: the port actually bound (see {@link ShuffleServiceData}).</li>
 *   <li>with NodeManager recovery, state goes to {@link RecoveryStore} under the recovery path.</li>
 * </ul>
 * Nothing thrown here may take the NodeManager down: application callbacks log and carry on.
 */
public class SpindleShuffleService extends AuxiliaryService {
  private static final Logger LOG = LoggerFactory.getLogger(SpindleShuffleService.class);

  private ShuffleServerSettings settings;
  private ApplicationRegistry registry;
  private final ServerCounters counters = new ServerCounters();
  private ShuffleServer server;
  private String metricsName;

  public SpindleShuffleService() {
    super(ShuffleServiceData.SERVICE_NAME);
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    settings = ShuffleServiceConfig.settings(conf);
    RecoveryStore store = null;
    if (getRecoveryPath() != null) {
      File dir = new File(getRecoveryPath().toUri().getPath());
      store = new RecoveryStore(dir.toPath());
    }
    registry = new ApplicationRegistry(store);
    try {
      int recovered = registry.recover();
      if (store != null) {
        LOG.info("Recovered {} application(s) from {}", recovered, store.file());
      }
    } catch (IOException e) {
      // Serving new applications matters more than old state: log and start empty.
      LOG.error("Could not recover Spindle shuffle state; starting empty", e);
    }
    super.serviceInit(conf);
  }

  @Override
  protected void serviceStart() throws Exception {
    try {
      server = new ShuffleServer(new ShuffleServerContext(settings, registry, counters)).start();
    } catch (IOException e) {
      throw new IOException(e.getMessage() + ". Set " + ShuffleServiceConfig.PORT.name()
          + " in yarn-site.xml to a free port (or 0 for any)", e);
    }
    registerMetrics();
    LOG.info("Spindle shuffle service listening on port {} (protocol v{}, roots {})",
        server.port(), Protocol.VERSION, settings.allowedRoots());
    super.serviceStart();
  }

  @Override
  protected void serviceStop() throws Exception {
    try {
      if (metricsName != null) {
        DefaultMetricsSystem.instance().unregisterSource(metricsName);
        metricsName = null;
      }
    } catch (Throwable t) {
      LOG.warn("Could not unregister shuffle metrics", t);
    }
    if (server != null) {
      server.close();
      server = null;
    }
    super.serviceStop();
  }

  private void registerMetrics() {
    MetricsSystem ms = DefaultMetricsSystem.instance();
    String name = ShuffleMetricsSource.RECORD;
    try {
      ms.register(name, "Spindle shuffle service", new ShuffleMetricsSource(counters));
    } catch (MetricsException e) {
      // Several NodeManagers in one JVM (MiniYARNCluster): make the name unique.
      name = name + "-" + server.port();
      try {
        ms.register(name, "Spindle shuffle service", new ShuffleMetricsSource(counters));
      } catch (MetricsException e2) {
        LOG.warn("Shuffle metrics not published: {}", e2.toString());
        return;
      }
    }
    metricsName = name;
  }

  @Override
  public void initializeApplication(ApplicationInitializationContext context) {
    try {
      String appId = context.getApplicationId().toString();
      byte[] secret = ShuffleServiceData.decodeSecret(context.getApplicationDataForService());
      if (secret.length == 0) {
        LOG.warn("Application {} of {} gave no secret in its service data: its executors cannot "
            + "use the Spindle shuffle service", appId, context.getUser());
        return;
      }
      registry.addApplication(appId, secret);
      LOG.info("Application {} of {} initialized", appId, context.getUser());
    } catch (Throwable t) {
      LOG.error("initializeApplication failed", t);
    }
  }

  @Override
  public void stopApplication(ApplicationTerminationContext context) {
    try {
      String appId = context.getApplicationId().toString();
      registry.removeApplication(appId);
      LOG.info("Application {} stopped; its shuffle state is forgotten", appId);
    } catch (Throwable t) {
      LOG.error("stopApplication failed", t);
    }
  }

  @Override
  public ByteBuffer getMetaData() {
    int port = server != null ? server.port() : settings.port();
    return ShuffleServiceData.encodePort(port);
  }

  /** The port bound, for tests and tools. */
  public int port() {
    return server.port();
  }

  /** The counters published as metrics. */
  public ServerCounters counters() {
    return counters;
  }
}
