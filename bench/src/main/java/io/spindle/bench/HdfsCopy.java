package io.spindle.bench;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code hadoop fs} commands bench/yarn-submit.sh and bench/yarn-throughput.sh need, since no
 * hadoop CLI is installed: {@code put <local file or dir> <path>} (replacing it), {@code get <path> <local dir>}
 * (a whole output directory), {@code rm <path>} and {@code mkdir <path>}. Paths are relative to the
 * default filesystem of the Hadoop configuration on the class path (put $HADOOP_CONF_DIR first on it).
 *
 * <p>Usage: {@code HdfsCopy put <local file or dir> <path> | get <path> <local dir> | rm <path> | mkdir <path>}
 */
public final class HdfsCopy {
  private HdfsCopy() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("Usage: HdfsCopy put <local file> <path> | get <path> <local dir> | rm <path> | mkdir <path>");
      System.exit(2);
    }
    Configuration conf = new Configuration();
    try (FileSystem fs = FileSystem.get(conf)) {
      switch (args[0]) {
        case "put" -> fs.copyFromLocalFile(false, true, new Path(args[1]), new Path(args[2]));
        case "get" -> fs.copyToLocalFile(false, new Path(args[1]), new Path(args[2]), true);
        case "rm" -> fs.delete(new Path(args[1]), true);
        case "mkdir" -> fs.mkdirs(new Path(args[1]));
        default -> {
          System.err.println("Unknown command " + args[0] + ": put, get, rm or mkdir");
          System.exit(2);
        }
      }
    }
  }
}
