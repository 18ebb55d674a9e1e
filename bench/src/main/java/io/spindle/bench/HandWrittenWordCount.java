package io.spindle.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The baseline WordCount must be compared with: a tight hand-written counter. T threads each read
 * a byte range of the file (lines belong to the range they start in), decode lines as UTF-8, split
 * on the same whitespace set as the example and count in a HashMap with mutable counters; the
 * maps are merged and written as {@code word<TAB>count} lines.
 *
 * <p>Usage: {@code HandWrittenWordCount <input file> <output file> [threads, default 2]}
 */
public final class HandWrittenWordCount {
  private HandWrittenWordCount() {}

  public static void main(String[] args) throws Exception {
    Path in = Paths.get(args[0]);
    Path out = Paths.get(args[1]);
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    long size = Files.size(in);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Map<String, long[]>>> parts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long start = size * t / threads;
      long end = size * (t + 1) / threads;
      parts.add(pool.submit(() -> countRange(in, start, end)));
    }
    Map<String, long[]> total = parts.get(0).get();
    for (int t = 1; t < threads; t++) {
      for (Map.Entry<String, long[]> e : parts.get(t).get().entrySet()) {
        long[] c = total.putIfAbsent(e.getKey(), e.getValue());
        if (c != null) {
          c[0] += e.getValue()[0];
        }
      }
    }
    pool.shutdown();
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
      for (Map.Entry<String, long[]> e : total.entrySet()) {
        os.write((e.getKey() + "\t" + e.getValue()[0] + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static Map<String, long[]> countRange(Path file, long start, long end) throws IOException {
    Map<String, long[]> counts = new HashMap<>(1 << 16);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      byte[] buf = new byte[1 << 16];
      byte[] line = new byte[1 << 12];
      int lineLen = 0;
      long pos = start;
      boolean skipping = start != 0;
      if (skipping) {
        raf.seek(start - 1); // a range starting right after '\n' starts on a line
        pos = start - 1;
      }
      long lineStart = pos;
      int n;
      outer:
      while ((n = raf.read(buf)) > 0) {
        for (int i = 0; i < n; i++, pos++) {
          byte b = buf[i];
          if (skipping) {
            if (b == '\n') {
              skipping = false;
              lineStart = pos + 1;
            }
            continue;
          }
          if (b == '\n') {
            count(new String(line, 0, lineLen, StandardCharsets.UTF_8), counts);
            lineLen = 0;
            lineStart = pos + 1;
            if (lineStart >= end) {
              break outer;
            }
          } else {
            if (lineLen == line.length) {
              line = java.util.Arrays.copyOf(line, line.length * 2);
            }
            line[lineLen++] = b;
          }
        }
      }
      if (lineLen > 0 && lineStart < end) {
        count(new String(line, 0, lineLen, StandardCharsets.UTF_8), counts);
      }
    }
    return counts;
  }

  private static void count(String s, Map<String, long[]> counts) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      while (i < n && isSpace(s.charAt(i))) {
        i++;
      }
      int startWord = i;
      while (i < n && !isSpace(s.charAt(i))) {
        i++;
      }
      if (i > startWord) {
        long[] c = counts.computeIfAbsent(s.substring(startWord, i), k -> new long[1]);
        c[0]++;
      }
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }
}
