package io.spindle.io;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Builds test text while tracking its UTF-8 length, so that chosen byte offsets (block and split
 * boundaries) can be made to fall inside a CRLF, a multi-byte character, a long line, a run of
 * empty lines, or right after a '\n'.
 */
final class TextBuilder {
  /** No run of 4 equal bytes: keeps bzip2's run-length stage from moving its block boundaries. */
  private static final String FILLER = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String[] WORDS = {
    "spindle", "hdfs", "block", "split", "line", "yarn", "é", "ñandú", "€uro", "日本語", "😀", "𝄞", "ä", "x"
  };

  private final StringBuilder text = new StringBuilder();
  private final Random random;
  private long bytes;

  TextBuilder(long seed) {
    this.random = new Random(seed);
  }

  long bytes() {
    return bytes;
  }

  String build() {
    return text.toString();
  }

  TextBuilder append(String s) {
    text.append(s);
    bytes += s.getBytes(StandardCharsets.UTF_8).length;
    return this;
  }

  /** Lines of every kind (ASCII, multi-byte, empty, CRLF), then filler, ending exactly at byte {@code offset}. */
  TextBuilder randomLinesTo(long offset) {
    while (offset - bytes > 400) {
      append(randomLine());
    }
    return fillTo(offset);
  }

  /** ASCII filler lines so that the text is exactly {@code offset} bytes long (its last byte a '\n'). */
  TextBuilder fillTo(long offset) {
    long missing = offset - bytes;
    if (missing < 0) {
      throw new IllegalStateException("already at " + bytes + ", past " + offset);
    }
    StringBuilder line = new StringBuilder();
    for (long i = 0; i < missing - 1; i++) {
      line.append(FILLER.charAt((int) (i % FILLER.length())));
    }
    if (missing > 0) {
      line.append('\n');
    }
    return append(line.toString());
  }

  /** One line with its terminator: a mix of everything the reader must get right. */
  String randomLine() {
    int kind = random.nextInt(10);
    if (kind == 0) {
      // Never four equal bytes in a row: bzip2's run-length stage would move its block boundaries.
      return text.length() >= 2 && text.charAt(text.length() - 2) == '\n' ? "x\n" : "\n";
    }
    if (kind == 1) {
      return "\r\n";
    }
    StringBuilder line = new StringBuilder();
    int words = random.nextInt(kind < 4 ? 40 : 12);
    for (int i = 0; i < words; i++) {
      line.append(WORDS[random.nextInt(WORDS.length)]).append(i % 3 == 0 ? ' ' : '-');
    }
    return line.append(kind == 2 ? "\r\n" : "\n").toString();
  }

  /** A line of about {@code length} bytes of ASCII and multi-byte characters, no terminator. */
  String longLine(long length) {
    StringBuilder line = new StringBuilder();
    long n = 0;
    while (n < length) {
      String piece = random.nextInt(5) == 0 ? WORDS[random.nextInt(WORDS.length)] : FILLER.substring(0, 7);
      line.append(piece);
      n += piece.getBytes(StandardCharsets.UTF_8).length;
    }
    return line.toString();
  }

  /**
   * Text whose every multiple of {@code period} falls on one of the tricky cases in turn, with
   * random lines in between; {@code count} boundaries.
   */
  static String trickyBoundaries(long seed, long period, int count, boolean finalNewline) {
    TextBuilder t = new TextBuilder(seed);
    for (int k = 1; k <= count; k++) {
      long b = k * period;
      switch (k % 9) {
        case 1: // a line crosses the boundary
          t.randomLinesTo(b - 5).append("crosses-the-boundary\n");
          break;
        case 2: // CRLF: '\r' is the last byte before it, '\n' the first after
          t.randomLinesTo(b - 4).append("crl\r\n");
          break;
        case 3: // a 4-byte character (a surrogate pair in Java) straddles it
          t.randomLinesTo(b - 3).append("a😀b\n");
          break;
        case 4: // a 3-byte and then a 2-byte character straddle it
          t.randomLinesTo(b - 2).append("a€b\n");
          break;
        case 5: // the boundary falls right after a '\n': a line starts exactly on it
          t.randomLinesTo(b).append("starts-on-the-boundary\n");
          break;
        case 6: // empty lines on both sides
          t.randomLinesTo(b - 1).append("\n\n\r\n\n");
          break;
        case 7: // a line as long as the period (longer than the reader's buffer if that is) spans it
          t.randomLinesTo(b - period / 3).append(t.longLine(period - 2_000)).append("\r\n");
          break;
        case 8: // '\n' is the first byte after it
          t.randomLinesTo(b - 3).append("abc\n");
          break;
        default: // 2-byte character straddles it
          t.randomLinesTo(b - 1).append("é\n");
          break;
      }
    }
    t.randomLinesTo(t.bytes() + Math.min(period, 5_000));
    if (!finalNewline) {
      t.append("last line without newline ✓");
    }
    return t.build();
  }
}
