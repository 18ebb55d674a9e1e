package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spindle.it.yarn.MiniSpindleCluster;
import io.spindle.testkit.YarnJobRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The job as the cluster runs it: spindle-submit --master yarn on a MiniDFSCluster + MiniYARNCluster
 * whose NodeManagers run Spindle's shuffle service, with the job's classes as the application jar and
 * its library passed with --jars.
 */
class SalesByRegionYarnTest {
  @Test
  @Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
  void runsOnYarnWithTwoExecutors() throws Exception {
    Sales sales = new Sales(7, 20_000);
    Path work = Files.createDirectories(Path.of("target", "yarn-test")).toAbsolutePath();
    try (MiniSpindleCluster cluster = MiniSpindleCluster.start("sales", 1, work)) {
      FileSystem fs = cluster.fileSystem();
      try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/in/sales.csv"))) {
        out.write(String.join("\n", sales.lines).getBytes(StandardCharsets.UTF_8));
      }
      Path appJar = YarnJobRunner.jarOf(Path.of("target", "classes"), work.resolve("job.jar"));
      // The job's library: in the shaded jar on a cluster; here (before `package`) passed with --jars.
      Path csv = YarnJobRunner.jarContaining(org.apache.commons.csv.CSVFormat.class);
      YarnJobRunner.Result run = new YarnJobRunner(cluster).submit(List.of("--num-executors", "2",
          "--executor-memory", "384m", "--jars", csv.toString(), "--class", SalesByRegion.class.getName(),
          appJar.toString(), "/in/sales.csv", "/out"));
      assertEquals(0, run.exitCode(), run.output());

      Map<String, Long> totals = new TreeMap<>();
      for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path("/out"))) {
        if (f.getPath().getName().startsWith("part-")) {
          try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
            r.lines().forEach(l -> totals.put(l.substring(0, l.lastIndexOf('\t')),
                Long.parseLong(l.substring(l.lastIndexOf('\t') + 1))));
          }
        }
      }
      assertEquals(sales.expectedCents, totals);
    }
  }
}
