package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.impl.YarnClientImpl;
import org.apache.hadoop.yarn.util.Records;
import org.junit.jupiter.api.Test;

/** The client prints the tracking URL once, on a line of its own, when the AM has registered. */
class ApplicationMonitorTrackingUrlTest {
  private static final ApplicationId APP = ApplicationId.newInstance(1234, 5);
  private static final String PROXY = "http://rm:8088/proxy/" + APP + "/";

  @Test
  void theUrlIsPrintedOnceTheAmRegisteredNotWhileAccepted() throws Exception {
    String out = follow(List.of(report(YarnApplicationState.ACCEPTED, PROXY), report(YarnApplicationState.ACCEPTED,
        PROXY), report(YarnApplicationState.RUNNING, PROXY), report(YarnApplicationState.RUNNING, PROXY),
        report(YarnApplicationState.FINISHED, PROXY)));
    List<String> lines = out.lines().toList();
    int accepted = lines.indexOf(APP + " state: ACCEPTED");
    int url = lines.indexOf("Tracking URL: " + PROXY);
    assertTrue(accepted >= 0 && url > accepted, out);
    assertEquals(1, lines.stream().filter(l -> l.startsWith("Tracking URL:")).count(), out);
  }

  @Test
  void anApplicationThatEndsBeforeRunningStillGetsItsUrlAndNaIsNeverPrinted() throws Exception {
    String out = follow(List.of(report(YarnApplicationState.ACCEPTED, "N/A"),
        report(YarnApplicationState.FAILED, "http://rm:8088/cluster/app/" + APP)));
    assertTrue(out.lines().anyMatch(l -> l.equals("Tracking URL: http://rm:8088/cluster/app/" + APP)), out);
    assertTrue(out.lines().noneMatch(l -> l.contains("N/A")), out);
  }

  @Test
  void aProxyUrlOnPortZeroIsReplacedByTheAmsOwnAddress() {
    ApplicationReport proxied = report(YarnApplicationState.RUNNING, "http://localhost:0/proxy/" + APP + "/");
    proxied.setOriginalTrackingUrl("http://node7:4040");
    assertEquals("http://node7:4040", ApplicationMonitor.trackingUrl(proxied));
    ApplicationReport normal = report(YarnApplicationState.RUNNING, PROXY);
    normal.setOriginalTrackingUrl("http://node7:4040");
    assertEquals(PROXY, ApplicationMonitor.trackingUrl(normal));
  }

  private static String follow(List<ApplicationReport> reports) throws Exception {
    Deque<ApplicationReport> left = new ArrayDeque<>(reports);
    YarnClientImpl yarn = new YarnClientImpl() {
      @Override
      public ApplicationReport getApplicationReport(ApplicationId appId) {
        return left.size() > 1 ? left.poll() : left.peek();
      }
    };
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    new ApplicationMonitor(yarn, out, out, 1, 0).follow(APP);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static ApplicationReport report(YarnApplicationState state, String url) {
    ApplicationReport r = Records.newRecord(ApplicationReport.class);
    r.setApplicationId(APP);
    r.setYarnApplicationState(state);
    r.setTrackingUrl(url);
    r.setFinalApplicationStatus(state == YarnApplicationState.FINISHED ? FinalApplicationStatus.SUCCEEDED
        : state == YarnApplicationState.FAILED ? FinalApplicationStatus.FAILED : FinalApplicationStatus.UNDEFINED);
    r.setDiagnostics("");
    r.setProgress(0.5f);
    return r;
  }
}
