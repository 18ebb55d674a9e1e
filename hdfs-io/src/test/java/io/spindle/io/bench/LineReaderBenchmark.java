package io.spindle.io.bench;

import io.spindle.io.FileSplit;
import io.spindle.io.LineRecordReader;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;

/**
 * Throughput of {@link LineRecordReader} on a local text file (run by {@code hdfs-io/bench.sh},
 * not by the tests). Prints MB/s (10^6 bytes per second) for: the raw Hadoop stream (no line
 * parsing), the reader over one split, the reader over 128 MiB splits read one after the other,
 * and java.io.BufferedReader as a point of comparison.
 *
 * <p>Usage: {@code LineReaderBenchmark --generate FILE [BYTES]} writes the file if absent;
 * {@code LineReaderBenchmark FILE [ROUNDS]} measures.
 */
public final class LineReaderBenchmark {
  private static final long SPLIT = 128L << 20;
  private static final String[] WORDS = {
    "GET", "/index.html", "200", "spindle", "executor-17", "INFO", "WARN", "shuffle", "block_1073741825",
    "user=alice", "latency_ms=42", "2026-11-25T15:55:59Z", "container_1700000000000_0001_01_000002",
    "é", "Größe", "日本語", "ok"
  };

  private LineReaderBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length >= 2 && args[0].equals("--generate")) {
      generate(Paths.get(args[1]), args.length > 2 ? Long.parseLong(args[2]) : 1L << 30);
      return;
    }
    String file = args[0];
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Configuration conf = new Configuration();
    Path local = Paths.get(file);
    long len = Files.size(local);
    String uri = local.toUri().toString();
    System.out.printf("file %s, %,d bytes, %d rounds each (best and median)%n", file, len, rounds);
    measure("raw FSDataInputStream read, 128 KiB buffer", len, rounds, () -> rawRead(conf, uri));
    measure("LineRecordReader, one split", len, rounds, () -> readSplits(conf, uri, len, len));
    measure("LineRecordReader, 128 MiB splits in sequence", len, rounds, () -> readSplits(conf, uri, len, SPLIT));
    measure("java.io.BufferedReader.readLine (reference)", len, rounds, () -> bufferedReader(local));
  }

  interface Run {
    long run() throws IOException;
  }

  private static void measure(String name, long bytes, int rounds, Run run) throws IOException {
    run.run(); // warm-up: JIT and page cache
    List<Double> mbs = new ArrayList<>();
    long check = 0;
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      check = run.run();
      double seconds = (System.nanoTime() - t0) / 1e9;
      mbs.add(bytes / 1e6 / seconds);
    }
    Collections.sort(mbs);
    System.out.printf("%-48s best %7.0f MB/s  median %7.0f MB/s  (check %d)%n", name,
        mbs.get(mbs.size() - 1), mbs.get(mbs.size() / 2), check);
  }

  /** Returns lines + characters read, so the JIT cannot drop the work. */
  private static long readSplits(Configuration conf, String uri, long len, long splitSize) throws IOException {
    long lines = 0;
    long chars = 0;
    for (long start = 0; start < len; start += splitSize) {
      FileSplit split = new FileSplit(uri, start, Math.min(splitSize, len - start), null);
      try (LineRecordReader reader = new LineRecordReader(conf, split)) {
        for (String line; (line = reader.next()) != null; ) {
          lines++;
          chars += line.length();
        }
      }
    }
    return lines + chars;
  }

  private static long rawRead(Configuration conf, String uri) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
    byte[] buf = new byte[128 * 1024];
    long total = 0;
    try (FSDataInputStream in = FileSystem.get(p.toUri(), conf).open(p, buf.length)) {
      for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) {
        total += n;
      }
    }
    return total;
  }

  private static long bufferedReader(Path file) throws IOException {
    long lines = 0;
    long chars = 0;
    try (InputStream raw = Files.newInputStream(file);
         BufferedReader in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8), 128 * 1024)) {
      for (String line; (line = in.readLine()) != null; ) {
        lines++;
        chars += line.length();
      }
    }
    return lines + chars;
  }

  /** Log-like lines of 10 to ~250 bytes, about 1 in 8 with multi-byte characters. */
  private static void generate(Path file, long bytes) throws IOException {
    if (Files.exists(file) && Files.size(file) >= bytes) {
      System.out.println("exists: " + file);
      return;
    }
    Random random = new Random(42);
    Path tmp = Paths.get(file + ".tmp");
    long written = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      StringBuilder line = new StringBuilder();
      while (written < bytes) {
        line.setLength(0);
        int words = 1 + random.nextInt(20);
        boolean ascii = random.nextInt(8) != 0;
        for (int i = 0; i < words; i++) {
          String w = WORDS[random.nextInt(ascii ? WORDS.length - 4 : WORDS.length)];
          line.append(w).append(' ');
        }
        line.append('\n');
        byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(b.length, bytes - written);
        out.write(b, 0, n);
        written += n;
      }
    }
    Files.move(tmp, file);
    System.out.printf("generated %s, %,d bytes%n", file, written);
  }
}
