package io.spindle.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Hadoop's start-up work on a daemon thread: the default filesystem's client, or for a driver
 * ({@link #startLoginIfFirst}) Hadoop's login and filesystem classes. In a fresh JVM that loads
 * several hundred classes (the HDFS client, protobuf, security) and takes a few hundred
 * milliseconds; a process that will read or write files first thing (the ApplicationMaster
 * computing input splits, an executor's first task, the YARN client staging the application) starts
 * it while it waits on the network or works on something else, and then finds the client in
 * Hadoop's FileSystem cache. Failures are ignored: the real call reports them.
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
   * of its own. Returns the warm-up thread: a caller about to use the filesystem waits for it rather
   * than create a second client beside it (Hadoop's cache lets concurrent creators race, and keeps
   * only one client).
   */
  public static Thread startWithLogin(java.util.function.Supplier<Configuration> conf) {
    return start(() -> {
      Configuration c = conf.get();
      loginIfFirst(c); // an executor's JVM is fresh: always its first login
      return FileSystem.get(c);
    });
  }

  /**
   * For a driver in a JVM where Hadoop's login has not been set up yet (local mode under
   * spindle-submit, a program or test that embeds Spindle): on the warm-up thread, while the caller
   * sets up the rest of the driver, Hadoop's login is set up with (a copy of) {@code conf} and done,
   * and Hadoop's {@code FileSystem} class and the default filesystem's class are made ready. Left to
   * itself, Hadoop's login parses Hadoop's XML into a configuration of its own, and so does the
   * {@code FileSystem} class when it loads; in the local quick start the two took ~250 ms of the
   * caller's time (docs/benchmarks.md, "Local quick start: where the second went"). The default
   * filesystem itself is not created: a client reads some of its configuration once, when it is
   * created, and a program may still change the context's Hadoop configuration after making the
   * context (as Spark users do with {@code hadoopConfiguration()}). Where the login was set up
   * already (the ApplicationMaster; a program that logged in from a keytab) that login and its
   * configuration are kept, and only the classes are made ready. Returns the warm-up thread (tests
   * join it).
   */
  public static Thread startLoginIfFirst(Configuration conf) {
    Configuration forLogin = new Configuration(conf); // the caller's may change; the login's must not
    return startWork(() -> {
      loginIfFirst(forLogin);
      Class<? extends FileSystem> defaultFs =
          FileSystem.getFileSystemClass(FileSystem.getDefaultUri(forLogin).getScheme(), forLogin);
      prepareFor(defaultFs);
    });
  }

  /** Hadoop's login, set up with {@code conf} unless it was set up before, and done (on this thread). */
  private static void loginIfFirst(Configuration conf) throws java.io.IOException {
    // Hadoop's login initializes itself under this lock: checking and setting under it means that
    // a login on another thread either comes first (and is kept) or waits for this one.
    synchronized (org.apache.hadoop.security.UserGroupInformation.class) {
      if (!org.apache.hadoop.security.UserGroupInformation.isInitialized()) {
        org.apache.hadoop.security.UserGroupInformation.setConfiguration(conf);
      }
    }
    org.apache.hadoop.security.UserGroupInformation.getCurrentUser();
  }

  /**
   * The first local file a task opens initializes Hadoop's per-thread I/O statistics, whose class
   * parses Hadoop's XML into a configuration of its own (~25 ms) while the other task threads wait
   * for it: done on the warm-up thread instead, for the local filesystem (HDFS's streams do not use it).
   */
  private static void prepareFor(Class<? extends FileSystem> fs) {
    if (org.apache.hadoop.fs.LocalFileSystem.class.isAssignableFrom(fs)) {
      org.apache.hadoop.fs.statistics.IOStatisticsContext.getCurrentIOStatisticsContext();
    }
  }

  private static Thread start(java.util.concurrent.Callable<FileSystem> create) {
    return startWork(() -> prepareFor(create.call().getClass()));
  }

  /** Warm-up work; its failures are ignored: the first real use reports them. */
  private interface Work {
    void run() throws Exception;
  }

  private static Thread startWork(Work work) {
    Thread t = new Thread(() -> {
      try {
        work.run();
      } catch (Exception | LinkageError e) {
        // the first real use fails with a proper message
      }
    }, "spindle-filesystem-warmup");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
