package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.SpindleConf;
import org.junit.jupiter.api.Test;

/**
 * Where the tasks run, as both the client (the AM's JVM options) and the AM (its deployment) decide it:
 * in the AM only with --num-executors 0 and no dynamic allocation.
 */
class TasksRunInAmTest {
  private static SpindleConf conf(String... keyValues) {
    SpindleConf conf = new SpindleConf(false);
    for (int i = 0; i < keyValues.length; i += 2) {
      conf.set(keyValues[i], keyValues[i + 1]);
    }
    return conf;
  }

  @Test
  void onlyZeroExecutorsWithoutDynamicAllocationRunTheTasksInTheAm() {
    assertTrue(YarnConfigs.tasksRunInAm(conf("spindle.executor.instances", "0")));
    assertFalse(YarnConfigs.tasksRunInAm(conf("spindle.executor.instances", "2")));
    assertFalse(YarnConfigs.tasksRunInAm(conf()), "the default asks for executors");
    assertFalse(YarnConfigs.tasksRunInAm(conf("spindle.executor.instances", "0",
        "spindle.dynamicAllocation.enabled", "true")), "dynamic allocation starts executors from 0");
  }

  @Test
  void theAmsTaskThreadsAreItsOwnCoresSettingElseTheDrivers() {
    assertEquals(1, YarnConfigs.amTaskThreads(conf()));
    assertEquals(2, YarnConfigs.amTaskThreads(conf("spindle.driver.cores", "2")));
    assertEquals(3, YarnConfigs.amTaskThreads(conf("spindle.driver.cores", "2", "spindle.yarn.am.cores", "3")));
  }
}
