package io.spindle.status;

import io.spindle.config.Settings;
import io.spindle.config.SpindleConfigs;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spindle's history server ({@code bin/spindle-history-server}): serves the status UI and REST
 * API of every application whose event log is in {@code spindle.history.fs.logDirectory}, on
 * {@code spindle.history.ui.port}, re-scanning the directory every
 * {@code spindle.history.fs.update.interval} so new and growing logs show up without a restart.
 */
public final class HistoryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryServer.class);

  private final HistorySource source;
  private final StatusServer server;
  private final ScheduledExecutorService scanner;

  private HistoryServer(HistorySource source, StatusServer server, ScheduledExecutorService scanner) {
    this.source = source;
    this.server = server;
    this.scanner = scanner;
  }

  /** Scans the log directory once, then starts the server and the periodic scan. */
  public static HistoryServer start(Settings conf, Configuration hadoopConf, InetAddress bind, String host)
      throws IOException {
    Path dir = new Path(conf.get(SpindleConfigs.HISTORY_LOG_DIRECTORY));
    FileSystem fs = dir.getFileSystem(hadoopConf);
    if (!fs.exists(dir)) {
      throw new io.spindle.config.InvalidConfigException(SpindleConfigs.HISTORY_LOG_DIRECTORY.key() + " = " + dir
          + " does not exist; create it or point the history server at the applications' spindle.eventLog.dir");
    }
    HistorySource source = new HistorySource(fs, dir, conf);
    source.scan();
    StatusServer server = StatusServer.start(bind, host, conf.get(SpindleConfigs.HISTORY_UI_PORT), 0, source,
        "Spindle history server");
    if (server == null) {
      throw new IOException("The history server could not listen on port " + conf.get(SpindleConfigs.HISTORY_UI_PORT)
          + " (spindle.history.ui.port); see the log");
    }
    ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spindle-history-scan");
      t.setDaemon(true);
      return t;
    });
    long interval = conf.get(SpindleConfigs.HISTORY_UPDATE_INTERVAL);
    scanner.scheduleWithFixedDelay(() -> {
      try {
        source.scan();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Scanning {} failed: {}", dir, e.toString());
      }
    }, interval, interval, TimeUnit.MILLISECONDS);
    return new HistoryServer(source, server, scanner);
  }

  public String url() {
    return server.url();
  }

  /** The hook for servlet filters (authentication), as on the live UI. */
  public StatusServer server() {
    return server;
  }

  public HistorySource source() {
    return source;
  }

  @Override
  public void close() {
    scanner.shutdownNow();
    server.stop();
  }

  /** {@code bin/spindle-history-server}: settings come from {@code -Dspindle.…} system properties. */
  public static void main(String[] args) throws Exception {
    Settings conf = new Settings(true);
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].equals("--conf") || !args[i + 1].contains("=")) {
        System.err.println("usage: spindle-history-server [--conf spindle.history.fs.logDirectory=DIR]...");
        System.exit(2);
      }
      String[] kv = args[i + 1].split("=", 2);
      conf.set(kv[0], kv[1]);
    }
    HistoryServer history = start(conf, Settings.hadoopConfiguration(conf), InetAddress.getByName("0.0.0.0"),
        InetAddress.getLocalHost().getCanonicalHostName());
    System.err.println("Spindle history server at " + history.url() + " reading "
        + conf.get(SpindleConfigs.HISTORY_LOG_DIRECTORY));
    Thread.currentThread().join(); // serve until killed
  }
}
