package io.spindle.client.yarn;

import io.spindle.am.DriverOutcome;
import io.spindle.client.ExitCodes;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;

/**
 * Follows a submitted application until it ends: prints state changes and progress, the
 * tracking URL once known, and at the end the final status with YARN's diagnostics; maps the end
 * to an exit code. An application that stays ACCEPTED past the accept timeout is reported with
 * the scheduler's diagnostics and killed, so it cannot start unattended later.
 */
final class ApplicationMonitor {
  static final EnumSet<YarnApplicationState> WAITING = EnumSet.of(YarnApplicationState.NEW,
      YarnApplicationState.NEW_SAVING, YarnApplicationState.SUBMITTED, YarnApplicationState.ACCEPTED);
  static final EnumSet<YarnApplicationState> TERMINAL = EnumSet.of(YarnApplicationState.FINISHED,
      YarnApplicationState.FAILED, YarnApplicationState.KILLED);

  private final YarnClient yarn;
  private final PrintStream out;
  private final PrintStream err;
  private final long intervalMs;
  private final long acceptTimeoutMs;
  private ApplicationReport lastReport;
  /** Hears every report first (the console progress bar); nothing by default. */
  private java.util.function.Consumer<ApplicationReport> onReport = r -> {};

  ApplicationMonitor(YarnClient yarn, PrintStream out, PrintStream err, long intervalMs, long acceptTimeoutMs) {
    this.yarn = yarn;
    this.out = out;
    this.err = err;
    this.intervalMs = intervalMs;
    this.acceptTimeoutMs = acceptTimeoutMs;
  }

  /** Calls {@code listener} with every report, before it is printed (it must not block for long). */
  void onReport(java.util.function.Consumer<ApplicationReport> listener) {
    this.onReport = listener;
  }

  /** Follows {@code appId} to its end; returns the exit code and leaves the final report in {@link #lastReport}. */
  int follow(ApplicationId appId) throws Exception {
    long submitted = System.currentTimeMillis();
    YarnApplicationState lastState = null;
    int lastPercent = -1;
    boolean urlPrinted = false;
    while (true) {
      ApplicationReport r = yarn.getApplicationReport(appId);
      lastReport = r;
      onReport.accept(r);
      YarnApplicationState state = r.getYarnApplicationState();
      if (!urlPrinted && registeredOrEnded(state) && hasUrl(r)) {
        out.println("Tracking URL: " + trackingUrl(r));
        urlPrinted = true;
      }
      if (state != lastState) {
        out.println(appId + " state: " + state);
        lastState = state;
      }
      if (TERMINAL.contains(state)) {
        return finish(r);
      }
      int percent = Math.round(r.getProgress() * 100);
      if (state == YarnApplicationState.RUNNING && percent != lastPercent) {
        out.println(appId + " progress: " + percent + "%");
        lastPercent = percent;
      }
      if (WAITING.contains(state) && acceptTimeoutMs > 0
          && System.currentTimeMillis() - submitted > acceptTimeoutMs) {
        err.println("spindle-submit: " + appId + " is still " + state + " after " + acceptTimeoutMs / 1000
            + " s (spindle.yarn.acceptTimeout); the scheduler says: " + diagnosticsOrNone(r)
            + ". Killing it; check the queue's capacity and the cluster's free resources.");
        yarn.killApplication(appId);
        return ExitCodes.YARN_ACCEPT_TIMEOUT;
      }
      Thread.sleep(pollDelayMs(intervalMs, System.currentTimeMillis() - submitted));
    }
  }

  /** In an application's first this many ms, polls come at most {@link #EARLY_POLL_MS} apart. */
  static final long EARLY_WINDOW_MS = 15_000;
  /** See {@link #EARLY_WINDOW_MS}. */
  static final long EARLY_POLL_MS = 100;

  /**
   * How long to wait before the next report, {@code elapsedMs} after the submission: {@code
   * intervalMs} (spindle.yarn.report.interval), but at most {@link #EARLY_POLL_MS} in the first
   * {@link #EARLY_WINDOW_MS}, so that the end of a short application is seen ~0.1 s sooner on
   * average (issue 15: a 5 s WordCount waited 0.07-0.28 s for the poll that saw its end); a long one
   * costs the ResourceManager ~90 more small RPCs in all.
   */
  static long pollDelayMs(long intervalMs, long elapsedMs) {
    return elapsedMs < EARLY_WINDOW_MS ? Math.min(intervalMs, EARLY_POLL_MS) : intervalMs;
  }

  /** The last report seen (the final one once {@link #follow} returned), or null. */
  ApplicationReport lastReport() {
    return lastReport;
  }

  private int finish(ApplicationReport r) {
    FinalApplicationStatus status = r.getFinalApplicationStatus();
    out.println("Final state: " + r.getYarnApplicationState() + ", final status: " + status);
    String diagnostics = r.getDiagnostics();
    if (diagnostics != null && !diagnostics.isBlank()) {
      out.println("Diagnostics:");
      out.println(diagnostics.strip());
    }
    int code = exitCode(r);
    if (code != ExitCodes.SUCCESS) {
      err.println("spindle-submit: application " + r.getApplicationId() + " ended " + status + " (exit code " + code
          + ")");
    }
    return code;
  }

  /** 0 for SUCCEEDED; 8 for KILLED; for FAILED the code of the driver's exception, else 7. */
  static int exitCode(ApplicationReport r) {
    YarnApplicationState state = r.getYarnApplicationState();
    FinalApplicationStatus status = r.getFinalApplicationStatus();
    if (state == YarnApplicationState.KILLED || status == FinalApplicationStatus.KILLED) {
      return ExitCodes.YARN_APP_KILLED;
    }
    if (state == YarnApplicationState.FINISHED && status == FinalApplicationStatus.SUCCEEDED) {
      return ExitCodes.SUCCESS;
    }
    List<String> chain = causeChain(r.getDiagnostics());
    return chain.isEmpty() ? ExitCodes.YARN_APP_FAILED : ExitCodes.classifyClassNames(chain);
  }

  /** The class names of the AM's "Spindle cause chain:" line, or empty if the diagnostics have none. */
  static List<String> causeChain(String diagnostics) {
    if (diagnostics == null) {
      return List.of();
    }
    int at = diagnostics.lastIndexOf(DriverOutcome.CAUSE_CHAIN_PREFIX);
    if (at < 0) {
      return List.of();
    }
    String line = diagnostics.substring(at + DriverOutcome.CAUSE_CHAIN_PREFIX.length()).lines().findFirst()
        .orElse("");
    return line.isBlank() ? List.of() : List.of(line.trim().split(","));
  }

  /**
   * The URL means something once the AM registered (RUNNING): before, the RM reports its proxy URL
   * already, but the proxy has no AM to forward to. An application that ends first gets the RM's page.
   */
  private static boolean registeredOrEnded(YarnApplicationState state) {
    return state == YarnApplicationState.RUNNING || TERMINAL.contains(state);
  }

  /**
   * The RM's proxy URL for the AM's UI; but a ResourceManager whose web app was configured on port
   * 0 (MiniYARNCluster, hence bin/spindle-minicluster) hands out proxy URLs with port 0 that lead
   * nowhere, and then the AM's own address is the useful one.
   */
  static String trackingUrl(ApplicationReport r) {
    String url = r.getTrackingUrl();
    String original = r.getOriginalTrackingUrl();
    try {
      if (java.net.URI.create(url).getPort() == 0 && original != null && !original.isBlank()
          && !original.equals("N/A")) {
        return original;
      }
    } catch (IllegalArgumentException e) {
      // not a URI: print it as the RM gave it
    }
    return url;
  }

  private static boolean hasUrl(ApplicationReport r) {
    String url = r.getTrackingUrl();
    return url != null && !url.isBlank() && !url.equals("N/A");
  }

  private static String diagnosticsOrNone(ApplicationReport r) {
    String d = r.getDiagnostics();
    return d == null || d.isBlank() ? "(no diagnostics)" : d.strip();
  }
}
