package io.spindle.bench.classic;

import io.spindle.bench.Records;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes the inputs of issue 15's five classic workloads from fixed seeds, so every run (and
 * every engine) reads the same bytes. At scale 1:
 * <ul>
 *   <li>{@code w1.txt}: 1 GiB of text, words drawn Zipf (s = 1) over a 100,000-word vocabulary of
 *       distinct lowercase words of 3–10 letters, 3–9 words per line, separated by one space;</li>
 *   <li>{@code w2.txt}: 20M lines {@code key<TAB>value}, key uniform in [0, 1M), value in [1, 100]
 *       (W5 reads the same file);</li>
 *   <li>{@code w3.txt}: 10M records of 100 bytes: 10 printable key bytes ('!'..'~'), an 89-byte
 *       payload, '\n' ({@link Records#sortRecord}, the records of {@code bench/workloads.sh});</li>
 *   <li>{@code w4-facts.txt}: 10M lines {@code key<TAB>value}, key uniform in [1, 1M], value an int
 *       in [0, 1M); {@code w4-dims.txt}: 1M lines {@code key<TAB>name}, every key of [1, 1M] once
 *       in a shuffled order, name 4–12 lowercase letters.</li>
 * </ul>
 * A scale {@code s} multiplies the sizes and the key ranges (W2's 1M keys, W4's 1M dimension rows),
 * so a small run keeps the shape (records per key); W1's vocabulary stays 100,000 words.
 *
 * <p>Usage: {@code ClassicDataGenerator <dir> [scale, default 1] [W1|W2|W3|W4|all, default all]}
 */
public final class ClassicDataGenerator {
  static final int VOCABULARY = 100_000;
  private static final int BUFFER = 1 << 20;

  private ClassicDataGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 3) {
      System.err.println("Usage: ClassicDataGenerator <dir> [scale, default 1] [W1|W2|W3|W4|all, default all]");
      System.exit(2);
    }
    Path dir = Paths.get(args[0]);
    double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    if (!(scale > 0)) {
      System.err.println("scale must be > 0, got " + args[1]);
      System.exit(2);
    }
    String which = args.length > 2 ? args[2].toUpperCase(Locale.ROOT) : "ALL";
    Files.createDirectories(dir);
    boolean all = which.equals("ALL");
    if (all || which.equals("W1")) {
      wordText(dir.resolve("w1.txt"), Math.round(scale * (1L << 30)));
    }
    if (all || which.equals("W2") || which.equals("W5")) {
      keyValues(dir.resolve("w2.txt"), Math.round(scale * 20_000_000), 0, scaled(scale, 1_000_000), 1, 100, 2L);
    }
    if (all || which.equals("W3")) {
      sortRecords(dir.resolve("w3.txt"), Math.round(scale * 10_000_000));
    }
    if (all || which.equals("W4")) {
      int keys = scaled(scale, 1_000_000);
      keyValues(dir.resolve("w4-facts.txt"), Math.round(scale * 10_000_000), 1, keys, 0, 999_999, 4L);
      dimensions(dir.resolve("w4-dims.txt"), keys);
    }
  }

  private static int scaled(double scale, int n) {
    return (int) Math.max(1, Math.round(scale * n));
  }

  /** W1: Zipf-distributed words until {@code target} bytes are written (the last line completes). */
  static void wordText(Path out, long target) throws IOException {
    SplittableRandom random = new SplittableRandom(1L);
    byte[][] words = vocabulary(random, VOCABULARY);
    ZipfSampler zipf = new ZipfSampler(VOCABULARY);
    long written = 0;
    long count = 0;
    try (ByteSink sink = new ByteSink(out)) {
      while (written < target) {
        int n = 3 + random.nextInt(7);
        for (int i = 0; i < n; i++) {
          byte[] w = words[zipf.sample(random)];
          sink.write(w);
          sink.write(i == n - 1 ? (byte) '\n' : (byte) ' ');
          written += w.length + 1;
        }
        count += n;
      }
    }
    System.out.printf("%s: %,d bytes, %,d words%n", out, written, count);
  }

  /** {@code n} distinct words of 3–10 lowercase letters, in random order (rank = index). */
  static byte[][] vocabulary(SplittableRandom random, int n) {
    Set<String> seen = new HashSet<>(n * 2);
    byte[][] words = new byte[n][];
    int i = 0;
    while (i < n) {
      int length = 3 + random.nextInt(8);
      byte[] w = new byte[length];
      for (int j = 0; j < length; j++) {
        w[j] = (byte) ('a' + random.nextInt(26));
      }
      if (seen.add(new String(w, java.nio.charset.StandardCharsets.US_ASCII))) {
        words[i++] = w;
      }
    }
    return words;
  }

  /** W2 and W4's facts: {@code lines} lines {@code key<TAB>value}, key uniform in [keyFrom, keyFrom + keys). */
  static void keyValues(Path out, long lines, int keyFrom, int keys, int valueFrom, int valueTo, long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    try (ByteSink sink = new ByteSink(out)) {
      for (long i = 0; i < lines; i++) {
        sink.writeInt(keyFrom + random.nextInt(keys));
        sink.write((byte) '\t');
        sink.writeInt(valueFrom + random.nextInt(valueTo - valueFrom + 1));
        sink.write((byte) '\n');
      }
    }
    System.out.printf("%s: %,d lines, %,d keys%n", out, lines, keys);
  }

  /** W3: {@code n} 100-byte sort records. */
  static void sortRecords(Path out, long n) throws IOException {
    SplittableRandom random = new SplittableRandom(3L);
    byte[] line = new byte[Records.KEY_BYTES + Records.PAYLOAD_BYTES + 1];
    line[line.length - 1] = '\n';
    try (ByteSink sink = new ByteSink(out)) {
      for (long i = 0; i < n; i++) {
        Records.sortRecord(random, i, line);
        sink.write(line);
      }
    }
    System.out.printf("%s: %,d records%n", out, n);
  }

  /** W4's dimension table: every key of [1, keys] once, shuffled, with a name of 4–12 letters. */
  static void dimensions(Path out, int keys) throws IOException {
    SplittableRandom random = new SplittableRandom(5L);
    int[] order = new int[keys];
    for (int i = 0; i < keys; i++) {
      order[i] = i + 1;
    }
    for (int i = keys - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    try (ByteSink sink = new ByteSink(out)) {
      for (int key : order) {
        sink.writeInt(key);
        sink.write((byte) '\t');
        int length = 4 + random.nextInt(9);
        for (int j = 0; j < length; j++) {
          sink.write((byte) ('a' + random.nextInt(26)));
        }
        sink.write((byte) '\n');
      }
    }
    System.out.printf("%s: %,d rows%n", out, keys);
  }

  /** Zipf (exponent 1) over ranks 0..n-1 by Vose's alias method: O(1) per sample. */
  static final class ZipfSampler {
    private final double[] probability;
    private final int[] alias;

    ZipfSampler(int n) {
      double[] p = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        p[i] = 1.0 / (i + 1);
        sum += p[i];
      }
      probability = new double[n];
      alias = new int[n];
      int[] small = new int[n];
      int[] large = new int[n];
      int smalls = 0;
      int larges = 0;
      for (int i = 0; i < n; i++) {
        p[i] = p[i] * n / sum;
        if (p[i] < 1.0) {
          small[smalls++] = i;
        } else {
          large[larges++] = i;
        }
      }
      while (smalls > 0 && larges > 0) {
        int s = small[--smalls];
        int l = large[--larges];
        probability[s] = p[s];
        alias[s] = l;
        p[l] = p[l] + p[s] - 1.0;
        if (p[l] < 1.0) {
          small[smalls++] = l;
        } else {
          large[larges++] = l;
        }
      }
      while (larges > 0) {
        probability[large[--larges]] = 1.0;
      }
      while (smalls > 0) {
        probability[small[--smalls]] = 1.0; // rounding leftovers
      }
    }

    int sample(SplittableRandom random) {
      int i = random.nextInt(probability.length);
      return random.nextDouble() < probability[i] ? i : alias[i];
    }
  }

  /** A buffered byte writer with an allocation-free decimal int writer. */
  private static final class ByteSink implements AutoCloseable {
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private final byte[] digits = new byte[11];
    private int pos;

    ByteSink(Path path) throws IOException {
      out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    }

    void write(byte b) throws IOException {
      if (pos == buf.length) {
        flush();
      }
      buf[pos++] = b;
    }

    void write(byte[] bytes) throws IOException {
      if (pos + bytes.length > buf.length) {
        flush();
      }
      System.arraycopy(bytes, 0, buf, pos, bytes.length);
      pos += bytes.length;
    }

    void writeInt(int v) throws IOException {
      if (v < 0) {
        throw new IllegalArgumentException("negative: " + v);
      }
      int d = digits.length;
      do {
        digits[--d] = (byte) ('0' + v % 10);
        v /= 10;
      } while (v > 0);
      if (pos + digits.length > buf.length) {
        flush();
      }
      System.arraycopy(digits, d, buf, pos, digits.length - d);
      pos += digits.length - d;
    }

    private void flush() throws IOException {
      out.write(buf, 0, pos);
      pos = 0;
    }

    @Override
    public void close() throws IOException {
      flush();
      out.close();
    }
  }
}
