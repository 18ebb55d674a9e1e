package io.spindle.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files an input string names, and how they are cut, on the local file system. */
class InputSplitterTest {
  private static final Configuration CONF = new Configuration();

  @TempDir
  Path dir;

  @Test
  void directorySkipsHiddenAndUnderscoreNames() throws IOException {
    write("in/b.txt", "b\n");
    write("in/a.txt", "a\n");
    write("in/_SUCCESS", "");
    write("in/.a.txt.crc", "x");
    write("in/_temporary/0/part", "x\n");
    assertEquals(List.of("a.txt", "b.txt"), names(InputSplitter.listFiles(CONF, uri("in"))));
  }

  @Test
  void globsCommaListsAndBraces() throws IOException {
    write("logs/2024-01/x.log", "1\n");
    write("logs/2024-02/y.log", "2\n");
    write("logs/2024-02/_z.log", "hidden\n");
    write("logs/2025-01/z.log", "3\n");
    write("one.txt", "one\n");
    assertEquals(List.of("x.log", "y.log"), names(InputSplitter.listFiles(CONF, uri("logs") + "/2024-*")));
    assertEquals(List.of("x.log", "z.log"), names(InputSplitter.listFiles(CONF, uri("logs") + "/{2024-01,2025-01}/*")));
    assertEquals(List.of("one.txt", "y.log"), names(InputSplitter.listFiles(CONF, uri("one.txt") + " , " + uri("logs/2024-02"))));
    // Named explicitly, an underscore file is read.
    assertEquals(List.of("_z.log"), names(InputSplitter.listFiles(CONF, uri("logs/2024-02/_z.log"))));
  }

  @Test
  void missingPathsAndEmptyGlobsAreNamed() throws IOException {
    write("present.txt", "x\n");
    InputPathException missing = assertThrows(InputPathException.class,
        () -> InputSplitter.split(CONF, uri("present.txt") + "," + uri("absent.txt"), 1, 1 << 20));
    assertTrue(missing.getMessage().contains("absent.txt") && missing.getMessage().contains("does not exist"),
        missing.getMessage());
    InputPathException glob = assertThrows(InputPathException.class,
        () -> InputSplitter.listFiles(CONF, uri("") + "/nothing-*.csv"));
    assertTrue(glob.getMessage().contains("nothing-*.csv") && glob.getMessage().contains("glob matches no file"),
        glob.getMessage());
    assertThrows(InputPathException.class, () -> InputSplitter.listFiles(CONF, " , "));
  }

  @Test
  void subdirectoriesOfAnInputDirectoryAreAnError() throws IOException {
    write("nested/a.txt", "a\n");
    write("nested/deeper/b.txt", "b\n");
    InputPathException e = assertThrows(InputPathException.class, () -> InputSplitter.listFiles(CONF, uri("nested")));
    assertTrue(e.getMessage().contains("deeper") && e.getMessage().contains("glob"), e.getMessage());
  }

  @Test
  void splitSizeIsBoundedByMaxPartitionBytesAndMinPartitions() throws IOException {
    write("data/a.txt", "x".repeat(10_000));
    write("data/b.txt", "y".repeat(5_000));
    write("data/empty.txt", "");
    // Local files have 32 MiB blocks: the cap decides.
    List<FileSplit> capped = InputSplitter.split(CONF, uri("data"), 1, 4_000);
    assertEquals(List.of(4_000L, 4_000L, 2_000L, 4_000L, 1_000L), lengths(capped));
    // 15 000 bytes over at least 5 partitions: 3 000-byte splits; a tail within 10% joins the previous split.
    List<FileSplit> many = InputSplitter.split(CONF, uri("data"), 5, 1 << 20);
    assertEquals(List.of(3_000L, 3_000L, 3_000L, 1_000L, 3_000L, 2_000L), lengths(many));
    List<FileSplit> slop = InputSplitter.split(CONF, uri("data/a.txt"), 1, 9_500);
    assertEquals(List.of(10_000L), lengths(slop));
    for (FileSplit s : capped) {
      assertArrayEquals(new String[] {"localhost"}, s.hosts(), "local files live on localhost: " + s);
    }
    assertThrows(IllegalArgumentException.class, () -> InputSplitter.split(CONF, uri("data"), 1, 0));
  }

  @Test
  void splitsTileEachFileExactly() throws IOException {
    write("tile.txt", "z".repeat(12_345));
    for (int min = 1; min < 40; min += 3) {
      long next = 0;
      for (FileSplit s : InputSplitter.split(CONF, uri("tile.txt"), min, 1 << 20)) {
        assertEquals(next, s.start());
        next = s.end();
      }
      assertEquals(12_345, next);
    }
  }

  @Test
  void splitsTravelSerializedWithHostsAndRacks() throws Exception {
    FileSplit split = new FileSplit("hdfs://nn/a", 5, 10, new String[] {"h1", "h2"}, new String[] {"/r1"});
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(split);
    }
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      FileSplit copy = (FileSplit) in.readObject();
      assertEquals(split, copy);
      assertArrayEquals(new String[] {"/r1"}, copy.racks());
      assertEquals(15, copy.end());
    }
    assertArrayEquals(new String[0], new FileSplit("f", 0, 1, null).racks());
  }

  private String write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    return file.toUri().toString();
  }

  private String uri(String name) {
    String u = dir.resolve(name).toUri().toString();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  private static List<String> names(List<FileStatus> files) {
    return files.stream().map(f -> f.getPath().getName()).collect(Collectors.toList());
  }

  private static List<Long> lengths(List<FileSplit> splits) {
    return splits.stream().map(FileSplit::length).collect(Collectors.toList());
  }
}
