package io.spindle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Input shapes every operator is checked against: edge cases and random data. */
public final class TestData {
  private TestData() {}

  /** A named input: words (keys) and how many partitions to spread them over. */
  public record Case(String name, List<String> words, int slices) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String[] UNICODE = {"café", "naïve", "日本語", "Ελληνικά", "emoji😀", "ß", "İstanbul", "ｆｕｌｌ"};

  public static Stream<Case> cases() {
    return Stream.of(
        new Case("empty", List.of(), 3),
        new Case("one record", List.of("alpha"), 1),
        new Case("one record, many partitions", List.of("alpha"), 8),
        new Case("one partition", random(500, 50, 1), 1),
        new Case("more partitions than records", random(5, 3, 2), 16),
        new Case("random", random(5_000, 400, 3), 7),
        new Case("skewed keys", skewed(4_000, 4), 6),
        new Case("unicode keys", unicode(1_000, 5), 4),
        new Case("many partitions", random(3_000, 1_000, 6), 64));
  }

  public static List<String> random(int n, int distinct, long seed) {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add("w" + r.nextInt(distinct));
    }
    return out;
  }

  /** 90% of records share one key; the rest spread over many. */
  public static List<String> skewed(int n, long seed) {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(r.nextInt(10) < 9 ? "hot" : "cold" + r.nextInt(300));
    }
    return out;
  }

  public static List<String> unicode(int n, long seed) {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(UNICODE[r.nextInt(UNICODE.length)] + r.nextInt(20));
    }
    return out;
  }
}
