package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.JobFailedException;
import io.spindle.SpindleConf;
import io.spindle.am.DriverOutcome;
import io.spindle.client.ExitCodes;
import io.spindle.client.SubmitArguments;
import io.spindle.io.InputPathException;
import io.spindle.io.OutputExistsException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.Test;

class YarnClientPartsTest {
  @Test
  void yarnFlagsAreParsedAndRecordedAsConf() throws Exception {
    SubmitArguments a = SubmitArguments.parse(new String[] {"--master", "yarn", "--class", "C", "--queue", "q",
        "--driver-cores", "3", "--jars", "a.jar, b.jar", "--files", "f.txt", "--max-app-attempts", "1", "--tags",
        "x,y", "--no-wait", "--num-executors", "5", "--executor-memory", "2g", "--executor-cores", "2",
        "--archives", "z.zip", "app.jar", "--in", "x"});
    assertTrue(a.isYarn());
    assertTrue(a.yarn().noWait());
    assertEquals(List.of("a.jar", "b.jar"), a.yarn().jars());
    assertEquals(List.of("--in", "x"), a.appArgs());
    Map<String, String> c = a.yarn().asConf();
    assertEquals("q", c.get("spindle.yarn.queue"));
    assertEquals("3", c.get("spindle.driver.cores"));
    assertEquals("5", c.get("spindle.executor.instances"));
    assertEquals("2g", c.get("spindle.executor.memory"));
    assertEquals("z.zip", c.get("spindle.yarn.dist.archives"));
  }

  @Test
  void statusAndKillNeedNoClassOrJar() throws Exception {
    SubmitArguments s = SubmitArguments.parse(new String[] {"--status", "application_1_0001"});
    assertEquals("application_1_0001", s.statusAppId());
    assertTrue(s.isYarn());
    SubmitArguments k = SubmitArguments.parse(new String[] {"--kill", "application_1_0001"});
    assertEquals("application_1_0001", k.killAppId());
    assertThrows(SubmitArguments.UsageException.class,
        () -> SubmitArguments.parse(new String[] {"--master", "yarn", "app.jar"}));
  }

  @Test
  void amMemoryIsHeapPlusOverhead() {
    assertArrayEquals(new long[] {1024, 1024 + 384}, io.spindle.am.ContainerSizes.amMemoryMiB(conf(Map.of())));
    assertArrayEquals(new long[] {8192, 8192 + 819},
        io.spindle.am.ContainerSizes.amMemoryMiB(conf(Map.of("spindle.driver.memory", "8g"))));
    assertArrayEquals(new long[] {384, 512}, io.spindle.am.ContainerSizes.amMemoryMiB(
        conf(Map.of("spindle.driver.memory", "384m", "spindle.driver.memoryOverhead", "128m"))));
  }

  @Test
  void exitCodesFollowTheFinalStatusAndTheDriversException() {
    assertEquals(0, ApplicationMonitor.exitCode(report(YarnApplicationState.FINISHED, FinalApplicationStatus.SUCCEEDED, "")));
    assertEquals(8, ApplicationMonitor.exitCode(report(YarnApplicationState.KILLED, FinalApplicationStatus.KILLED, "")));
    assertEquals(7, ApplicationMonitor.exitCode(report(YarnApplicationState.FAILED, FinalApplicationStatus.FAILED,
        "AM Container exited with exitCode: 1")));
    assertEquals(6, ApplicationMonitor.exitCode(failedWith(new JobFailedException("job", new IllegalStateException()))));
    assertEquals(4, ApplicationMonitor.exitCode(failedWith(new UncheckedIOException(new InputPathException("no")))));
    // The AM names expired delegation tokens (no keytab) last in the chain, after the job's own failure.
    assertEquals(11, ApplicationMonitor.exitCode(report(YarnApplicationState.FINISHED, FinalApplicationStatus.FAILED,
        "The application's delegation tokens expired\nSpindle cause chain: io.spindle.function.JobFailedException\n"
            + "Spindle cause chain: io.spindle.am.DelegationTokensExpiredException")));
    assertEquals(5, ApplicationMonitor.exitCode(failedWith(new UncheckedIOException(new OutputExistsException("x")))));
    assertEquals(1, ApplicationMonitor.exitCode(failedWith(new IllegalArgumentException("user"))));
    assertEquals(1, ExitCodes.classifyClassNames(List.of("com.example.NotHere", "java.lang.RuntimeException")));
  }

  private static ApplicationReport failedWith(Throwable t) {
    return report(YarnApplicationState.FINISHED, FinalApplicationStatus.FAILED,
        DriverOutcome.failed("Main", t).diagnostics());
  }

  private static ApplicationReport report(YarnApplicationState state, FinalApplicationStatus status, String diag) {
    return ApplicationReport.newInstance(ApplicationId.newInstance(1, 1), null, "u", "q", "n", "h", 0, null, state,
        diag, "url", 0, 0, 0, status, null, "", 1f, "SPINDLE", null);
  }

  private static SpindleConf conf(Map<String, String> m) {
    SpindleConf c = new SpindleConf(false);
    m.forEach(c::set);
    return c;
  }
}
