package io.spindle.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Creates the default filesystem's client on a daemon thread. In a fresh JVM that loads several
 * hundred classes (the HDFS client, protobuf, security) and takes a few hundred milliseconds; a
 * process that will read or write files first thing (the ApplicationMaster computing input splits,
 * an executor's first task) starts it while it waits on the network for something else, and then
 * finds the client in Hadoop's FileSystem cache. Failures are ignored: the real call reports them.
 */
public final class FileSystemWarmup {
  private FileSystemWarmup() {}

  public static void start(Configuration conf) {
    Thread t = new Thread(() -> {
      try {
        FileSystem.get(conf);
      } catch (Exception | LinkageError e) {
        // the first real use fails with a proper message
      }
    }, "spindle-filesystem-warmup");
    t.setDaemon(true);
    t.start();
  }
}
