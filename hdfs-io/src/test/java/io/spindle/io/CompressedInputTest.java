package io.spindle.io;

import static io.spindle.io.LineAssertions.assertSameLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.bzip2.CBZip2OutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gzip and bzip2 input on local files. bzip2 is cut at and around every compressed block marker
 * (found by scanning the bytes, not by Hadoop's decoder) and with many split sizes; block
 * boundaries are placed inside CRLFs, multi-byte characters, long lines and runs of empty lines.
 */
class CompressedInputTest {
  private static final Configuration CONF = new Configuration();
  /** Uncompressed bytes per block of a level-1 bzip2 stream whose text has no 4-byte runs. */
  private static final int BZIP2_BLOCK_1 = 99_981;

  @TempDir
  static Path dir;

  private static String tricky;
  private static byte[] trickyBz2;
  private static String trickyBz2Path;

  @BeforeAll
  static void writeTrickyBzip2() throws IOException {
    tricky = TextBuilder.trickyBoundaries(11, BZIP2_BLOCK_1, 18, false);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("BZ".getBytes(StandardCharsets.US_ASCII)); // CBZip2OutputStream leaves the magic to its caller
    try (CBZip2OutputStream out = new CBZip2OutputStream(bytes, 1)) {
      out.write(tricky.getBytes(StandardCharsets.UTF_8));
    }
    trickyBz2 = bytes.toByteArray();
    trickyBz2Path = write("tricky.txt.bz2", trickyBz2);
  }

  @Test
  void bzip2CutAroundEveryBlockMarkerReadsEachLineOnce() throws IOException {
    List<Long> markers = Bzip2Markers.blockStarts(trickyBz2);
    long uncompressed = tricky.getBytes(StandardCharsets.UTF_8).length;
    assertEquals((uncompressed + BZIP2_BLOCK_1 - 1) / BZIP2_BLOCK_1, markers.size(),
        "the fixture's premise: one block per " + BZIP2_BLOCK_1 + " bytes of text");
    List<String> expected = ReferenceLines.of(tricky);
    long len = trickyBz2.length;
    for (long m : markers) {
      for (long cut = m - 2; cut <= m + 2; cut++) {
        if (cut > 0 && cut < len) {
          assertSameLines(expected, SplitReading.readAll(CONF, SplitReading.cutAt(trickyBz2Path, len, cut)),
              "bzip2 cut at " + cut + " (marker at " + m + ")");
        }
      }
    }
    // Every split starting exactly on a marker, and every split ending exactly on one.
    long[] all = markers.stream().mapToLong(Long::longValue).filter(m -> m > 0).toArray();
    assertSameLines(expected, SplitReading.readAll(CONF, SplitReading.cutAt(trickyBz2Path, len, all)), "cut at all markers");
    long[] after = Arrays.stream(all).map(m -> m + 1).toArray();
    assertSameLines(expected, SplitReading.readAll(CONF, SplitReading.cutAt(trickyBz2Path, len, after)), "cut after all markers");
  }

  @Test
  void bzip2ManySplitSizesAndBuffers() throws IOException {
    List<String> expected = ReferenceLines.of(tricky);
    long len = trickyBz2.length;
    for (long size : new long[] {1, 2, 3, 4, 5, 6, 7, 997, 4096, 33_333, 65_536, 100_000, len}) {
      for (int buffer : new int[] {9, LineRecordReader.BUFFER_BYTES}) {
        if (size < 8 && buffer != LineRecordReader.BUFFER_BYTES) {
          continue;
        }
        List<FileSplit> splits = size < 8
            ? SplitReading.cutAt(trickyBz2Path, len, 1, 2, 3, 4, 5, 6, 7) // the header's bytes
            : SplitReading.uniform(trickyBz2Path, len, size);
        assertSameLines(expected, SplitReading.readAll(CONF, splits, buffer), "split size " + size + ", buffer " + buffer);
      }
    }
  }

  @Test
  void bzip2FromAnotherEncoderConcatenatedStreamsRandomCuts() throws IOException {
    TextBuilder t = new TextBuilder(12);
    StringBuilder text = new StringBuilder();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int stream = 0; stream < 3; stream++) { // like pbzip2's output: several streams back to back
      String part = t.randomLinesTo(t.bytes() + 150_000 + stream * 7_001).build().substring(text.length());
      text.append(part);
      try (BZip2CompressorOutputStream out = new BZip2CompressorOutputStream(new NoClose(bytes), 1)) {
        out.write(part.getBytes(StandardCharsets.UTF_8));
      }
    }
    String path = write("concatenated.bz2", bytes.toByteArray());
    long len = bytes.size();
    List<String> expected = ReferenceLines.of(text.toString());
    Random random = new Random(13);
    for (int round = 0; round < 25; round++) {
      TreeSet<Long> cuts = new TreeSet<>();
      for (int i = random.nextInt(12); i >= 0; i--) {
        cuts.add(1 + (long) random.nextInt((int) len - 1));
      }
      assertSameLines(expected, SplitReading.readAll(CONF,
          SplitReading.cutAt(path, len, cuts.stream().mapToLong(Long::longValue).toArray())), "cuts " + cuts);
    }
  }

  @Test
  void bzip2ThroughTheSplitterReadsEachLineOnce() throws IOException {
    String path = write("spl.bz2", trickyBz2);
    for (long max : new long[] {50_000, 123_457, 1L << 20}) {
      List<FileSplit> splits = InputSplitter.split(CONF, path, 1, max);
      assertTrue(max > trickyBz2.length || splits.size() > 1, "bzip2 is splittable");
      assertSameLines(ReferenceLines.of(tricky), SplitReading.readAll(CONF, splits), "maxPartitionBytes " + max);
    }
  }

  @Test
  void gzipIsOneSplitAndReadsEveryLine() throws IOException {
    String text = TextBuilder.trickyBoundaries(14, 70_000, 9, false);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String path = write("text.txt.gz", bytes.toByteArray());
    List<FileSplit> splits = InputSplitter.split(CONF, path, 8, 1000);
    assertEquals(1, splits.size(), "gzip cannot be split");
    assertEquals(bytes.size(), splits.get(0).length());
    assertSameLines(ReferenceLines.of(text), SplitReading.readAll(CONF, splits), "gzip");
    assertSameLines(ReferenceLines.of(text), SplitReading.readAll(CONF, splits, 9), "gzip, 9-byte buffer");
  }

  @Test
  void gzipWithSeveralMembersReadsAll() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String part : List.of("first\nsecond ", "half\n", "third\r\nlast")) {
      try (OutputStream out = new GZIPOutputStream(new NoClose(bytes))) {
        out.write(part.getBytes(StandardCharsets.UTF_8));
      }
    }
    String path = write("members.gz", bytes.toByteArray());
    assertEquals(List.of("first", "second half", "third", "last"),
        SplitReading.readAll(CONF, InputSplitter.split(CONF, path, 1, 1 << 20)));
  }

  @Test
  void aGzipSplitNotStartingAtZeroIsRefused() throws IOException {
    String path = write("whole.gz", gzip("a\nb\n"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LineRecordReader(CONF, new FileSplit(path, 5, 10, null)));
    assertTrue(e.getMessage().contains("whole.gz") && e.getMessage().contains("cannot be split"), e.getMessage());
  }

  @Test
  void corruptCompressedFilesFailNamingTheFile() throws IOException {
    byte[] gz = gzip(TextBuilder.trickyBoundaries(15, 20_000, 9, true));
    byte[] flipped = gz.clone();
    for (int i = gz.length / 2; i < gz.length / 2 + 64; i++) {
      flipped[i] ^= 0x5A;
    }
    expectReadFailureNaming(write("flipped.gz", flipped));
    expectReadFailureNaming(write("truncated.gz", Arrays.copyOf(gz, gz.length / 2)));
    expectReadFailureNaming(write("plain-text-named.gz", "not gzip at all\n".getBytes(StandardCharsets.UTF_8)));

    byte[] bz = trickyBz2.clone();
    List<Long> markers = Bzip2Markers.blockStarts(bz);
    long middle = (markers.get(1) + markers.get(2)) / 2; // inside a block's data, away from markers
    for (long i = middle; i < middle + 64; i++) {
      bz[(int) i] ^= 0x5A;
    }
    expectReadFailureNaming(write("flipped.bz2", bz));
  }

  private static void expectReadFailureNaming(String path) {
    IOException e = assertThrows(IOException.class, () -> {
      for (FileSplit split : InputSplitter.split(CONF, path, 1, 1L << 30)) {
        SplitReading.read(CONF, split, LineRecordReader.BUFFER_BYTES);
      }
    }, path);
    String name = path.substring(path.lastIndexOf('/') + 1);
    assertTrue(e.getMessage().contains(name), "message should name the file: " + e.getMessage());
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static String write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file.toUri().toString();
  }

  /** Lets a compressor finish its stream without closing the shared buffer. */
  private static final class NoClose extends java.io.FilterOutputStream {
    NoClose(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

}
