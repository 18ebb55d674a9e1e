package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.am.JvmOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmContainerTest {
  /** An AM container with one framework jar on its class path (class-data sharing needs one). */
  private static AmContainer withOneFrameworkJar() {
    org.apache.hadoop.fs.FileStatus jar = new org.apache.hadoop.fs.FileStatus(10, false, 1, 1, 100,
        new org.apache.hadoop.fs.Path("hdfs://nn/cache/1-spindle-am.jar"));
    AmContainer am = new AmContainer();
    am.addFrameworkJar("spindle-am.jar", jar, org.apache.hadoop.yarn.api.records.LocalResourceVisibility.PUBLIC);
    return am;
  }

  @Test
  void theAmRunsC1OnlyUnlessTheUserSaysOtherwiseAfterTheDefaults() throws Exception {
    String command = new AmContainer().build(384, null, JvmOptions.parse("-XX:TieredStopAtLevel=4 -Dx=y"),
        new byte[] {1, 2}).getCommands().get(0);
    int defaults = command.indexOf(String.join(" ", JvmOptions.AM_DEFAULTS));
    int user = command.indexOf("-XX:TieredStopAtLevel=4 -Dx=y");
    assertTrue(command.contains("-Xmx384m") && defaults > 0 && user > defaults, command);
    assertTrue(user < command.indexOf(" io.spindle.am.ApplicationMaster"), command);
    assertTrue(new AmContainer().build(384, null, List.of(), new byte[] {1}).getCommands().get(0)
        .contains("-XX:TieredStopAtLevel=1"));
  }

  @Test
  void theAmSharesClassDataUnlessTurnedOff() throws Exception {
    AmContainer am = withOneFrameworkJar();
    String on = am.build(384, null, List.of(), new byte[] {1}).getCommands().get(0);
    assertTrue(on.contains("/spindle-cds/am-") && on.contains("$(r=$(readlink -f spindle-am.jar ")
        && on.indexOf("@{{PWD}}/spindle-classpath.args") < on.indexOf(" io.spindle.am.ApplicationMaster"), on);
    String off = am.classDataSharing(false).build(384, null, List.of(), new byte[] {1}).getCommands().get(0);
    assertTrue(!off.contains("cds") && !off.contains("classpath.args"), off);
    String own = new AmContainer().build(384, null, List.of("-Xshare:off"), new byte[] {1}).getCommands().get(0);
    assertTrue(!own.contains("spindle-cds"), own);
  }

  /**
   * --num-executors 0: the AM runs the tasks, so it gets what an executor gets (C2 at the executors'
   * thresholds, the throughput collector, the young generation per task thread, huge pages) and not
   * the driving AM's C1 only; the user's options still come last, and a collector they choose
   * replaces the default and its young generation cap.
   */
  @Test
  void anAmThatRunsTheTasksGetsTheExecutorsDefaults() throws Exception {
    String tasks = new AmContainer().runsTasks(2).build(2048, null, List.of("-Dx=y"), new byte[] {1})
        .getCommands().get(0);
    assertFalse(tasks.contains("-XX:TieredStopAtLevel=1"), tasks);
    int defaults = tasks.indexOf(String.join(" ", JvmOptions.EXECUTOR_DEFAULTS));
    assertTrue(defaults > 0, tasks);
    for (String option : List.of("-XX:MaxNewSize=256m", "transparent_hugepage", "-XX:+UseParallelGC", "-Dx=y")) {
      assertTrue(tasks.indexOf(option) > defaults, option + " after the defaults: " + tasks);
    }
    assertTrue(tasks.indexOf("-XX:+UseParallelGC") < tasks.indexOf("-Dx=y"), tasks);
    String g1 = new AmContainer().runsTasks(2).build(2048, null, List.of("-XX:+UseG1GC"), new byte[] {1})
        .getCommands().get(0);
    assertTrue(g1.contains("-XX:+UseG1GC") && !g1.contains("-XX:+UseParallelGC") && !g1.contains("MaxNewSize"), g1);
  }

  /** The archive of an AM that runs tasks is not the driving AM's: they load different classes. */
  @Test
  void anAmThatRunsTheTasksHasAnArchiveOfItsOwn() throws Exception {
    AmContainer am = withOneFrameworkJar();
    assertTrue(am.build(384, null, List.of(), new byte[] {1}).getCommands().get(0).contains("/spindle-cds/am-"));
    assertTrue(am.runsTasks(1).build(384, null, List.of(), new byte[] {1}).getCommands().get(0)
        .contains("/spindle-cds/amtasks-"));
  }

  /** The AES JIT options go to an AM that runs tasks with encryption at rest, before the user's options. */
  @Test
  void javaOptionsAddTheAesJitOnlyWhereTheAmEncryptsTasksFiles() {
    io.spindle.SpindleConf inAm = new io.spindle.SpindleConf(false).set("spindle.executor.instances", "0")
        .set("spindle.io.encryption.enabled", "true").set("spindle.driver.extraJavaOptions", "-Da=b");
    List<String> expected = new java.util.ArrayList<>(JvmOptions.ENCRYPTION_JIT);
    expected.add("-Da=b");
    assertEquals(expected, AmContainer.javaOptions(inAm));
    assertEquals(List.of("-Da=b"), AmContainer.javaOptions(inAm.set("spindle.executor.instances", "2")));
    assertEquals(List.of("-Da=b"), AmContainer.javaOptions(new io.spindle.SpindleConf(false)
        .set("spindle.executor.instances", "0").set("spindle.driver.extraJavaOptions", "-Da=b")));
  }

  /**
   * spindle.network.crypto.enabled: the driving AM keeps C2 (at the executors' thresholds, with the
   * AES provider's per-method ones) instead of C1 only, under which AES-GCM runs ~40 MB/s; it stays a
   * driver otherwise (no task runner options), and without encryption it stays C1 only.
   */
  @Test
  void aDrivingAmThatEncryptsItsRpcKeepsC2ForTheAesProvider() throws Exception {
    io.spindle.SpindleConf encrypted = new io.spindle.SpindleConf(false).set("spindle.network.crypto.enabled", "true");
    assertTrue(AmContainer.drivesEncryptedRpc(encrypted));
    assertEquals(JvmOptions.ENCRYPTION_JIT, AmContainer.javaOptions(encrypted));
    String command = new AmContainer().encryptsRpc(true).build(384, null, AmContainer.javaOptions(encrypted),
        new byte[] {1}).getCommands().get(0);
    assertFalse(command.contains("-XX:TieredStopAtLevel=1"), command);
    assertTrue(command.indexOf(String.join(" ", JvmOptions.EXECUTOR_DEFAULTS)) > 0, command);
    assertTrue(command.contains("CompileThresholdScaling,com.sun.crypto.provider"), command);
    assertFalse(command.contains("-XX:+UseParallelGC") || command.contains("transparent_hugepage"), command);
    io.spindle.SpindleConf plain = new io.spindle.SpindleConf(false);
    assertFalse(AmContainer.drivesEncryptedRpc(plain));
    assertEquals(List.of(), AmContainer.javaOptions(plain));
    // Tasks in the AM: no executors to talk to; what it gets follows from running the tasks.
    assertFalse(AmContainer.drivesEncryptedRpc(encrypted.set("spindle.executor.instances", "0")));
  }

  /** jvmFor(conf) chooses as the settings say: tasks in the AM, an encrypting driver, or a plain driver. */
  @Test
  void jvmForChoosesTheDefaultsFromTheSettings() throws Exception {
    java.util.function.Function<io.spindle.SpindleConf, String> command = conf -> {
      try {
        return new AmContainer().jvmFor(conf).build(2048, null, List.of(), new byte[] {1}).getCommands().get(0);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    String inAm = command.apply(new io.spindle.SpindleConf(false).set("spindle.executor.instances", "0")
        .set("spindle.yarn.am.cores", "3"));
    assertTrue(inAm.contains("-XX:+UseParallelGC") && inAm.contains("-XX:MaxNewSize=384m")
        && !inAm.contains("-XX:TieredStopAtLevel=1"), inAm);
    String encrypting = command.apply(new io.spindle.SpindleConf(false).set("spindle.network.crypto.enabled", "true"));
    assertTrue(encrypting.contains(String.join(" ", JvmOptions.EXECUTOR_DEFAULTS))
        && !encrypting.contains("-XX:+UseParallelGC"), encrypting);
    assertTrue(command.apply(new io.spindle.SpindleConf(false)).contains(String.join(" ", JvmOptions.AM_DEFAULTS)));
  }
}
