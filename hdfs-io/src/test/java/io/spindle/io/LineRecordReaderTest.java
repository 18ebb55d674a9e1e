package io.spindle.io;

import static io.spindle.io.LineAssertions.assertSameLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain local files cut everywhere: every split size from 1 byte up, random cut sets, and tiny
 * read buffers, compared with lines computed independently from the text.
 */
class LineRecordReaderTest {
  private static final Configuration CONF = new Configuration();
  private static final int[] BUFFERS = {1, 7, 8, 9, 64, LineRecordReader.BUFFER_BYTES};
  /** For the exhaustive sweep: 1 byte, around the 8-byte scan step, and the real size. */
  private static final int[] SWEEP_BUFFERS = {1, 9, LineRecordReader.BUFFER_BYTES};

  @TempDir
  Path dir;

  /** Small texts that hold every boundary case between them. */
  private static List<String> samples() {
    List<String> texts = new ArrayList<>();
    TextBuilder t = new TextBuilder(1);
    for (int i = 0; i < 30; i++) {
      t.append(t.randomLine());
    }
    texts.add(t.append("no newline at the end é").build());
    texts.add(TextBuilder.trickyBoundaries(2, 150, 9, true));
    texts.add("\n\n\r\n\n");
    texts.add("one line");
    texts.add("one line\n");
    texts.add("crlf\r\nlines\r\nonly\r\n");
    texts.add("\uFEFFbom first\nsecond\n");
    texts.add("😀\n€\né\n😀😀😀\r\n\n𝄞");
    texts.add("x");
    texts.add("\n");
    texts.add("cr at the end\r");
    return texts;
  }

  @Test
  void everySplitSizeReadsEachLineExactlyOnce() throws IOException {
    int file = 0;
    for (String text : samples()) {
      String path = write("sample" + file++ + ".txt", text);
      long len = text.getBytes(StandardCharsets.UTF_8).length;
      List<String> expected = ReferenceLines.of(text);
      for (int buffer : SWEEP_BUFFERS) {
        for (long size = 1; size <= len; size++) {
          List<String> got = SplitReading.readAll(CONF, SplitReading.uniform(path, len, size), buffer);
          assertSameLines(expected, got, "split size " + size + ", buffer " + buffer + ", text " + quote(text));
        }
      }
    }
  }

  @Test
  void randomCutsReadEachLineExactlyOnce() throws IOException {
    String text = TextBuilder.trickyBoundaries(3, 500, 18, false);
    String path = write("random-cuts.txt", text);
    long len = text.getBytes(StandardCharsets.UTF_8).length;
    List<String> expected = ReferenceLines.of(text);
    Random random = new Random(4);
    for (int round = 0; round < 300; round++) {
      TreeSet<Long> cuts = new TreeSet<>();
      int n = 1 + random.nextInt(30);
      for (int i = 0; i < n; i++) {
        cuts.add(1 + (long) random.nextInt((int) len - 1));
      }
      long[] at = cuts.stream().mapToLong(Long::longValue).toArray();
      int buffer = BUFFERS[random.nextInt(BUFFERS.length)];
      assertSameLines(expected, SplitReading.readAll(CONF, SplitReading.cutAt(path, len, at), buffer),
          "cuts " + cuts + ", buffer " + buffer);
    }
  }

  @Test
  void linesLongerThanTheBufferAcrossEveryCut() throws IOException {
    TextBuilder t = new TextBuilder(5);
    String text = t.longLine(1000) + "\n" + t.longLine(3000) + "\r\n\n" + t.longLine(2000);
    String path = write("long.txt", text);
    long len = text.getBytes(StandardCharsets.UTF_8).length;
    for (long size = 1; size <= len; size += 1 + size / 50) {
      assertSameLines(ReferenceLines.of(text), SplitReading.readAll(CONF, SplitReading.uniform(path, len, size), 64),
          "split size " + size);
    }
  }

  @Test
  void definedBehaviourAtTheEdges() throws IOException {
    String text = "a\rb\n\r\n\rc\r\r\n\uFEFFd\nlast\r";
    String path = write("edges.txt", text);
    long len = text.getBytes(StandardCharsets.UTF_8).length;
    List<String> lines = SplitReading.readAll(CONF, List.of(new FileSplit(path, 0, len, null)), 1024);
    // A lone CR stays; CRLF and a final CR are dropped; only the file's first BOM is dropped.
    assertEquals(List.of("a\rb", "", "\rc\r", "\uFEFFd", "last"), lines);
  }

  @Test
  void malformedUtf8BecomesReplacementCharacters() throws IOException {
    Path file = dir.resolve("bad.txt");
    Files.write(file, new byte[] {'o', 'k', '\n', (byte) 0xC3, '\n', (byte) 0xF0, (byte) 0x9F, 'x', '\n'});
    String path = file.toUri().toString();
    assertEquals(List.of("ok", "\uFFFD", "\uFFFDx"),
        SplitReading.readAll(CONF, List.of(new FileSplit(path, 0, 9, null)), 1024));
  }

  @Test
  void emptyFileAndEmptySplitReadNothing() throws IOException {
    String path = write("empty.txt", "");
    try (LineRecordReader reader = new LineRecordReader(CONF, new FileSplit(path, 0, 0, null))) {
      assertNull(reader.next());
      assertNull(reader.next());
    }
  }

  @Test
  void newlineScanFindsTheFirstNewlineAtEveryOffset() {
    Random random = new Random(6);
    for (int round = 0; round < 2000; round++) {
      byte[] b = new byte[random.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        int r = random.nextInt(6);
        b[i] = (byte) (r == 0 ? '\n' : r == 1 ? 0x0B : r == 2 ? 0x09 : r == 3 ? 0x8A : random.nextInt(256));
      }
      int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      int to = from + random.nextInt(b.length - from + 1);
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (b[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertEquals(expected, LineRecordReader.indexOfNewline(b, from, to));
    }
  }

  private String write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    return file.toUri().toString();
  }

  private static String quote(String text) {
    String s = text.length() > 60 ? text.substring(0, 60) + "…" : text;
    return "\"" + s.replace("\r", "\\r").replace("\n", "\\n") + "\"";
  }
}
