package io.spindle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.PairRdd;
import io.spindle.Rdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.Pair;
import io.spindle.function.SpindleListener;
import io.spindle.function.TaskContext;
import io.spindle.function.TaskLocality;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.DefaultCodec;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hadoop's formats on a real MiniDFSCluster (issue 14): SequenceFiles written by Hadoop's own
 * {@code SequenceFile.Writer} read back exactly, SequenceFiles Spindle writes read by Hadoop's
 * {@code SequenceFile.Reader}, a custom FileInputFormat of this test driving the splits and the
 * tasks' preferred hosts, and {@code saveAsNewAPIHadoopFile} committing exactly the committed files
 * through the OutputFormat's committer after a task attempt failed half-way.
 */
class HadoopFormatsIT {
  private static MiniDFSCluster dfs;
  private static FileSystem fs;
  private static String root;
  private static SpindleContext ctx;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.setLong("dfs.blocksize", 1 << 20);
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, Files.createTempDirectory("minidfs").toString());
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    fs = dfs.getFileSystem();
    root = dfs.getURI().toString();
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]").set("spindle.locality.wait", "1h")
        .set("spindle.hadoop.fs.defaultFS", root));
  }

  @AfterAll
  static void stop() {
    if (ctx != null) {
      ctx.close();
    }
    if (dfs != null) {
      dfs.shutdown();
    }
  }

  /** Keys with unicode and a skewed key, values their position. */
  private static List<Pair<String, Integer>> records(int n) {
    String[] keys = {"hot", "café", "日本語", "emoji😀", "ß"};
    List<Pair<String, Integer>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Pair.of(i % 3 == 0 ? "hot" : keys[i % keys.length] + i, i));
    }
    return out;
  }

  private static List<String> asStrings(List<Pair<String, Integer>> records) {
    List<String> out = new ArrayList<>();
    records.forEach(p -> out.add(p.key() + "=" + p.value()));
    return out;
  }

  @Test
  void aSequenceFileWrittenByHadoopIsReadBackExactly() throws Exception {
    List<Pair<String, Integer>> records = records(20_000);
    Path dir = new Path(root + "/seq-by-hadoop");
    for (SequenceFile.CompressionType type : SequenceFile.CompressionType.values()) {
      try (SequenceFile.Writer writer = SequenceFile.createWriter(fs.getConf(),
          SequenceFile.Writer.file(new Path(dir, "file-" + type)), SequenceFile.Writer.keyClass(Text.class),
          SequenceFile.Writer.valueClass(IntWritable.class), SequenceFile.Writer.compression(type, new DefaultCodec()))) {
        for (Pair<String, Integer> p : records) {
          writer.append(new Text(p.key()), new IntWritable(p.value()));
        }
      }
    }
    try (SequenceFile.Writer empty = SequenceFile.createWriter(fs.getConf(),
        SequenceFile.Writer.file(new Path(dir, "file-z-empty")), SequenceFile.Writer.keyClass(Text.class),
        SequenceFile.Writer.valueClass(IntWritable.class))) {
      // a file with a header and no record
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < SequenceFile.CompressionType.values().length; i++) {
      expected.addAll(asStrings(records));
    }
    // Writables are reused by the reader (as in Spark): turn them into values before collecting.
    Rdd<String> read = ctx.sequenceFile(dir.toString(), Text.class, IntWritable.class, 6)
        .map(p -> p.key().toString() + "=" + p.value().get());
    assertEquals(expected, read.collect(), "files in name order, records in file order");
  }

  @Test
  void aSequenceFileWrittenBySpindleIsReadByHadoop() throws Exception {
    List<Pair<String, Integer>> records = records(5_000);
    String out = root + "/seq-by-spindle";
    ctx.parallelizePairs(records, 7)
        .mapToPair(p -> Pair.of(new Text(p.key()), new IntWritable(p.value())))
        .saveAsSequenceFile(out, Text.class, IntWritable.class, DefaultCodec.class);
    List<String> read = new ArrayList<>();
    int parts = 0;
    for (FileStatus f : fs.listStatus(new Path(out))) {
      if (!f.getPath().getName().startsWith("part-")) {
        continue;
      }
      parts++;
      try (SequenceFile.Reader reader = new SequenceFile.Reader(fs.getConf(), SequenceFile.Reader.file(f.getPath()))) {
        assertTrue(reader.isBlockCompressed(), "block compressed with the codec asked for");
        assertEquals(DefaultCodec.class, reader.getCompressionCodec().getClass());
        Text k = new Text();
        IntWritable v = new IntWritable();
        while (reader.next(k, v)) {
          read.add(k + "=" + v.get());
        }
      }
    }
    assertEquals(7, parts);
    List<String> expected = asStrings(records);
    Collections.sort(expected);
    Collections.sort(read);
    assertEquals(expected, read);
  }

  /** A FileInputFormat of this test: fixed 4 KiB splits, even ones on this host, odd ones on a machine that does not exist. */
  public static final class FixedHostsInputFormat extends FileInputFormat<LongWritable, Text> {
    static final long SPLIT_BYTES = 4096;

    @Override
    public List<InputSplit> getSplits(JobContext job) throws IOException {
      List<InputSplit> splits = new ArrayList<>();
      for (FileStatus file : listStatus(job)) {
        for (long start = 0; start < file.getLen(); start += SPLIT_BYTES) {
          String[] hosts = splits.size() % 2 == 0 ? new String[] {"localhost"} : new String[] {"datanode-7.invalid"};
          splits.add(new FileSplit(file.getPath(), start, Math.min(SPLIT_BYTES, file.getLen() - start), hosts));
        }
      }
      return splits;
    }

    @Override
    public RecordReader<LongWritable, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
      return new LineRecordReader();
    }
  }

  @Test
  void aCustomFileInputFormatDrivesSplitsAndPreferredHosts() throws Exception {
    StringBuilder text = new StringBuilder();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      String line = "line " + i + (i % 7 == 0 ? " ünïcödé" : "");
      lines.add(line);
      text.append(line).append('\n');
    }
    Path file = new Path(root + "/custom-format/input.txt");
    try (OutputStream o = fs.create(file)) {
      o.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    long length = fs.getFileStatus(file).getLen();
    int expectedSplits = (int) ((length + FixedHostsInputFormat.SPLIT_BYTES - 1) / FixedHostsInputFormat.SPLIT_BYTES);
    assertTrue(expectedSplits > 4);

    PairRdd<LongWritable, Text> input = ctx.newAPIHadoopFile(root + "/custom-format", FixedHostsInputFormat.class,
        LongWritable.class, Text.class, new Configuration(fs.getConf()));
    assertEquals(expectedSplits, input.getNumPartitions(), "one partition per split of the format");
    for (int i = 0; i < expectedSplits; i++) {
      assertEquals(List.of(i % 2 == 0 ? "localhost" : "datanode-7.invalid"),
          input.preferredLocations(input.partitions()[i]), "split " + i + "'s hosts");
    }
    List<SpindleListener.TaskInfo> ended = new CopyOnWriteArrayList<>();
    SpindleListener listener = new SpindleListener() {
      @Override
      public void onTaskEnd(TaskInfo task) {
        ended.add(task);
      }
    };
    ctx.addListener(listener);
    assertEquals(lines, input.map(p -> p.value().toString()).collect());
    assertTrue(ctx.waitForListeners(60_000), "listener bus drained"); // task ends reach listeners on the async bus, after collect returns
    Map<Integer, TaskLocality> localities = new TreeMap<>();
    ended.forEach(t -> localities.put(t.partition(), t.locality()));
    assertEquals(expectedSplits, localities.size());
    localities.forEach((p, locality) -> assertEquals(p % 2 == 0 ? TaskLocality.NODE_LOCAL : TaskLocality.ANY, locality,
        "partition " + p + " ran where its split's hosts say"));
  }

  private static TreeSet<String> names(String dir) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    Path p = new Path(dir);
    if (fs.exists(p)) {
      for (FileStatus f : fs.listStatus(p)) {
        names.add(f.getPath().getName());
      }
    }
    return names;
  }

  /** The records, with partition 1's first attempt failing after it has written half of its records. */
  private static PairRdd<Text, IntWritable> failingOnce(List<Pair<String, Integer>> records, int partitions,
      boolean always) {
    return ctx.parallelizePairs(records, partitions).mapPartitionsToPair(it -> {
      TaskContext tc = TaskContext.get();
      boolean fail = tc.partitionId() == 1 && (always || tc.attemptNumber() == 0);
      List<Pair<Text, IntWritable>> out = new ArrayList<>();
      it.forEachRemaining(p -> out.add(Pair.of(new Text(p.key()), new IntWritable(p.value()))));
      if (!fail) {
        return out.iterator();
      }
      int half = out.size() / 2;
      return new java.util.Iterator<Pair<Text, IntWritable>>() {
        private int next;

        @Override
        public boolean hasNext() {
          if (next == half) {
            throw new IllegalStateException("planned failure of partition 1, attempt " + tc.attemptNumber());
          }
          return next < out.size();
        }

        @Override
        public Pair<Text, IntWritable> next() {
          return out.get(next++);
        }
      };
    });
  }

  @Test
  void saveAsNewAPIHadoopFileLeavesExactlyTheCommittedFilesAfterATaskFailedOnce() throws Exception {
    List<Pair<String, Integer>> records = records(2_000);
    int partitions = 4;
    TreeSet<String> expectedNames = new TreeSet<>(List.of("_SUCCESS"));
    for (int i = 0; i < partitions; i++) {
      expectedNames.add(String.format("part-r-%05d", i));
    }
    List<String> expected = asStrings(records);
    Collections.sort(expected);

    String textOut = root + "/committed/text";
    failingOnce(records, partitions, false).saveAsNewAPIHadoopFile(textOut, Text.class, IntWritable.class,
        TextOutputFormat.class);
    assertEquals(expectedNames, names(textOut), "no attempt dirs, no _temporary, no half-written file");
    List<String> textLines = new ArrayList<>(ctx.textFile(textOut).map(l -> l.replace('\t', '=')).collect());
    Collections.sort(textLines);
    assertEquals(expected, textLines);

    String seqOut = root + "/committed/seq";
    failingOnce(records, partitions, false).saveAsNewAPIHadoopFile(seqOut, Text.class, IntWritable.class,
        SequenceFileOutputFormat.class);
    assertEquals(expectedNames, names(seqOut));
    List<String> seqRecords = new ArrayList<>(ctx.sequenceFile(seqOut, Text.class, IntWritable.class)
        .map(p -> p.key() + "=" + p.value().get()).collect());
    Collections.sort(seqRecords);
    assertEquals(expected, seqRecords);

    String failedOut = root + "/committed/failed";
    assertThrows(Exception.class, () -> failingOnce(records, partitions, true)
        .saveAsNewAPIHadoopFile(failedOut, Text.class, IntWritable.class, TextOutputFormat.class));
    TreeSet<String> left = names(failedOut);
    assertFalse(left.contains("_SUCCESS"), "a failed job publishes nothing: " + left);
    assertTrue(left.stream().noneMatch(n -> n.startsWith("part-")), "no part files: " + left);

    Exception exists = assertThrows(Exception.class, () -> ctx.parallelizePairs(records, 2)
        .mapToPair(p -> Pair.of(new Text(p.key()), new IntWritable(p.value())))
        .saveAsNewAPIHadoopFile(textOut, Text.class, IntWritable.class, TextOutputFormat.class));
    assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
  }
}
