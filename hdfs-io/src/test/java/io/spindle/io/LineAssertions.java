package io.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Compares line lists and, on a mismatch, says where they first differ instead of printing both. */
final class LineAssertions {
  private LineAssertions() {}

  static void assertSameLines(List<String> expected, List<String> actual, String context) {
    if (expected.equals(actual)) {
      return;
    }
    int i = 0;
    while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
      i++;
    }
    fail(context + ": expected " + expected.size() + " lines, got " + actual.size()
        + "; first difference at line " + i + ": expected " + show(expected, i) + ", got " + show(actual, i));
  }

  /** Same lines, any order (for reads of several files or splits in no particular order). */
  static void assertSameMultiset(List<String> expected, List<String> actual, String context) {
    assertEquals(expected.size(), actual.size(), context + ": line count");
    assertEquals(ReferenceLines.multiset(expected), ReferenceLines.multiset(actual), context + ": lines");
  }

  private static String show(List<String> lines, int i) {
    if (i >= lines.size()) {
      return "<end>";
    }
    String s = lines.get(i);
    s = s.length() > 80 ? s.substring(0, 80) + "…(" + s.length() + " chars)" : s;
    return "\"" + s.replace("\r", "\\r").replace("\n", "\\n") + "\"";
  }
}
