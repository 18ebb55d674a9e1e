package io.spindle.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dir is created only under an existing parent, on Hadoop's and on Spindle's local filesystem (HDFS: the committer scenarios). */
class NonRecursiveDirsTest {
  @TempDir
  Path tmp;

  @Test
  void createsADirOnlyUnderAnExistingParent() throws IOException {
    Configuration posix = new Configuration();
    posix.set("fs.file.impl", PosixLocalFileSystem.class.getName());
    posix.setBoolean("fs.file.impl.disable.cache", true);
    for (FileSystem fs : new FileSystem[] {FileSystem.getLocal(new Configuration()), FileSystem.newInstance(tmp.toUri(), posix)}) {
      Path base = Files.createDirectory(tmp.resolve(fs.getClass().getSimpleName()));
      NonRecursiveDirs.mkdir(fs, hadoop(base.resolve("a")));
      assertTrue(Files.isDirectory(base.resolve("a")));
      NonRecursiveDirs.mkdir(fs, hadoop(base.resolve("a"))); // there already: fine

      assertThrows(FileNotFoundException.class, () -> NonRecursiveDirs.mkdir(fs, hadoop(base.resolve("missing/b"))));
      assertFalse(Files.exists(base.resolve("missing")), "no parent created");

      Files.writeString(base.resolve("file"), "x");
      assertThrows(IOException.class, () -> NonRecursiveDirs.mkdir(fs, hadoop(base.resolve("file"))), "a file is in the way");
    }
  }

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }
}
