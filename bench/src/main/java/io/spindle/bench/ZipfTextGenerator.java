package io.spindle.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;

/**
 * Writes a text of about N bytes whose words follow a Zipf-like distribution (rank r drawn with
 * probability ~ 1/r), 4-16 words per line, from a fixed seed, so every run gets the same file.
 *
 * <p>Usage: {@code ZipfTextGenerator <output file> <bytes> [vocabulary size]}
 */
public final class ZipfTextGenerator {
  private ZipfTextGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("Usage: ZipfTextGenerator <output file> <bytes> [vocabulary size, default 1000000]");
      System.exit(2);
    }
    Path out = Paths.get(args[0]);
    long target = Long.parseLong(args[1]);
    int vocabulary = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    byte[][] words = vocabulary(vocabulary);
    double[] cumulative = zipfCumulative(vocabulary);
    Random random = new Random(42);
    long written = 0;
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
      while (written < target) {
        int n = 4 + random.nextInt(13);
        for (int i = 0; i < n; i++) {
          byte[] w = words[sample(cumulative, random.nextDouble())];
          os.write(w);
          os.write(i == n - 1 ? '\n' : ' ');
          written += w.length + 1;
        }
      }
    }
    System.out.printf("wrote %,d bytes to %s%n", written, out);
  }

  /**
   * Distinct words of 3 to 12 letters (about 5.5 on average, as in English text): the base-26
   * spelling of the rank, padded with letters derived from it.
   */
  private static byte[][] vocabulary(int n) {
    byte[][] words = new byte[n][];
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      int x = i;
      do {
        sb.append((char) ('a' + x % 26));
        x /= 26;
      } while (x > 0);
      int length = 3 + Math.floorMod(i * 0x9E3779B9, 6) + (i % 50 == 7 ? 4 : 0);
      while (sb.length() < length) {
        sb.append((char) ('a' + Math.floorMod(i * 31 + sb.length() * 7, 26)));
      }
      if (i % 97 == 3) {
        sb.append("é"); // some multi-byte UTF-8
      }
      words[i] = sb.toString().getBytes(StandardCharsets.UTF_8);
    }
    return words;
  }

  private static double[] zipfCumulative(int n) {
    double[] c = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / (i + 1);
      c[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      c[i] /= sum;
    }
    return c;
  }

  private static int sample(double[] cumulative, double u) {
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
