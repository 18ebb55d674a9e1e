package io.spindle.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spindle.ObservedJobs;
import io.spindle.SpindleContext;
import io.spindle.config.Settings;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages in a real browser: headless Chromium (Debian's {@code chromium}; {@code .ci/run}
 * installs it) loads the live UI and the history server's pages — the application list, the
 * application page with its jobs, stages, storage and executors, a job, a stage with its task
 * table — and the test asserts on the text Chromium rendered (its DOM after parsing) and that the
 * browser logged no console message. A screenshot of each page is kept under
 * {@code core/target/ui-screenshots/}. Skipped where Chromium is missing, except in CI.
 */
class StatusPagesInChromiumTest {
  private static final Path SHOTS = Path.of("target", "ui-screenshots");

  @TempDir
  Path events;
  @TempDir
  Path profile;

  @Test
  @org.junit.jupiter.api.Timeout(value = 5, unit = TimeUnit.MINUTES)
  void liveAndHistoryPagesRenderInChromium() throws Exception {
    String chromium = findChromium();
    assumeTrue(chromium != null || "true".equals(System.getenv("CI")), "chromium is not installed");
    assertTrue(chromium != null, "CI installs chromium (.ci/run); it is missing");
    Files.createDirectories(SHOTS);
    Settings historyConf = new Settings(false).set("spindle.history.fs.logDirectory", events.toUri().toString())
        .set("spindle.history.ui.port", "0").set("spindle.history.fs.update.interval", "200ms");
    String appId;
    try (SpindleContext ctx = new SpindleContext(ObservedJobs.conf("local[2]").set("spindle.ui.port", "0")
        .set("spindle.eventLog.enabled", "true").set("spindle.eventLog.dir", events.toUri().toString()))) {
      ObservedJobs.Run run = ObservedJobs.run(ctx);
      assertTrue(ctx.waitForListeners(30_000));
      appId = ctx.applicationId();
      String ui = ctx.uiWebUrl().orElseThrow();
      String app = render(chromium, ui + "/", "live-application");
      assertTrue(app.contains("observed ünïcode job") && app.contains("Jobs (2)"), app);
      assertTrue(app.contains("count at ObservedJobs.java") && app.contains("collectAsMap at ObservedJobs.java"), app);
      assertTrue(app.contains("Storage (1)") && app.contains("Disk Memory Deserialized 1x Replicated"), app);
      assertTrue(app.contains("Executors (1)"), app);
      String job = render(chromium, ui + "/jobs/job/?id=1", "live-job");
      assertTrue(job.contains("Job 1") && job.contains("collectAsMap at ObservedJobs.java"), job);
      int reduceStage = run.stagesCompleted().get(run.stagesCompleted().size() - 1).stageId();
      String stage = render(chromium, ui + "/stages/stage/?id=" + reduceStage + "&attempt=0", "live-stage");
      long tasks = run.taskEnds().stream().filter(t -> t.stageId() == reduceStage).count();
      assertTrue(stage.contains("Tasks (" + tasks + ")"), stage);
      assertTrue(stage.contains("SUCCESS") && stage.contains("Summary"), stage);
    }
    try (HistoryServer history = HistoryServer.start(historyConf, new Configuration(),
        InetAddress.getLoopbackAddress(), "localhost")) {
      String list = render(chromium, history.url() + "/", "history-applications");
      assertTrue(list.contains(appId) && list.contains("observed ünïcode job"), list);
      String app = render(chromium, history.url() + "/history/" + appId + "/", "history-application");
      assertTrue(app.contains("Jobs (2)") && app.contains("completed"), app);
      String stage = render(chromium, history.url() + "/history/" + appId + "/stages/stage/?id=0&attempt=0",
          "history-stage");
      assertTrue(stage.contains("Tasks (4)"), stage);
    }
  }

  /** Chromium's DOM of the page after loading it (its text, tags stripped); fails on any console message. */
  private String render(String chromium, String url, String name) throws IOException, InterruptedException {
    List<String> common = List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--user-data-dir=" + profile.resolve(name), "--enable-logging=stderr", "--v=0");
    Path shot = SHOTS.resolve(name + ".png").toAbsolutePath();
    List<String> command = new ArrayList<>(common);
    command.addAll(List.of("--window-size=1280,1600", "--screenshot=" + shot, "--dump-dom", url));
    String[] outErr = run(command);
    assertTrue(Files.size(shot) > 0, "screenshot " + shot);
    // Chromium logs each console message as "[…:INFO:CONSOLE:<line>] "<text>", source: …" (checked by hand
    // with a page calling console.error); the pages have no script, so any such line is an error.
    for (String line : outErr[1].split("\n")) {
      assertTrue(!line.contains(":CONSOLE"), "console message on " + url + ": " + line);
    }
    return outErr[0].replaceAll("<[^>]*>", " ").replace("&amp;", "&").replaceAll("\\s+", " ");
  }

  private static String[] run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("chromium", ".out");
    Path err = Files.createTempFile("chromium", ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish: " + command);
    String[] result = {Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8)};
    assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + result[1]);
    Files.delete(out);
    Files.delete(err);
    return result;
  }

  private static String findChromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        File f = new File(dir, name);
        if (f.canExecute()) {
          return f.getAbsolutePath();
        }
      }
    }
    return null;
  }
}
