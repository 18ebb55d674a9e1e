package io.spindle.bench.classic;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The hand-written reference for W1 (issue 15): a tight 2-thread word counter with the same split
 * semantics as the engines' {@code line.split(" ")}. Each thread reads a byte range of the file
 * (a line belongs to the range it starts in, as with Hadoop's input splits), cuts it into lines at
 * '\n' and words at ' ' on the bytes (both are ASCII, so they never occur inside a multi-byte UTF-8
 * character), decodes each word as UTF-8 and counts it in a {@code HashMap<String, int[]>}; the
 * two maps are merged and written as {@code word<TAB>count} lines.
 *
 * <p>{@code String.split(" ")} semantics, kept exactly: empty words between two spaces or after a
 * leading space count (as ""), trailing empty words of a line are dropped, and a line without any
 * space is one word even when empty. The generated W1 text has none of these cases, but the
 * reference must not differ from the engines if a file does. A line's trailing '\r' is removed, as
 * the engines' line readers do.
 *
 * <p>Usage: {@code HandWrittenW1WordCount <input file> <output file> [threads, default 2]}
 */
public final class HandWrittenW1WordCount {
  private HandWrittenW1WordCount() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3) {
      System.err.println("Usage: HandWrittenW1WordCount <input file> <output file> [threads, default 2]");
      System.exit(2);
    }
    Path in = Paths.get(args[0]);
    Path out = Paths.get(args[1]);
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    long size = Files.size(in);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Map<String, int[]>>> parts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long start = size * t / threads;
      long end = size * (t + 1) / threads;
      parts.add(pool.submit(() -> new RangeCounter().count(in, start, end)));
    }
    Map<String, int[]> total = parts.get(0).get();
    for (int t = 1; t < threads; t++) {
      for (Map.Entry<String, int[]> e : parts.get(t).get().entrySet()) {
        int[] c = total.putIfAbsent(e.getKey(), e.getValue());
        if (c != null) {
          c[0] += e.getValue()[0];
        }
      }
    }
    pool.shutdown();
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
      for (Map.Entry<String, int[]> e : total.entrySet()) {
        os.write((e.getKey() + "\t" + e.getValue()[0] + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** Counts the words of the lines that start in one byte range. */
  static final class RangeCounter {
    private final Map<String, int[]> counts = new HashMap<>(1 << 17);
    private byte[] word = new byte[64];
    private int wordLength;
    /** Empty words seen since the last non-empty one on this line: counted only if one follows. */
    private int pendingEmpty;
    private boolean lineHasSpace;

    Map<String, int[]> count(Path file, long start, long end) throws IOException {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
        byte[] buf = new byte[1 << 16];
        long pos = start;
        boolean skipping = start != 0; // a range that does not start a line skips to the next one
        if (skipping) {
          raf.seek(start - 1); // ... unless the byte before it is '\n'
          pos = start - 1;
        }
        long lineStart = pos;
        boolean inLine = false;
        int n;
        outer:
        while ((n = raf.read(buf)) > 0) {
          for (int i = 0; i < n; i++, pos++) {
            byte b = buf[i];
            if (skipping) {
              if (b == '\n') {
                skipping = false;
                lineStart = pos + 1;
                if (lineStart >= end) {
                  break outer;
                }
              }
              continue;
            }
            if (b == '\n') {
              endLine();
              inLine = false;
              lineStart = pos + 1;
              if (lineStart >= end) {
                break outer;
              }
            } else {
              inLine = true;
              if (b == ' ') {
                endWord();
              } else {
                if (wordLength == word.length) {
                  word = Arrays.copyOf(word, word.length * 2);
                }
                word[wordLength++] = b;
              }
            }
          }
        }
        if (inLine && !skipping && lineStart < end) {
          endLine(); // the last line of the file has no '\n'
        }
      }
      return counts;
    }

    private void endWord() {
      lineHasSpace = true;
      if (wordLength == 0) {
        pendingEmpty++;
        return;
      }
      flushPendingEmpty();
      add(new String(word, 0, wordLength, StandardCharsets.UTF_8));
      wordLength = 0;
    }

    private void endLine() {
      if (wordLength > 0 && word[wordLength - 1] == '\r') {
        wordLength--;
      }
      if (wordLength > 0) {
        flushPendingEmpty();
        add(new String(word, 0, wordLength, StandardCharsets.UTF_8));
      } else if (!lineHasSpace) {
        add(""); // "".split(" ") is [""]
      }
      wordLength = 0;
      pendingEmpty = 0; // trailing empty words are dropped
      lineHasSpace = false;
    }

    private void flushPendingEmpty() {
      for (; pendingEmpty > 0; pendingEmpty--) {
        add("");
      }
    }

    private void add(String w) {
      int[] c = counts.get(w);
      if (c == null) {
        counts.put(w, new int[] {1});
      } else {
        c[0]++;
      }
    }
  }
}
