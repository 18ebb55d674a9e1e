package io.spindle.shuffle.yarn;

import io.spindle.shuffle.server.ServerCounters;
import org.apache.hadoop.metrics2.MetricsCollector;
import org.apache.hadoop.metrics2.MetricsSource;
import org.apache.hadoop.metrics2.lib.Interns;

/**
 * Publishes the server's counters through Hadoop metrics2 (record "SpindleShuffleService",
 * context "spindle"). Checksum failures are counted here only with the server-side verify option;
 * clients always verify and count their own ({@code ShuffleClient.checksumFailures()}).
 */
final class ShuffleMetricsSource implements MetricsSource {
  static final String RECORD = "SpindleShuffleService";
  private final ServerCounters counters;

  ShuffleMetricsSource(ServerCounters counters) {
    this.counters = counters;
  }

  @Override
  public void getMetrics(MetricsCollector collector, boolean all) {
    collector.addRecord(RECORD).setContext("spindle")
        .addCounter(Interns.info("BytesServed", "Shuffle segment bytes sent"), counters.bytesServed())
        .addGauge(Interns.info("OpenConnections", "Open client connections"),
            counters.openConnections())
        .addCounter(Interns.info("RequestsRefused",
            "Refused requests: unknown app, bad secret, forbidden path, bad request"),
            counters.requestsRefused())
        .addCounter(Interns.info("BusyAnswers", "Requests answered busy, retry later"),
            counters.busyAnswers())
        .addCounter(Interns.info("ChecksumFailures",
            "Corrupt segments found by server-side verification"), counters.checksumFailures())
        .addCounter(Interns.info("FetchRequests", "Fetch requests received"),
            counters.fetchRequests())
        .addCounter(Interns.info("RegisteredExecutors", "Executor registrations accepted"),
            counters.registeredExecutors())
        .addCounter(Interns.info("EncryptedConnections", "Client connections accepted encrypted"),
            counters.encryptedConnections());
  }
}
