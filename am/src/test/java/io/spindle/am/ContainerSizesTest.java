package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.SpindleConf;
import io.spindle.config.InvalidConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.Resource;
import org.junit.jupiter.api.Test;

/**
 * Container sizes from the settings, and the refusal of containers above the cluster's largest
 * (the numbers a ResourceManager's maximum allocation would give), naming what to lower.
 */
class ContainerSizesTest {
  private static final long MAX_MIB = 4096;
  private static final int MAX_VCORES = 4;

  /** A conf of just these key, value pairs (no defaults from the system or files). */
  static SpindleConf conf(String... keyValues) {
    SpindleConf conf = new SpindleConf(false);
    for (int i = 0; i < keyValues.length; i += 2) {
      conf.set(keyValues[i], keyValues[i + 1]);
    }
    return conf;
  }

  @Test
  void theAmIsTheDriversHeapPlusTenPercentOrAtLeast384MiB() {
    assertArrayEquals(new long[] {1024, 1024 + 384}, ContainerSizes.amMemoryMiB(conf()));
    assertArrayEquals(new long[] {8192, 8192 + 819}, ContainerSizes.amMemoryMiB(conf("spindle.driver.memory", "8g")));
    assertArrayEquals(new long[] {384, 512},
        ContainerSizes.amMemoryMiB(conf("spindle.driver.memory", "384m", "spindle.driver.memoryOverhead", "128m")));
  }

  @Test
  void containersUpToTheClustersLargestFit() {
    // 3712 + 384 = 4096: exactly the largest.
    assertDoesNotThrow(() -> ContainerSizes.checkFits(conf("spindle.executor.memory", "3712m",
        "spindle.driver.memory", "3712m", "spindle.executor.cores", "4", "spindle.driver.cores", "4"), MAX_MIB, MAX_VCORES));
  }

  @Test
  void anExecutorAboveTheLargestIsRefusedNamingItsSettingsAndTheClustersFigure() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> ContainerSizes.checkFits(conf("spindle.executor.memory", "3713m"), MAX_MIB, MAX_VCORES));
    assertTrue(e.getMessage().contains("spindle.executor.memory = 3713m") && e.getMessage().contains("4097 MiB")
        && e.getMessage().contains("4096 MiB (yarn.scheduler.maximum-allocation-mb")
        && e.getMessage().contains("--executor-memory"), e.getMessage());
    InvalidConfigException overhead = assertThrows(InvalidConfigException.class, () -> ContainerSizes.checkFits(
        conf("spindle.executor.memory", "3g", "spindle.executor.memoryOverhead", "1500m"), MAX_MIB, MAX_VCORES));
    assertTrue(overhead.getMessage().contains("spindle.executor.memoryOverhead = 1500m")
        && overhead.getMessage().contains("4572 MiB"), overhead.getMessage());
    InvalidConfigException cores = assertThrows(InvalidConfigException.class,
        () -> ContainerSizes.checkFits(conf("spindle.executor.cores", "5"), MAX_MIB, MAX_VCORES));
    assertTrue(cores.getMessage().contains("spindle.executor.cores = 5 vcores")
        && cores.getMessage().contains("4 vcores (yarn.scheduler.maximum-allocation-vcores")
        && cores.getMessage().contains("--executor-cores"), cores.getMessage());
  }

  @Test
  void theDriverAboveTheLargestIsRefusedNamingItsSettings() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> ContainerSizes.checkFits(conf("spindle.driver.memory", "20g"), MAX_MIB, MAX_VCORES));
    assertTrue(e.getMessage().contains("spindle.driver.memory = 20g") && e.getMessage().contains("22528 MiB")
        && e.getMessage().contains("--driver-memory"), e.getMessage());
    InvalidConfigException cores = assertThrows(InvalidConfigException.class,
        () -> ContainerSizes.checkFits(conf("spindle.driver.cores", "8"), MAX_MIB, MAX_VCORES));
    assertTrue(cores.getMessage().contains("spindle.driver.cores = 8 vcores"), cores.getMessage());
  }

  /** Settings made in code reach only the AM: it refuses them before asking for a container. */
  @Test
  void theAmRefusesAnExecutorSizeAboveWhatItsRegistrationSaidBeforeRequestingAny() {
    AmLaunchSpec spec = new AmLaunchSpec("com.example.Main", AmLaunchSpec.APP_JAR, List.of(), List.of(), "", Map.of());
    AmServices am = new AmServices(null, null, "application_1700000000000_0042", "localhost", spec, Path.of("."));
    am.maxContainer = Resource.newInstance(MAX_MIB, MAX_VCORES);
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> new YarnExecutorLauncherFactory(am)
        .create(conf("spindle.executor.memory", "10g"), new byte[] {1}));
    assertTrue(e.getMessage().contains("spindle.executor.memory = 10g"), e.getMessage());
  }
}
