package io.spindle.client.yarn;

import io.spindle.status.ConsoleProgressBar;
import io.spindle.status.StageData;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;

/**
 * Spark's console progress bar for {@code --master yarn}: at each report of the application
 * ({@code spindle.yarn.report.interval}), the client reads the running stages from the AM's status
 * API through the application's tracking URL (the ResourceManager's proxy) and redraws the same
 * bar local mode draws ({@link ConsoleProgressBar}). Only when stderr is a terminal and
 * {@code spindle.ui.showConsoleProgress} is on; the caller decides that. A failed read keeps the
 * bar as it was: the application's state, not the bar, decides the outcome.
 */
public final class YarnConsoleProgress {

  /** Where the running stages come from: the AM's {@code /api/v1/…/stages?status=active}, or a test's fake. */
  @FunctionalInterface
  public interface StageSource {
    /** The stage attempts the application runs now, read from {@code trackingUrl}. */
    List<StageData> activeStages(String trackingUrl, String appId) throws IOException;
  }

  private final StageSource source;
  private final ConsoleProgressBar bar;
  private final LongSupplier clock;
  /** When this client first saw each stage attempt: the AM's clock may differ from this machine's. */
  private final Map<Long, Long> firstSeen = new HashMap<>();
  private volatile List<StageData> current = List.of();

  YarnConsoleProgress(StageSource source, ConsoleProgressBar.Builder bar, LongSupplier clock) {
    this.source = source;
    this.clock = clock;
    this.bar = bar.build(() -> current);
  }

  /** The bar on this process's stderr, reading the AM's status API over HTTP. */
  static YarnConsoleProgress onStderr() {
    return new YarnConsoleProgress(AmStatusApi::activeStages, ConsoleProgressBar.onStderr(),
        System::currentTimeMillis);
  }

  /** One report of the application: while it runs with a tracking URL, read its stages and redraw. */
  void onReport(ApplicationReport report) {
    if (report.getYarnApplicationState() != YarnApplicationState.RUNNING) {
      if (!current.isEmpty()) {
        current = List.of();
        bar.refresh();
      }
      return;
    }
    String url = report.getTrackingUrl();
    if (url == null || url.isBlank() || url.equals("N/A")) {
      return;
    }
    try {
      current = seenAt(source.activeStages(url, report.getApplicationId().toString()));
    } catch (IOException | RuntimeException e) {
      return; // keep the last bar; the next report tries again
    }
    bar.refresh();
  }

  /** The stages with their submission time replaced by when this client first saw them. */
  private List<StageData> seenAt(List<StageData> stages) {
    long now = clock.getAsLong();
    Map<Long, Long> seen = new HashMap<>();
    List<StageData> out = new java.util.ArrayList<>();
    for (StageData s : stages) {
      long key = (long) s.stageId() << 32 | (s.attemptId() & 0xffffffffL);
      long first = firstSeen.getOrDefault(key, now);
      seen.put(key, first);
      out.add(new StageData(s.stageId(), s.attemptId(), s.name(), s.details(), s.status(), s.jobIds(), s.numTasks(),
          s.numActiveTasks(), s.numCompleteTasks(), s.numFailedTasks(), s.numCompletedIndices(), first,
          s.firstTaskLaunchedTime(), s.completionTime(), s.failureReason(), s.io(), s.locality()));
    }
    firstSeen.clear();
    firstSeen.putAll(seen);
    return out;
  }

  /** The application ended: erase the bar. */
  void stop() {
    current = List.of();
    bar.stop();
  }
}
