package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.status.ConsoleProgressBar;
import io.spindle.status.StatusJson;
import io.spindle.util.Clock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.util.Records;
import org.junit.jupiter.api.Test;

/**
 * The {@code --master yarn} progress bar from polled application reports, on a manual clock and a
 * fake status source (the AM's stage list as JSON, parsed as the client parses the real one):
 * nothing before the application runs or for a stage seen less than 500 ms ago, Spark's line as
 * tasks finish, erased when no stage runs and when the application ends; a failed read keeps the bar.
 */
class YarnConsoleProgressTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Clock clock = new Clock() {
    @Override
    public long nanoTime() {
      return now.get() * 1_000_000;
    }

    @Override
    public long currentTimeMillis() {
      return now.get();
    }
  };
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final ApplicationId appId = ApplicationId.newInstance(1_700_000_000_000L, 7);
  /** What the AM's API answers next: JSON, or null to fail the read. */
  private String answer = "[]";
  private final List<String> asked = new ArrayList<>();

  private final YarnConsoleProgress progress = new YarnConsoleProgress((url, id) -> {
    asked.add(url + " " + id);
    if (answer == null) {
      throw new IOException("proxy unreachable");
    }
    return StatusJson.parseStages(answer);
  }, ConsoleProgressBar.with(clock, err, 40), now::get);

  private String printed() {
    String s = bytes.toString(StandardCharsets.UTF_8);
    bytes.reset();
    return s;
  }

  private ApplicationReport report(YarnApplicationState state) {
    ApplicationReport r = Records.newRecord(ApplicationReport.class);
    r.setApplicationId(appId);
    r.setYarnApplicationState(state);
    r.setTrackingUrl("http://rm:8088/proxy/" + appId + "/");
    return r;
  }

  /** The AM's answer, written as Spark's REST API writes a stage (the fields the bar reads, and others). */
  private static String stages(String... stages) {
    return "[" + String.join(",", stages) + "]";
  }

  private static String active(int id, int tasks, int running, int done) {
    return "{\"status\":\"ACTIVE\",\"stageId\":" + id + ",\"attemptId\":0,\"numTasks\":" + tasks
        + ",\"numActiveTasks\":" + running + ",\"numCompleteTasks\":" + done + ",\"numFailedTasks\":0"
        + ",\"numCompletedIndices\":" + done + ",\"submissionTime\":\"2026-11-25T18:40:01.512GMT\""
        + ",\"name\":\"map at Job.java:12\",\"jobIds\":[0],\"inputBytes\":0}";
  }

  @Test
  void drawsTheAmsRunningStagesAndErasesTheBarWhenTheyAndTheApplicationEnd() {
    progress.onReport(report(YarnApplicationState.ACCEPTED));
    assertEquals(List.of(), asked, "no AM to ask before it runs");

    answer = stages(active(0, 10, 4, 0));
    progress.onReport(report(YarnApplicationState.RUNNING));
    assertEquals(List.of("http://rm:8088/proxy/" + appId + "/ " + appId), asked);
    assertEquals("", printed(), "a stage seen less than 500 ms ago is not shown");

    answer = stages(active(0, 10, 1, 3));
    now.addAndGet(600);
    progress.onReport(report(YarnApplicationState.RUNNING));
    // width 40: "[Stage 0:" (9) + 18 cells + "(3 + 1) / 10]" (13); 18 * 3 / 10 = 5 done cells, then '>'
    assertEquals("\r[Stage 0:=====>" + " ".repeat(12) + "(3 + 1) / 10]\r", printed());

    answer = null;
    now.addAndGet(600);
    progress.onReport(report(YarnApplicationState.RUNNING));
    assertEquals("", printed(), "a failed read keeps the bar as it was");

    answer = "[]";
    progress.onReport(report(YarnApplicationState.RUNNING));
    assertEquals("\r" + " ".repeat(40) + "\r", printed(), "no stage runs: erased");

    answer = stages(active(1, 4, 2, 2));
    progress.onReport(report(YarnApplicationState.RUNNING));
    now.addAndGet(600);
    progress.onReport(report(YarnApplicationState.RUNNING));
    assertTrue(printed().contains("(2 + 2) / 4]"));
    progress.onReport(report(YarnApplicationState.FINISHED));
    assertEquals("\r" + " ".repeat(40) + "\r", printed(), "the application ended: erased");
    progress.stop();
    assertEquals("", printed());
  }

  @Test
  void noBarWhenStderrIsNotATerminalOrTheSettingIsOff() {
    assertTrue(!"1".equals(System.getenv("SPINDLE_STDERR_IS_TTY")), "the test runs with stderr redirected");
    assertEquals(false, YarnLauncher.showConsoleProgress(Map.of()), "stderr is not a terminal");
    assertEquals(false, YarnLauncher.showConsoleProgress(Map.of("spindle.ui.showConsoleProgress", "false")));
  }
}

