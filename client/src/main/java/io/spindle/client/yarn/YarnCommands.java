package io.spindle.client.yarn;

import io.spindle.client.ExitCodes;
import java.io.PrintStream;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;

/** {@code --status <appId>} and {@code --kill <appId>}. */
final class YarnCommands {
  private static final long KILL_WAIT_MS = 60_000;

  private YarnCommands() {}

  static int status(YarnClient yarn, String id, PrintStream out, PrintStream err) throws Exception {
    ApplicationReport r = report(yarn, id, err);
    if (r == null) {
      return ExitCodes.USAGE;
    }
    out.println("Application id: " + r.getApplicationId());
    out.println("Name: " + r.getName());
    out.println("Queue: " + r.getQueue());
    out.println("State: " + r.getYarnApplicationState());
    out.println("Final status: " + r.getFinalApplicationStatus());
    out.println("Progress: " + Math.round(r.getProgress() * 100) + "%");
    out.println("Tracking URL: " + r.getTrackingUrl());
    String d = r.getDiagnostics();
    out.println("Diagnostics: " + (d == null || d.isBlank() ? "" : d.strip()));
    return ExitCodes.SUCCESS;
  }

  /** Kills the application, waits for YARN to confirm, removes its staging dir. */
  static int kill(YarnClient yarn, YarnConfiguration hadoopConf, Map<String, String> conf, String id,
      PrintStream out, PrintStream err) throws Exception {
    ApplicationReport r = report(yarn, id, err);
    if (r == null) {
      return ExitCodes.USAGE;
    }
    ApplicationId appId = r.getApplicationId();
    if (!ApplicationMonitor.TERMINAL.contains(r.getYarnApplicationState())) {
      yarn.killApplication(appId);
      long deadline = System.currentTimeMillis() + KILL_WAIT_MS;
      while (!ApplicationMonitor.TERMINAL.contains(r.getYarnApplicationState())
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
        r = yarn.getApplicationReport(appId);
      }
    }
    FileSystem fs = FileSystem.get(hadoopConf);
    Path staging = StagingDir.pathFor(fs, conf, appId.toString());
    if (ApplicationMonitor.TERMINAL.contains(r.getYarnApplicationState())) { // a killed AM could not abort its outputs
      for (String output : io.spindle.am.OutputJournal.cleanUncommitted(hadoopConf, staging.toString())) {
        out.println("Removed the uncommitted output " + output);
      }
    }
    boolean removed = StagingDir.remove(fs, staging);
    out.println(appId + " state: " + r.getYarnApplicationState() + ", final status: " + r.getFinalApplicationStatus());
    out.println(removed ? "Removed staging dir " + staging : "No staging dir left at " + staging);
    if (!ApplicationMonitor.TERMINAL.contains(r.getYarnApplicationState())) {
      err.println("spindle-submit: " + appId + " did not end within " + KILL_WAIT_MS / 1000 + " s of the kill");
      return ExitCodes.YARN_SUBMISSION_FAILED;
    }
    return ExitCodes.SUCCESS;
  }

  private static ApplicationReport report(YarnClient yarn, String id, PrintStream err) throws Exception {
    ApplicationId appId;
    try {
      appId = ApplicationId.fromString(id);
    } catch (IllegalArgumentException e) {
      err.println("spindle-submit: '" + id + "' is not an application id (application_<cluster ts>_<n>)");
      return null;
    }
    try {
      return yarn.getApplicationReport(appId);
    } catch (ApplicationNotFoundException e) {
      err.println("spindle-submit: the ResourceManager does not know " + appId);
      return null;
    }
  }
}
