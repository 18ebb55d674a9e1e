package io.spindle.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines of a text computed independently of the reader: on Java chars, with String methods.
 * '\n' ends a line, a '\r' before it (or at the end) is dropped, no empty line after a final '\n'.
 */
final class ReferenceLines {
  private ReferenceLines() {}

  static List<String> of(String text) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<String> lines = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      int nl = text.indexOf('\n', from);
      String line = text.substring(from, nl < 0 ? text.length() : nl);
      lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      if (nl < 0) {
        break;
      }
      from = nl + 1;
    }
    return lines;
  }

  static Map<String, Integer> multiset(List<String> lines) {
    Map<String, Integer> counts = new HashMap<>();
    for (String l : lines) {
      counts.merge(l, 1, Integer::sum);
    }
    return counts;
  }
}
