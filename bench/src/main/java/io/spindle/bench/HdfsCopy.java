package io.spindle.bench;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The two {@code hadoop fs} commands bench/yarn-submit.sh needs, since no hadoop CLI is
 * installed: {@code put <local file> <path>} (replacing it) and {@code get <path> <local dir>}
 * (a whole output directory). Paths are relative to the default filesystem of the Hadoop
 * configuration on the class path (put $HADOOP_CONF_DIR first on it).
 *
 * <p>Usage: {@code HdfsCopy put <local file> <path> | get <path> <local dir> | rm <path>}
 */
public final class HdfsCopy {
  private HdfsCopy() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("Usage: HdfsCopy put <local file> <path> | get <path> <local dir> | rm <path>");
      System.exit(2);
    }
    Configuration conf = new Configuration();
    try (FileSystem fs = FileSystem.get(conf)) {
      switch (args[0]) {
        case "put" -> fs.copyFromLocalFile(false, true, new Path(args[1]), new Path(args[2]));
        case "get" -> fs.copyToLocalFile(false, new Path(args[1]), new Path(args[2]), true);
        case "rm" -> fs.delete(new Path(args[1]), true);
        default -> {
          System.err.println("Unknown command " + args[0] + ": put, get or rm");
          System.exit(2);
        }
      }
    }
  }
}
