package io.spindle.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;

/** Which class serves {@code file:} for drivers and executors, and that a user's choice wins. */
class LocalFileSystemConfigTest {
  @Test
  void spindlesLocalFileSystemByDefault() throws IOException {
    Configuration hadoop = Settings.hadoopConfiguration(new Settings(false));
    assertEquals(io.spindle.io.PosixLocalFileSystem.class.getName(), hadoop.get(Settings.LOCAL_FILE_SYSTEM_KEY));
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), hadoop)) {
      assertSame(io.spindle.io.PosixLocalFileSystem.class, fs.getClass());
    }
  }

  @Test
  void aSpindleHadoopKeyChoosesAnother() throws IOException {
    Settings conf = new Settings(false);
    conf.set("spindle.hadoop.fs.file.impl", LocalFileSystem.class.getName());
    Configuration hadoop = Settings.hadoopConfiguration(conf);
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), hadoop)) {
      assertSame(LocalFileSystem.class, fs.getClass());
    }
  }
}
