package io.spindle.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Creates the default filesystem's client on a daemon thread. In a fresh JVM that loads several
 * hundred classes (the HDFS client, protobuf, security) and takes a few hundred milliseconds; a
 * process that will read or write files first thing (the ApplicationMaster computing input splits,
 * an executor's first task, the YARN client staging the application) starts it while it waits on
 * the network or works on something else, and then finds the client in Hadoop's FileSystem cache. Failures are ignored: the real call reports them.
 */
public final class FileSystemWarmup {
  private FileSystemWarmup() {}

  public static void start(Configuration conf) {
    start(() -> FileSystem.get(conf));
  }

  /**
   * As {@link #start(Configuration)}, the filesystem created as {@code user}: Hadoop caches one
   * client per user, and the caller's later {@code FileSystem.get} runs as that user too.
   */
  public static void startAs(Configuration conf, org.apache.hadoop.security.UserGroupInformation user) {
    start(() -> user.doAs((java.security.PrivilegedExceptionAction<FileSystem>) () -> FileSystem.get(conf)));
  }

  /**
   * As {@link #start(Configuration)} for a process whose Hadoop login is its environment's (an
   * executor): {@code conf} is obtained on the warm-up thread (parsing Hadoop's XML defaults there,
   * not on the caller's), and Hadoop's login set up with it, instead of UGI parsing a configuration
   * of its own.
   */
  public static void startWithLogin(java.util.function.Supplier<Configuration> conf) {
    start(() -> {
      Configuration c = conf.get();
      org.apache.hadoop.security.UserGroupInformation.setConfiguration(c);
      return FileSystem.get(c);
    });
  }

  private static void start(java.util.concurrent.Callable<FileSystem> create) {
    Thread t = new Thread(() -> {
      try {
        create.call();
      } catch (Exception | LinkageError e) {
        // the first real use fails with a proper message
      }
    }, "spindle-filesystem-warmup");
    t.setDaemon(true);
    t.start();
  }
}
