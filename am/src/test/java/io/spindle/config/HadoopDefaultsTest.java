package io.spindle.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** In the am module: its test class path has the HDFS client, as containers do (core's does not). */
class HadoopDefaultsTest {
  @Test
  void aCopyHoldsWhatAFreshlyParsedConfigurationHoldsAndIsItsOwn() {
    HadoopDefaults.registerDefaultResources();
    Configuration copy = HadoopDefaults.newConfiguration();
    assertEquals(asMap(new Configuration()), asMap(copy), "the same keys and values as Hadoop's own parse");
    // Configuration's toString lists its resources: HDFS's and YARN's are registered (the HDFS client
    // jar has no hdfs-default.xml; a container's working dir has the *-site.xml files).
    assertTrue(copy.toString().contains("hdfs-site.xml") && copy.toString().contains("yarn-site.xml"), copy.toString());
    assertNotNull(copy.get("mapreduce.job.maps"), "MapReduce's too (mapred-default.xml)");

    copy.set("spindle.test.only.here", "1");
    assertNull(HadoopDefaults.shared().get("spindle.test.only.here"), "a copy, not the shared one");
    assertNull(HadoopDefaults.newConfiguration().get("spindle.test.only.here"));
    assertNotSame(HadoopDefaults.newConfiguration(), HadoopDefaults.newConfiguration());
  }

  @Test
  void sparkStyleHadoopKeysLandOnACopy() {
    Settings conf = new Settings(false);
    conf.set("spindle.hadoop.dfs.blocksize", "1m");
    Configuration hadoop = Settings.hadoopConfiguration(conf);
    assertEquals("1m", hadoop.get("dfs.blocksize"));
    assertEquals(String.valueOf(128L << 20), hadoop.get("fs.local.block.size"));
    assertNotSame(HadoopDefaults.shared(), hadoop);
    assertEquals(new Configuration().get("fs.defaultFS"), hadoop.get("fs.defaultFS"));
  }

  private static Map<String, String> asMap(Configuration c) {
    Map<String, String> m = new TreeMap<>();
    c.forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }
}
