package io.spindle.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Independent references for WordCount output: the shell pipeline of the acceptance criteria. */
public final class WordCountReference {
  private WordCountReference() {}

  /** {@code tr -s '[:space:]' '\n' < file | grep -v '^$' | sort | uniq -c}, parsed into word → count. */
  public static Map<String, Long> shellCounts(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c",
        "LC_ALL=C tr -s '[:space:]' '\\n' < \"$0\" | grep -v '^$' | LC_ALL=C sort | uniq -c", file.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("reference pipeline failed: " + out);
    }
    Map<String, Long> counts = new TreeMap<>();
    for (String line : out.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String trimmed = line.stripLeading();
      int space = trimmed.indexOf(' ');
      counts.put(trimmed.substring(space + 1), Long.parseLong(trimmed.substring(0, space)));
    }
    return counts;
  }

  /** Parses {@code word<TAB>count} lines; fails on a duplicate word. */
  public static Map<String, Long> parseOutput(List<String> lines) {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : lines) {
      int tab = line.lastIndexOf('\t');
      Long old = counts.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
      if (old != null) {
        throw new AssertionError("word appears twice in the output: " + line);
      }
    }
    return counts;
  }

  /** A text with tabs, CRLF, runs of spaces, empty lines, unicode and a skewed word distribution. */
  public static String generatedText(long seed, int lines) {
    java.util.Random r = new java.util.Random(seed);
    String[] seps = {" ", "  ", "\t", " \t ", "\u000B", "\f"};
    String[] words = {"the", "café", "日本語", "Ελληνικά", "naïve", "x", "longer-word", "emoji😀", "İ", "a,b", "end."};
    StringBuilder sb = new StringBuilder();
    List<String> pool = new ArrayList<>(List.of(words));
    for (int i = 0; i < 300; i++) {
      pool.add("w" + i);
    }
    Collections.shuffle(pool, r);
    for (int i = 0; i < lines; i++) {
      int n = r.nextInt(12);
      if (r.nextInt(10) == 0) {
        sb.append("   ");
      }
      for (int j = 0; j < n; j++) {
        String w = r.nextInt(3) == 0 ? "the" : pool.get((int) Math.min(pool.size() - 1, Math.abs(r.nextGaussian() * 40)));
        sb.append(w).append(j == n - 1 ? "" : seps[r.nextInt(seps.length)]);
      }
      sb.append(r.nextInt(5) == 0 ? "\r\n" : "\n");
    }
    return sb.toString();
  }
}
