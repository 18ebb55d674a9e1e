package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HDFS client's wait before it asks the NameNode again whether a closed file's last block is
 * stored: Spindle's shorter first wait (with more tries) unless the cluster's site files or
 * {@code spindle.hadoop.*} set it; and it travels in the configuration shipped to the containers.
 */
class HdfsCloseWaitTest {
  @Test
  void spindleWaitsLessBeforeAskingAgainWithAsLongAnOverallBound() {
    YarnConfiguration conf = HadoopConfs.load(Map.of(), Map.of());
    assertEquals(50, conf.getInt(HadoopConfs.HDFS_CLOSE_FIRST_WAIT_KEY, -1));
    assertEquals(8, conf.getInt(HadoopConfs.HDFS_CLOSE_TRIES_KEY, -1));
    long spindleBound = 50L * ((1 << 8) - 1);
    long hadoopBound = 400L * ((1 << 5) - 1); // hdfs-default.xml: 400 ms, 5 tries
    org.junit.jupiter.api.Assertions.assertTrue(spindleBound >= hadoopBound, spindleBound + " ms against " + hadoopBound + " ms");
  }

  @Test
  void theClustersSiteFilesWin(@TempDir Path confDir) throws Exception {
    Files.writeString(confDir.resolve("hdfs-site.xml"), "<configuration><property><name>"
        + HadoopConfs.HDFS_CLOSE_FIRST_WAIT_KEY + "</name><value>700</value></property></configuration>");
    YarnConfiguration conf = HadoopConfs.load(Map.of("HADOOP_CONF_DIR", confDir.toString()), Map.of());
    assertEquals(700, conf.getInt(HadoopConfs.HDFS_CLOSE_FIRST_WAIT_KEY, -1));
    // The other of the pair is left alone too: the site chose how long closes may wait.
    assertEquals(5, conf.getInt(HadoopConfs.HDFS_CLOSE_TRIES_KEY, 5), "Hadoop's default (5), not Spindle's");
  }

  @Test
  void spindleHadoopSettingsWin() {
    YarnConfiguration conf = HadoopConfs.load(Map.of(),
        Map.of("spindle.hadoop." + HadoopConfs.HDFS_CLOSE_FIRST_WAIT_KEY, "400"));
    assertEquals(400, conf.getInt(HadoopConfs.HDFS_CLOSE_FIRST_WAIT_KEY, -1));
  }

  @Test
  void theShippedConfigurationCarriesIt() throws Exception {
    YarnConfiguration conf = HadoopConfs.load(Map.of(), Map.of());
    java.io.ByteArrayOutputStream xml = new java.io.ByteArrayOutputStream();
    conf.writeXml(xml); // what spindle-submit stages as core-, hdfs- and yarn-site.xml
    org.apache.hadoop.conf.Configuration container = new org.apache.hadoop.conf.Configuration(false);
    container.addResource(new java.io.ByteArrayInputStream(xml.toByteArray()), "core-site.xml");
    assertEquals(50, container.getInt(HadoopConfs.HDFS_CLOSE_FIRST_WAIT_KEY, -1));
    assertEquals(8, container.getInt(HadoopConfs.HDFS_CLOSE_TRIES_KEY, -1));
  }
}
