package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.SpindleConf;
import io.spindle.config.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.junit.jupiter.api.Test;

/** spindle.yarn.appMasterEnv.* and spindle.executorEnv.*: which container gets what, and what is refused. */
class ContainerEnvironmentTest {
  @Test
  void eachPrefixGoesToItsContainers() {
    SpindleConf conf = new SpindleConf(false).set("spindle.yarn.appMasterEnv.TZ", "UTC")
        .set("spindle.executorEnv.TZ", "Europe/Zürich").set("spindle.executorEnv.LIB_MODE", "fast")
        .set("spindle.executor.memory", "1g");
    assertEquals(Map.of("TZ", "UTC"), ContainerEnvironment.forAm(conf));
    assertEquals(Map.of("TZ", "Europe/Zürich", "LIB_MODE", "fast"), ContainerEnvironment.forExecutors(conf));
    assertEquals(Map.of(), ContainerEnvironment.forAm(new SpindleConf(false)));
  }

  @Test
  void namesSpindleSetsItselfAndNonNamesAreRefusedNamingTheKey() {
    for (String key : List.of("spindle.executorEnv.CLASSPATH", "spindle.yarn.appMasterEnv.SPINDLE_APP_ID",
        "spindle.executorEnv.HADOOP_USER_NAME", "spindle.executorEnv.1ABC", "spindle.executorEnv.A-B",
        "spindle.yarn.appMasterEnv.")) {
      InvalidConfigException e = assertThrows(InvalidConfigException.class,
          () -> YarnSettingsCheck.check(new SpindleConf(false).set(key, "x")), key);
      assertTrue(e.getMessage().contains(key), e.getMessage());
    }
  }

  @Test
  void anExecutorsLaunchContextCarriesTheVariablesBesideSpindlesOwn() {
    ExecutorContainerSpec spec = new ExecutorContainerSpec(new ExecutorResources(Map.of(), List.of("a.jar")),
        List.of(), null, 512, 1, "io.spindle.executor.remote.ExecutorMain", "application_1700000000000_0001",
        new byte[] {1});
    spec.userEnvironment(Map.of("TZ", "UTC"));
    ContainerLaunchContext ctx = spec.build("3", "host1", "driver:7077");
    assertEquals("UTC", ctx.getEnvironment().get("TZ"));
    assertEquals("3", ctx.getEnvironment().get(io.spindle.cluster.ExecutorEnvironment.EXECUTOR_ID));
    assertTrue(ctx.getEnvironment().get("CLASSPATH").contains("a.jar"));
  }
}
