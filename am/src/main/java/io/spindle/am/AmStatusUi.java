package io.spindle.am;

import io.spindle.SpindleConf;
import io.spindle.config.SpindleConfigs;
import io.spindle.status.AppStatusListener;
import io.spindle.status.StatusServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AM's status UI, started before the AM registers so that its URL is the application's
 * tracking URL, whether or not the user's main ever creates a context. Until one does, it shows
 * the application with no jobs; the driver's {@code SpindleContext} then attaches its listener to
 * this server (it is installed as the process's shared {@link StatusServer}). It binds to the
 * NodeManager's host, the address the ResourceManager's web proxy reaches, and lives as long as
 * the AM.
 */
final class AmStatusUi {
  private static final Logger LOG = LoggerFactory.getLogger(AmStatusUi.class);

  private AmStatusUi() {}

  /** Starts the server with no proxy filter (tests); see {@link #start(Map, String, String, Configuration, String)}. */
  static String start(Map<String, String> appConf, String host, String applicationId) {
    return start(appConf, host, applicationId, null, null);
  }

  /**
   * Starts the server; returns the tracking URL, or "" when spindle.ui.enabled=false or it could not
   * start. With {@code proxyBase} (the AM container's APPLICATION_WEB_PROXY_BASE) the UI answers only
   * through the ResourceManager's web proxy, to the users the view/admin ACLs admit ({@link AmUiFilters}).
   */
  static String start(Map<String, String> appConf, String host, String applicationId, Configuration yarnConf,
      String proxyBase) {
    SpindleConf conf = new SpindleConf(false);
    appConf.forEach(conf::set);
    if (!conf.get(SpindleConfigs.UI_ENABLED)) {
      return "";
    }
    InetAddress bind;
    try {
      bind = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      LOG.warn("Cannot resolve this NodeManager's host {}; the status UI listens on all interfaces", host);
      bind = null; // the wildcard address
    }
    AppStatusListener placeholder = new AppStatusListener(applicationId, conf.get(SpindleConfigs.APP_NAME), host, 0,
        conf);
    StatusServer server = StatusServer.start(bind, host, conf.get(SpindleConfigs.UI_PORT),
        conf.get(SpindleConfigs.PORT_MAX_RETRIES), placeholder);
    if (server == null) {
      return "";
    }
    if (yarnConf != null && proxyBase != null && !proxyBase.isBlank()) {
      AmUiFilters.install(server, yarnConf, proxyBase, UiAccessPolicy.of(conf, owner(), UserGroupInformation.isSecurityEnabled()));
    }
    StatusServer.installShared(server);
    return server.url();
  }

  /**
   * The application's owner: the submitting user, which the NodeManager puts in the container's
   * {@code USER} (the process's own login may be the NodeManager's OS user when containers do not
   * run as the submitter, e.g. with the DefaultContainerExecutor).
   */
  private static String owner() {
    String user = System.getenv(org.apache.hadoop.yarn.api.ApplicationConstants.Environment.USER.name());
    if (user != null && !user.isBlank()) {
      return user;
    }
    try {
      return UserGroupInformation.getCurrentUser().getShortUserName();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot tell the application's user", e);
    }
  }

  /** After unregistering: the UI dies with the AM. */
  static void stop() {
    StatusServer server = StatusServer.shared();
    if (server != null) {
      server.stop();
      StatusServer.installShared(null);
    }
  }
}
