package io.spindle.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.spindle.function.SpindleListener.StageInfo;
import io.spindle.function.SpindleListener.TaskInfo;
import io.spindle.function.SpindleListener.TaskStartInfo;
import io.spindle.function.TaskLocality;
import io.spindle.util.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The console progress bar on a manual clock: nothing for a stage younger than 500 ms, Spark's
 * {@code [Stage N:==>  (done + running) / total]} line redrawn in place as tasks finish, several
 * stages side by side, erased when no stage runs; and no bar at all when stderr is not a terminal.
 */
class ConsoleProgressBarTest {
  private final ManualClock clock = new ManualClock();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AppStatusListener status = new AppStatusListener("app", "app", "localhost", 4, 10, 10, 10,
      clock::currentTimeMillis);
  private final ConsoleProgressBar bar = new ConsoleProgressBar(status, clock, out, 40);

  private String printed() {
    String s = bytes.toString(StandardCharsets.UTF_8);
    bytes.reset();
    return s;
  }

  @Test
  void drawsRunningStagesInPlaceAndErasesTheBarWhenTheyEnd() {
    status.onJobStart(0, List.of(0, 1), "count at X.java:1");
    status.onStageSubmitted(new StageInfo(0, 0, "map", 10, true));
    bar.refresh();
    assertEquals("", printed(), "a stage younger than 500 ms is not shown");

    for (int t = 0; t < 4; t++) {
      status.onTaskStart(new TaskStartInfo(t, 0, 0, t, 0, "driver", "localhost", TaskLocality.PROCESS_LOCAL));
    }
    for (int t = 0; t < 3; t++) {
      status.onTaskEnd(new TaskInfo(t, 0, t, 0, "driver", null, TaskLocality.PROCESS_LOCAL));
    }
    clock.advance(600, TimeUnit.MILLISECONDS);
    bar.refresh();
    // width 40: "[Stage 0:" (9) + 18 bar cells + "(3 + 1) / 10]" (13); 18 * 3 / 10 = 5 done cells, then '>'
    assertEquals("\r[Stage 0:=====>" + " ".repeat(12) + "(3 + 1) / 10]\r", printed());
    bar.refresh();
    assertEquals("", printed(), "unchanged: not redrawn");

    status.onStageSubmitted(new StageInfo(1, 0, "reduce", 4, false));
    clock.advance(600, TimeUnit.MILLISECONDS);
    bar.refresh();
    // 20 columns each: no room left for bar cells, only the counts
    assertEquals("\r[Stage 0:(3 + 1) / 10][Stage 1:(0 + 0) / 4]\r", printed(), "two stages share the width");

    status.onStageCompleted(new StageInfo(0, 0, "map", 10, true));
    status.onStageCompleted(new StageInfo(1, 0, "reduce", 4, false));
    bar.refresh();
    assertEquals("\r" + " ".repeat(40) + "\r", printed(), "erased when nothing runs");
    bar.refresh();
    assertEquals("", printed());
  }

  @Test
  void aFullStageAndANarrowTerminal() {
    StageData done = new StageData(7, 0, "s", "s", "ACTIVE", List.of(0), 120, 0, 120, 0, 120, 0, -1, -1, null,
        null, java.util.Map.of());
    // 40 - 9 - 16 = 15 cells, all done
    assertEquals("[Stage 7:" + "=".repeat(15) + "(120 + 0) / 120]", ConsoleProgressBar.render(List.of(done), 40));
    assertEquals("[Stage 7:(120 + 0) / 120]", ConsoleProgressBar.render(List.of(done), 10), "no room for the bar");
  }

  @Test
  void stderrIsNotATerminalUnderTheTestRunner() {
    // Maven's surefire pipes the test JVM's stderr: the launcher's check would not set the variable.
    assertFalse(ConsoleProgressBar.stderrIsTerminal());
  }
}
