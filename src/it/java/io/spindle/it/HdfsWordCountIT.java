package io.spindle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.Pair;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * textFile and saveAsTextFile over {@code hdfs://} on a real MiniDFSCluster (started once for the
 * class), with a 1 MiB block size so the input spans several blocks and splits.
 */
class HdfsWordCountIT {
  private static MiniDFSCluster dfs;
  private static FileSystem fs;
  private static String root;

  @BeforeAll
  static void startDfs() throws Exception {
    Configuration conf = new Configuration();
    conf.setLong("dfs.blocksize", 1 << 20);
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, Files.createTempDirectory("minidfs").toString());
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(2).build();
    dfs.waitActive();
    fs = dfs.getFileSystem();
    root = dfs.getURI().toString();
  }

  @AfterAll
  static void stopDfs() {
    if (dfs != null) {
      dfs.shutdown();
    }
  }

  @Test
  void wordCountOverHdfsEqualsTheShellReference() throws Exception {
    String text = WordCountReference.generatedText(11, 150_000); // several 1 MiB blocks
    Path local = Files.createTempFile("hdfs-input", ".txt");
    Files.writeString(local, text);
    org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path(root + "/in/words.txt");
    try (OutputStream out = fs.create(input)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(fs.getFileStatus(input).getLen() > 2 * (1 << 20));
    String output = root + "/out/wordcount";

    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]"))) {
      ctx.textFile(root + "/in", 4)
          .flatMap(l -> List.of(l.split("\\s+")).iterator())
          .filter(w -> !w.isEmpty())
          .mapToPair(w -> Pair.of(w, 1L))
          .reduceByKey(Long::sum)
          .map(p -> p.key() + "\t" + p.value())
          .saveAsTextFile(output);
    }

    List<String> lines = new ArrayList<>();
    boolean success = false;
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(output))) {
      String name = f.getPath().getName();
      success |= name.equals("_SUCCESS");
      if (name.startsWith("part-")) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
          r.lines().forEach(lines::add);
        }
      }
    }
    assertTrue(success, "_SUCCESS written");
    Map<String, Long> expected = WordCountReference.shellCounts(local);
    assertEquals(expected, WordCountReference.parseOutput(lines));
  }
}
