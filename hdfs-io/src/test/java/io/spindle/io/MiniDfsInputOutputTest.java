package io.spindle.io;

import static io.spindle.io.LineAssertions.assertSameLines;
import static io.spindle.io.LineAssertions.assertSameMultiset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.bzip2.CBZip2OutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Splits, line reading and output commit on a real MiniDFSCluster: 3 named DataNodes on two
 * racks, 1 MiB blocks, 2 replicas. The text puts a tricky case (a line, a CRLF, a multi-byte
 * character or a 1 MiB line crossing; a line starting exactly on it; empty lines) on every block
 * boundary; lines read through the splits must equal lines computed independently from the text.
 */
class MiniDfsInputOutputTest {
  private static final int BLOCK = 1 << 20;
  private static final String[] HOSTS = {"dn1.spindle.test", "dn2.spindle.test", "dn3.spindle.test"};
  private static final String[] RACKS = {"/rack-a", "/rack-a", "/rack-b"};

  private static MiniDFSCluster cluster;
  private static Configuration conf;
  private static FileSystem fs;
  private static String text;
  private static List<String> lines;
  private static String plain;
  private static String gz;
  private static String bz2;
  private static String bz2Level1;

  @BeforeAll
  static void startCluster() throws IOException {
    conf = new HdfsConfiguration();
    conf.setLong("dfs.blocksize", BLOCK);
    conf.setLong("dfs.namenode.fs-limits.min-block-size", 4096);
    conf.setInt("dfs.replication", 2);
    File base = new File("target/minidfs/" + MiniDfsInputOutputTest.class.getSimpleName()).getAbsoluteFile();
    cluster = new MiniDFSCluster.Builder(conf, base).numDataNodes(3).hosts(HOSTS).racks(RACKS).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();

    text = TextBuilder.trickyBoundaries(31, BLOCK, 9, false);
    lines = ReferenceLines.of(text);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    plain = write("/in/tricky.txt", bytes);
    gz = write("/in/tricky.txt.gz", gzip(bytes));
    BZip2Codec codec = new BZip2Codec();
    codec.setConf(conf);
    Path bz2Path = new Path("/in/tricky.txt.bz2");
    try (CompressionOutputStream out = codec.createOutputStream(create(bz2Path))) {
      out.write(bytes);
    }
    bz2 = fs.makeQualified(bz2Path).toString();
    Path small = new Path("/in/small-blocks.bz2"); // 100 kB bzip2 blocks: ~10 per HDFS block
    try (OutputStream raw = create(small)) {
      raw.write("BZ".getBytes(StandardCharsets.US_ASCII));
      try (CBZip2OutputStream out = new CBZip2OutputStream(raw, 1)) {
        out.write(bytes);
      }
    }
    bz2Level1 = fs.makeQualified(small).toString();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @Test
  void plainTextEachLineOnceForManySplitSizes() throws IOException {
    for (long max : new long[] {BLOCK, 768 * 1024, 333_333, 65_537}) {
      List<FileSplit> splits = InputSplitter.split(conf, plain, 1, max);
      List<String> got = SplitReading.readAll(conf, splits);
      assertSameLines(lines, got, "maxPartitionBytes " + max);
      assertSameMultiset(lines, got, "maxPartitionBytes " + max);
    }
    List<FileSplit> byMin = InputSplitter.split(conf, plain, 23, Long.MAX_VALUE);
    assertTrue(byMin.size() >= 23, "minPartitions 23 gave " + byMin.size());
    assertSameLines(lines, SplitReading.readAll(conf, byMin), "minPartitions 23");
  }

  @Test
  void plainTextCutAroundEveryBlockBoundary() throws IOException {
    long len = fs.getFileStatus(new Path(plain)).getLen();
    for (int delta = -2; delta <= 2; delta++) {
      List<Long> cuts = new ArrayList<>();
      for (long b = BLOCK; b < len; b += BLOCK) {
        cuts.add(b + delta);
      }
      long[] at = cuts.stream().mapToLong(Long::longValue).toArray();
      assertSameLines(lines, SplitReading.readAll(conf, SplitReading.cutAt(plain, len, at)), "cuts at blocks " + delta);
    }
  }

  @Test
  void gzipIsOneSplit() throws IOException {
    List<FileSplit> splits = InputSplitter.split(conf, gz, 4, BLOCK / 4);
    assertEquals(1, splits.size());
    assertSameLines(lines, SplitReading.readAll(conf, splits), "gzip");
  }

  @Test
  void bzip2IsSplitAndReadsEachLineOnce() throws IOException {
    for (String file : List.of(bz2, bz2Level1)) {
      for (long max : new long[] {BLOCK, 333_333, 100_000, 31_337}) {
        List<FileSplit> splits = InputSplitter.split(conf, file, 1, max);
        long len = fs.getFileStatus(new Path(file)).getLen();
        assertTrue(len <= max * 1.1 || splits.size() > 1, "bzip2 is splittable");
        List<String> got = SplitReading.readAll(conf, splits);
        assertSameLines(lines, got, file + ", maxPartitionBytes " + max);
        assertSameMultiset(lines, got, file + ", maxPartitionBytes " + max);
      }
    }
  }

  @Test
  void directoryAndGlobReadEveryFileOnce() throws IOException {
    // The directory holds the same text plain, gzip and bzip2, plus files a reader must skip.
    for (String f : List.of(plain, gz, bz2)) {
      Path src = new Path(f);
      org.apache.hadoop.fs.FileUtil.copy(fs, src, fs, new Path("/dir/part-" + src.getName()), false, conf);
    }
    write("/dir/_SUCCESS", new byte[0]);
    write("/dir/.hidden", "not input\n".getBytes(StandardCharsets.UTF_8));
    List<String> threeTimes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      threeTimes.addAll(lines);
    }
    String dir = fs.makeQualified(new Path("/dir")).toString();
    for (String input : List.of(dir, dir + "/part-*", dir + "/part-tricky.txt," + dir + "/part-*.{gz,bz2}")) {
      List<FileSplit> splits = InputSplitter.split(conf, input, 1, 400_000);
      assertEquals(3, splits.stream().map(FileSplit::path).distinct().count(), input);
      assertSameMultiset(threeTimes, SplitReading.readAll(conf, splits), input);
    }
  }

  @Test
  void splitHostsAreThoseOfTheBlockHoldingMostOfIt() throws IOException {
    Set<Set<String>> hostSetsSeen = new HashSet<>();
    Set<String> racksSeen = new HashSet<>();
    for (String file : List.of(plain, copyOf(plain, "/in/copy.txt"))) {
      FileStatus status = fs.getFileStatus(new Path(file));
      BlockLocation[] blocks = fs.getFileBlockLocations(status, 0, status.getLen());
      assertTrue(blocks.length > 1, file);
      for (long max : new long[] {BLOCK, 768 * 1024, 300_000}) {
        for (FileSplit split : InputSplitter.split(conf, file, 1, max)) {
          BlockLocation most = blockHoldingMost(blocks, split);
          Set<String> expectedHosts = Set.of(most.getHosts());
          assertEquals(expectedHosts, Set.of(split.hosts()), split + " vs block " + most);
          Set<String> expectedRacks = new HashSet<>();
          for (String topologyPath : most.getTopologyPaths()) {
            expectedRacks.add(topologyPath.substring(0, topologyPath.lastIndexOf('/')));
          }
          assertEquals(expectedRacks, Set.of(split.racks()), split + " vs block " + most);
          assertTrue(Set.of(HOSTS).containsAll(expectedHosts), "DataNodes report their names: " + expectedHosts);
          hostSetsSeen.add(expectedHosts);
          racksSeen.addAll(expectedRacks);
        }
      }
    }
    // Two replicas on two racks: the rack-aware NameNode puts each block on both.
    assertTrue(racksSeen.containsAll(Set.of("/rack-a", "/rack-b")), "racks seen: " + racksSeen);
    System.out.println("distinct block host sets seen: " + hostSetsSeen);
  }

  /** The block with the largest overlap; the split sizes above always give one a strict majority. */
  private static BlockLocation blockHoldingMost(BlockLocation[] blocks, FileSplit split) {
    BlockLocation best = null;
    long bestBytes = -1;
    for (BlockLocation b : blocks) {
      long overlap = Math.min(split.end(), b.getOffset() + b.getLength()) - Math.max(split.start(), b.getOffset());
      if (overlap > bestBytes) {
        best = b;
        bestBytes = overlap;
      }
    }
    assertTrue(bestBytes * 2 > split.length(), "test premise: one block holds most of " + split);
    return best;
  }

  @Test
  void missingInputOnHdfsIsNamed() {
    InputPathException e = assertThrows(InputPathException.class, () -> InputSplitter.split(conf, "/no/such/file", 1, BLOCK));
    assertTrue(e.getMessage().contains(fs.getUri() + "/no/such/file"), e.getMessage());
    InputPathException g = assertThrows(InputPathException.class, () -> InputSplitter.split(conf, "/in/*.parquet", 1, BLOCK));
    assertTrue(g.getMessage().contains("/in/*.parquet") && g.getMessage().contains("glob"), g.getMessage());
  }

  @Test
  void wholeFilesReadAsWritten() throws IOException {
    assertEquals(text, WholeFileReader.read(conf, plain));
    assertEquals(text, WholeFileReader.read(conf, gz));
    assertEquals(text, WholeFileReader.read(conf, bz2));
  }

  @Test
  void committerOnHdfs() throws IOException {
    CommitterScenarios scenarios = new CommitterScenarios(conf);
    String base = fs.makeQualified(new Path("/out")).toString();
    scenarios.onlyTheAuthorizedAttemptIsPublished(base + "/authorized");
    scenarios.anAbortedJobLeavesNothing(base + "/aborted");
    scenarios.lateAttemptsRecreateNothing(base + "/late-aborted", base + "/late-committed");
    scenarios.abortKeepsADestinationItDidNotCreate(base + "/pre-existing");
    scenarios.anExistingDestinationIsRefused(base + "/existing");
    scenarios.compressedOutputReadsBack(base + "/gz", "gzip", ".gz");
    scenarios.compressedOutputReadsBack(base + "/bz2", "bzip2", ".bz2");
  }

  private static String copyOf(String file, String to) throws IOException {
    Path dest = new Path(to);
    if (!fs.exists(dest)) {
      try (var in = fs.open(new Path(file)); OutputStream out = create(dest)) {
        in.transferTo(out);
      }
    }
    return fs.makeQualified(dest).toString();
  }

  /** NO_LOCAL_WRITE: the NameNode places replicas at random, so blocks of a file differ in hosts. */
  private static OutputStream create(Path path) throws IOException {
    return fs.create(path, FsPermission.getFileDefault(), EnumSet.of(CreateFlag.CREATE, CreateFlag.NO_LOCAL_WRITE),
        64 * 1024, (short) 2, BLOCK, null);
  }

  private static String write(String path, byte[] bytes) throws IOException {
    Path p = new Path(path);
    try (OutputStream out = create(p)) {
      out.write(bytes);
    }
    return fs.makeQualified(p).toString();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }
}
