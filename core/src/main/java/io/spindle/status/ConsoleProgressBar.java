package io.spindle.status;

import io.spindle.util.Clock;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Spark's console progress bar on stderr, from the status store:
 * {@code [Stage 3:=======>        (45 + 4) / 120]} for each stage that has run at least
 * {@link #FIRST_DELAY_MS}, redrawn in place (carriage return) every {@link #UPDATE_PERIOD_MS}
 * when it changed (or once a minute), and erased when no stage runs. Only when stderr is a
 * terminal ({@code bin/spindle-submit} says so in {@code SPINDLE_STDERR_IS_TTY}) and
 * {@code spindle.ui.showConsoleProgress} is on; redirected output stays clean.
 */
public final class ConsoleProgressBar {
  static final long UPDATE_PERIOD_MS = 200;
  static final long FIRST_DELAY_MS = 500;
  private static final char CR = '\r';

  private final java.util.function.Supplier<List<StageData>> stages;
  private final Clock clock;
  private final PrintStream out;
  private final int width;
  private String lastShown = "";
  private long lastShownAt;
  private ScheduledExecutorService timer;

  ConsoleProgressBar(AppStatusListener status, Clock clock, PrintStream out, int width) {
    this(status::stages, clock, out, width);
  }

  /** @param stages the stage attempts, newest first (as the status API lists them) */
  private ConsoleProgressBar(java.util.function.Supplier<List<StageData>> stages, Clock clock, PrintStream out,
      int width) {
    this.stages = stages;
    this.clock = clock;
    this.out = out;
    this.width = width;
  }

  /** Whether this JVM's stderr is a terminal, as the launcher found ({@code [ -t 2 ]}). */
  public static boolean stderrIsTerminal() {
    return "1".equals(System.getenv("SPINDLE_STDERR_IS_TTY"));
  }

  /** Makes a bar from where its stages come from (another process's status API: spindle-submit on YARN). */
  @FunctionalInterface
  public interface Builder {
    ConsoleProgressBar build(java.util.function.Supplier<List<StageData>> stages);
  }

  /** Bars on stderr, as wide as the terminal (COLUMNS, default 80), redrawn when the caller calls {@link #refresh}. */
  public static Builder onStderr() {
    return with(Clock.SYSTEM, System.err, terminalWidth());
  }

  /** Bars on {@code out} of {@code width} columns on {@code clock} (tests). */
  public static Builder with(Clock clock, PrintStream out, int width) {
    return stages -> new ConsoleProgressBar(stages, clock, out, width);
  }

  private static int terminalWidth() {
    try {
      return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80"));
    } catch (NumberFormatException ignored) {
      return 80;
    }
  }

  /** Starts the bar for {@code status} on stderr; the terminal width comes from COLUMNS (default 80). */
  public static ConsoleProgressBar start(AppStatusListener status) {
    ConsoleProgressBar bar = new ConsoleProgressBar(status, Clock.SYSTEM, System.err, terminalWidth());
    bar.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spindle-console-progress");
      t.setDaemon(true);
      return t;
    });
    bar.timer.scheduleWithFixedDelay(bar::refresh, UPDATE_PERIOD_MS, UPDATE_PERIOD_MS, TimeUnit.MILLISECONDS);
    return bar;
  }

  /** Redraws the bar if the running stages changed (called by the timer; tests call it on a fake clock). */
  public synchronized void refresh() {
    long now = clock.currentTimeMillis();
    List<StageData> shown = new ArrayList<>();
    for (StageData s : stages.get()) {
      if (s.status().equals("ACTIVE") && now - s.submissionTime() >= FIRST_DELAY_MS) {
        shown.add(0, s); // stages() is newest first; show the oldest on the left
      }
    }
    String bar = render(shown, width);
    if (bar.isEmpty()) {
      clear();
      return;
    }
    if (!bar.equals(lastShown) || now - lastShownAt >= 60_000) {
      out.print(CR + bar + CR);
      out.flush();
      lastShown = bar;
      lastShownAt = now;
    }
  }

  /** Spark's layout: the width is shared by the shown stages (at most 3). */
  static String render(List<StageData> stages, int width) {
    if (stages.isEmpty()) {
      return "";
    }
    List<StageData> shown = stages.subList(0, Math.min(3, stages.size()));
    int each = width / shown.size();
    StringBuilder line = new StringBuilder();
    for (StageData s : shown) {
      int total = s.numTasks();
      String header = "[Stage " + s.stageId() + ":";
      String tailer = "(" + s.numCompleteTasks() + " + " + s.numActiveTasks() + ") / " + total + "]";
      int w = each - header.length() - tailer.length();
      line.append(header);
      if (w > 0) {
        int percent = total == 0 ? w : (int) ((long) w * s.numCompleteTasks() / total);
        for (int i = 0; i < w; i++) {
          line.append(i < percent ? '=' : i == percent ? '>' : ' ');
        }
      }
      line.append(tailer);
    }
    return line.toString();
  }

  /** Erases a shown bar (no stage runs any more, or the application ends). */
  synchronized void clear() {
    if (!lastShown.isEmpty()) {
      out.print(CR + " ".repeat(width) + CR);
      out.flush();
      lastShown = "";
    }
  }

  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
    clear();
  }
}
