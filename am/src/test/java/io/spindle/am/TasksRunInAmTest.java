package io.spindle.am;

import static io.spindle.am.ContainerSizesTest.conf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Where the tasks run, as both the client (the AM's JVM options) and the AM (its deployment) decide it:
 * in the AM only with --num-executors 0 and no dynamic allocation.
 */
class TasksRunInAmTest {
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
