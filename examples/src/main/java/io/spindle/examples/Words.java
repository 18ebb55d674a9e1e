package io.spindle.examples;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Splits a line into the words between runs of whitespace, exactly as {@code line.split("\\s+")}
 * minus empty tokens, i.e. on {@code [ \t\n\x0B\f\r]} (the same set as {@code tr '[:space:]'}).
 * An iterator, not an array: no regex and no intermediate array per line.
 */
public final class Words implements Iterator<String> {
  private final String line;
  private int pos;
  private String next;

  private Words(String line) {
    this.line = line;
  }

  public static Iterator<String> of(String line) {
    return new Words(line);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    int n = line.length();
    int i = pos;
    while (i < n && isSpace(line.charAt(i))) {
      i++;
    }
    if (i == n) {
      pos = n;
      return false;
    }
    int start = i;
    while (i < n && !isSpace(line.charAt(i))) {
      i++;
    }
    next = line.substring(start, i);
    pos = i;
    return true;
  }

  @Override
  public String next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    String word = next;
    next = null;
    return word;
  }
}
