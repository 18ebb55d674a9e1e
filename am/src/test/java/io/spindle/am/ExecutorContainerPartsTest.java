package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.SpindleConf;
import io.spindle.cluster.ExecutorEnvironment;
import io.spindle.shuffle.yarn.ShuffleServiceData;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.junit.jupiter.api.Test;

class ExecutorContainerPartsTest {
  private static final ContainerId CONTAINER = ContainerId.fromString("container_1700000000000_0001_01_000002");

  private static ContainerExit exit(int code, String diagnostics, boolean stopping) {
    return ContainerExit.of(ContainerStatus.newInstance(CONTAINER, ContainerState.COMPLETE, diagnostics, code),
        stopping);
  }

  @Test
  void preemptionReleaseAndDiskFailuresDoNotCountAsFailures() {
    assertFalse(exit(ContainerExitStatus.PREEMPTED, "", false).countsAsFailure());
    assertFalse(exit(ContainerExitStatus.KILLED_BY_APPMASTER, "", false).countsAsFailure());
    assertFalse(exit(ContainerExitStatus.ABORTED, "", false).countsAsFailure());
    assertFalse(exit(ContainerExitStatus.DISKS_FAILED, "disk gone", false).countsAsFailure());
    assertFalse(exit(ContainerExitStatus.SUCCESS, "", false).countsAsFailure());
    assertFalse(exit(137, "killed", true).countsAsFailure(), "anything while the driver stops");
  }

  @Test
  void crashesCountAndMemoryKillsNameTheOverheadSetting() {
    ContainerExit crash = exit(137, "Exception from container-launch", false);
    assertTrue(crash.countsAsFailure());
    assertTrue(crash.reason().contains("137") && crash.reason().contains("Exception from container-launch"));
    ContainerExit memory = exit(ContainerExitStatus.KILLED_EXCEEDED_PMEM, "is running beyond physical memory", false);
    assertTrue(memory.countsAsFailure());
    assertTrue(memory.reason().contains("spindle.executor.memoryOverhead"), memory.reason());
  }

  @Test
  void executorContainersAreHeapPlusTenPercentOrAtLeast384MiB() {
    SpindleConf conf = new SpindleConf(false).set("spindle.executor.memory", "512m");
    assertArrayEquals(new long[] {512, 896}, ContainerSizes.executorMemoryMiB(conf));
    conf.set("spindle.executor.memory", "8g");
    assertArrayEquals(new long[] {8192, 8192 + 819}, ContainerSizes.executorMemoryMiB(conf));
    conf.set("spindle.executor.memoryOverhead", "100m");
    assertArrayEquals(new long[] {8192, 8292}, ContainerSizes.executorMemoryMiB(conf));
  }

  @Test
  void executorInstancesDefaultToTwoAndAcceptZero() {
    assertEquals(2, YarnConfigs.executorInstances(new SpindleConf(false)));
    assertEquals(0, YarnConfigs.executorInstances(new SpindleConf(false).set("spindle.executor.instances", "0")));
    assertThrows(io.spindle.config.InvalidConfigException.class,
        () -> YarnConfigs.executorInstances(new SpindleConf(false).set("spindle.executor.instances", "-1")));
  }

  @Test
  void resourcesRoundTripAndTheLaunchContextCarriesSecretAndClassPath() throws Exception {
    LocalResource jar = LocalResource.newInstance(URL.fromPath(new org.apache.hadoop.fs.Path("hdfs://nn:8020/c/ab.jar")),
        LocalResourceType.FILE, LocalResourceVisibility.PUBLIC, 1234, 5678);
    LocalResource archive = LocalResource.newInstance(URL.fromPath(new org.apache.hadoop.fs.Path("hdfs://nn:8020/s/d.zip")),
        LocalResourceType.ARCHIVE, LocalResourceVisibility.APPLICATION, 99, 100);
    ExecutorResources written = new ExecutorResources(Map.of("spindle-core.jar", jar, "dict", archive),
        List.of("spindle-core.jar"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    written.write(bytes);
    Path file = Files.createTempFile("resources", ".properties");
    Files.write(file, bytes.toByteArray());
    ExecutorResources read = ExecutorResources.read(file);
    assertEquals(written.classPath(), read.classPath());
    LocalResource back = read.files().get("spindle-core.jar");
    assertEquals(LocalResourceVisibility.PUBLIC, back.getVisibility());
    assertEquals(1234, back.getSize());
    assertEquals(5678, back.getTimestamp());
    assertEquals("hdfs://nn:8020/c/ab.jar", back.getResource().toPath().toString());
    assertEquals(LocalResourceType.FILE, back.getType());
    assertEquals(LocalResourceType.ARCHIVE, read.files().get("dict").getType(), "--archives stay archives");
    assertEquals(LocalResourceVisibility.APPLICATION, read.files().get("dict").getVisibility());

    byte[] secret = {1, 2, 3};
    ContainerLaunchContext ctx = new ExecutorContainerSpec(read, List.of("__app__.jar"), null, 512, 2,
        "io.spindle.executor.remote.ExecutorMain", "application_1_0001", secret).build("7", "node1", "am:4000");
    Map<String, String> env = ctx.getEnvironment();
    // The secret travels in the container's credentials, never in its environment: the NodeManager
    // copies the launch script with every export into the container's log dir (`yarn logs`).
    assertFalse(env.containsKey(ExecutorEnvironment.APP_SECRET), "no secret in the environment");
    assertFalse(env.values().stream().anyMatch(v -> v.contains(Base64.getEncoder().encodeToString(secret))), env.toString());
    byte[] tokens = new byte[ctx.getTokens().remaining()];
    ctx.getTokens().duplicate().get(tokens);
    assertArrayEquals(secret, DelegationTokens.deserialize(tokens)
        .getSecretKey(new org.apache.hadoop.io.Text(ExecutorEnvironment.SECRET_CREDENTIALS_ALIAS)));
    assertEquals("7", env.get(ExecutorEnvironment.EXECUTOR_ID));
    assertEquals("am:4000", env.get(ExecutorEnvironment.DRIVER));
    assertEquals("node1:0", env.get(ExecutorEnvironment.SHUFFLE_SERVICE), "port 0: the driver sends it");
    assertTrue(env.get("CLASSPATH").contains("spindle-core.jar") && env.get("CLASSPATH").contains("__app__.jar"));
    String command = ctx.getCommands().get(0);
    assertTrue(command.contains("-Xmx512m") && command.endsWith("2><LOG_DIR>/stderr")
        && command.contains("io.spindle.executor.remote.ExecutorMain"), command);
    assertFalse(command.contains(Base64.getEncoder().encodeToString(secret)), "no secret on the command line");
    assertArrayEquals(secret, ShuffleServiceData.decodeSecret(ctx.getServiceData().get(ShuffleServiceData.SERVICE_NAME)));
  }
}
