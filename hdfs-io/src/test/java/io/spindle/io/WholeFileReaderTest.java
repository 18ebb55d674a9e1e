package io.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeFileReaderTest {
  private static final Configuration CONF = new Configuration();

  @TempDir
  Path dir;

  @Test
  void readsPlainAndCompressedFilesWhole() throws IOException {
    String text = "\uFEFFfirst\r\nsecond 😀\n\nno newline";
    String plain = write("a.txt", text.getBytes(StandardCharsets.UTF_8));
    assertEquals(text.substring(1), WholeFileReader.read(CONF, plain), "BOM dropped, line ends kept");
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(text.substring(1), WholeFileReader.read(CONF, write("a.txt.gz", gz.toByteArray())));
    assertEquals("", WholeFileReader.read(CONF, write("empty.txt", new byte[0])));
  }

  @Test
  void corruptCompressedFileIsNamed() throws IOException {
    String path = write("broken.gz", "plain text, not gzip".getBytes(StandardCharsets.UTF_8));
    IOException e = assertThrows(IOException.class, () -> WholeFileReader.read(CONF, path));
    assertTrue(e.getMessage().contains("broken.gz") && e.getMessage().contains("gzip"), e.getMessage());
  }

  private String write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file.toUri().toString();
  }
}
