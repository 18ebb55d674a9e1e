package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.JobFailedException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmLaunchSpecTest {
  @Test
  void roundTripsArgumentsWithAnyCharacters(@TempDir Path dir) throws Exception {
    List<String> args = List.of("hdfs:///in put", "", "a=b", "ünï\ncode\t\"quoted\" $HOME `x`", "--flag");
    AmLaunchSpec spec = new AmLaunchSpec("com.example.Main", AmLaunchSpec.APP_JAR, List.of("__user__0_a.jar"), args,
        "hdfs://nn/user/u/.spindle/staging/application_1_0001",
        Map.of("spindle.master", "yarn", "spindle.task.maxFailures", "2"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    spec.write(out);
    Path file = dir.resolve(AmLaunchSpec.FILE_NAME);
    Files.write(file, out.toByteArray());
    assertEquals(spec, AmLaunchSpec.read(file));
  }

  @Test
  void failureDiagnosticsNameTheUserExceptionAndTheCauseChain() {
    IllegalStateException user = new IllegalStateException("bad record 7");
    DriverOutcome outcome = DriverOutcome.failed("com.example.Main",
        new JobFailedException("Job 0 failed: task 3 failed 4 times", user));
    assertEquals(FinalApplicationStatus.FAILED, outcome.status());
    String d = outcome.diagnostics();
    assertTrue(d.startsWith("User class com.example.Main threw io.spindle.function.JobFailedException: Job 0 failed"), d);
    assertTrue(d.contains("Caused by: java.lang.IllegalStateException: bad record 7"), d);
    assertTrue(d.contains("\tat io.spindle.am.AmLaunchSpecTest"), d);
    assertTrue(d.endsWith(DriverOutcome.CAUSE_CHAIN_PREFIX + "io.spindle.function.JobFailedException,java.lang.IllegalStateException"),
        d);
  }

  @Test
  void progressIsFinishedOverSubmittedTasks() {
    DriverProgress p = new DriverProgress();
    assertEquals(0f, p.fraction());
    p.stageSubmitted(4);
    p.taskEnded(true);
    p.taskEnded(false);
    assertEquals(0.25f, p.fraction());
    p.stageSubmitted(4);
    for (int i = 0; i < 7; i++) {
      p.taskEnded(true);
    }
    assertEquals(1f, p.fraction());
    assertEquals(9, p.endedAttempts());
  }

  @Test
  void durationsParse() {
    assertEquals(500, YarnConfigs.durationMillis("k", "500ms"));
    assertEquals(30_000, YarnConfigs.durationMillis("k", "30s"));
    assertEquals(30_000, YarnConfigs.durationMillis("k", "30"));
    assertEquals(300_000, YarnConfigs.durationMillis("k", "5m"));
    assertEquals(3_600_000, YarnConfigs.durationMillis("k", "1h"));
  }
}
