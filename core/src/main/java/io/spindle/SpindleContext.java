package io.spindle;

import io.spindle.function.SpindleException;
import io.spindle.function.SpindleListener;
import io.spindle.function.Pair;
import io.spindle.config.SpindleConfigs;
import io.spindle.env.ExecutorEnv;
import io.spindle.output.OutputCommitCoordinator;
import io.spindle.rdd.Dependency;
import io.spindle.config.Settings;
import io.spindle.rdd.ParallelCollectionRdd;
import io.spindle.rdd.RddContext;
import io.spindle.rdd.RddNode;
import io.spindle.rdd.TextFileRdd;
import io.spindle.rdd.UnionRdd;
import io.spindle.scheduler.DagScheduler;
import io.spindle.executor.LocalBackend;
import io.spindle.scheduler.MapOutputTracker;
import io.spindle.function.PartitionFunction;
import io.spindle.scheduler.SchedulerBackend;
import io.spindle.scheduler.TaskScheduler;
import io.spindle.serializer.KryoSerializer;
import io.spindle.shuffle.LocalShuffleBlockSource;
import io.spindle.shuffle.ShuffleReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.apache.hadoop.classification.InterfaceAudience;
import org.apache.hadoop.classification.InterfaceStability;
import org.apache.hadoop.conf.Configuration;

/**
 * The entry point of a Spindle application: creates RDDs and runs the jobs of their actions.
 * It owns the scheduler stack (DAG scheduler → task scheduler → backend) and the scratch dirs
 * for shuffle files; {@link #close()} releases them.
 *
 * <pre>{@code
 * try (SpindleContext ctx = new SpindleContext(new SpindleConf().setMaster("local[2]"))) {
 *   long n = ctx.textFile("in.txt").filter(l -> !l.isEmpty()).count();
 * }
 * }</pre>
 */
@InterfaceAudience.Public
@InterfaceStability.Evolving
public final class SpindleContext implements AutoCloseable {
  private final SpindleConf conf;
  private final Configuration hadoopConf;
  private final String applicationId;
  private final String master;
  private final AtomicInteger nextRddId = new AtomicInteger();
  private final AtomicInteger nextShuffleId = new AtomicInteger();
  private final Path scratchDir;
  private final DagScheduler dagScheduler;
  private final TaskScheduler taskScheduler;
  private final SchedulerBackend backend;
  private final Integer defaultParallelism;
  /** This process's executor services; in local mode the driver's block store is the executors'. */
  private final ExecutorEnv env;
  /** The status listener and, unless disabled, the UI server (port 4040 by default). */
  private final io.spindle.status.SpindleUi ui;
  /** Carries scheduler events to the UI's status store, the event log and user listeners on their own threads. */
  private final io.spindle.scheduler.ListenerBus listenerBus;
  /** The console progress bar (stderr a terminal and spindle.ui.showConsoleProgress), null when off. */
  private final io.spindle.status.ConsoleProgressBar progressBar;
  /** The event log (spindle.eventLog.enabled), null when off. */
  private final io.spindle.eventlog.EventLogWriter eventLog;
  private volatile boolean closed;
  /** This application's checkpoint dir ({@code <setCheckpointDir>/<uuid>}), or null. */
  private volatile String checkpointDir;
  /** The driver as the engine's lineage nodes see it (they never name this class). */
  private final Driver driver = new Driver();

  public SpindleContext() {
    this(new SpindleConf());
  }

  public SpindleContext(SpindleConf conf) {
    this.conf = conf;
    ClassLoader userLoader = Thread.currentThread().getContextClassLoader();
    // The cluster manager registered for the master (ServiceLoader) says how the application runs.
    this.master = io.spindle.cluster.ClusterManagers.normalize(conf.get(SpindleConfigs.MASTER));
    io.spindle.cluster.ClusterDeployment deployment =
        io.spindle.cluster.ClusterManagers.deploy(conf.get(SpindleConfigs.MASTER), conf, userLoader);
    // Parse every known key now, so a malformed value fails here rather than mid-job.
    for (io.spindle.config.ConfigEntry<?> entry : SpindleConfigs.ALL) {
      conf.get(entry);
    }
    this.defaultParallelism = conf.get(SpindleConfigs.DEFAULT_PARALLELISM);
    List<SpindleListener> extraListeners = extraListeners(conf.get(EXTRA_LISTENERS), userLoader);
    this.applicationId = deployment.applicationId().orElseGet(() ->
        "local-" + System.currentTimeMillis() + "-" + UUID.randomUUID().toString().substring(0, 8));
    this.hadoopConf = hadoopConfiguration(conf);
    // Hadoop's login and its FileSystem class made ready on another thread while this one sets up the rest.
    io.spindle.io.FileSystemWarmup.startLoginIfFirst(hadoopConf);
    this.scratchDir = createScratchDir(conf, applicationId);

    KryoSerializer serializer = new KryoSerializer(userLoader);
    MapOutputTracker mapOutputs = new MapOutputTracker();
    OutputCommitCoordinator commits = new OutputCommitCoordinator();
    Path[] localDirs = {scratchDir};
    io.spindle.memory.MemoryManager memory = io.spindle.memory.UnifiedMemoryManager.fromConf(conf);
    this.env = new ExecutorEnv(LocalBackend.EXECUTOR_ID, LocalBackend.HOST, conf, hadoopConf, serializer,
        localDirs, new ShuffleReader(serializer, mapOutputs, new LocalShuffleBlockSource(localDirs),
            io.spindle.shuffle.codec.ShuffleCompression.of(conf, ioEncryptionKey(conf, deployment))), commits,
        memory);

    this.taskScheduler = new TaskScheduler(conf);
    this.dagScheduler = new DagScheduler(taskScheduler, mapOutputs, commits,
        conf.get(SpindleConfigs.STAGE_MAX_CONSECUTIVE_ATTEMPTS));
    this.backend = deployment.createBackend(new io.spindle.cluster.BackendContext(conf, applicationId, taskScheduler,
        mapOutputs, commits, io.spindle.broadcast.BroadcastManager.localSource(env.blockStore()), env, scratchDir,
        userLoader));
    if (backend instanceof io.spindle.cluster.ClusterBackend cluster) {
      env.broadcastManager().setExecutorCopies(cluster::removeBroadcast); // unpersist/destroy reach executors
    }
    if (backend instanceof SpindleListener stageEnds) {
      dagScheduler.addListener(stageEnds); // a cluster backend tells executors to drop finished stages' bodies
    }
    this.listenerBus = new io.spindle.scheduler.ListenerBus(conf.get(SpindleConfigs.LISTENER_BUS_CAPACITY),
        io.spindle.util.Clock.SYSTEM);
    dagScheduler.setListenerBus(listenerBus);
    // Jobs and stages at INFO where a log is read afterwards (a cluster, local-cluster); local mode stays quiet.
    listenerBus.addToQueue(io.spindle.scheduler.ListenerBus.SHARED,
        new io.spindle.scheduler.SchedulerLog(deployment.logsSchedulerEvents()));
    extraListeners.forEach(l -> listenerBus.addToQueue(io.spindle.scheduler.ListenerBus.SHARED, l));
    this.ui = io.spindle.status.SpindleUi.forContext(conf, applicationId,
        backend instanceof LocalBackend ? backend.defaultParallelism() : 0); // before start: sees executors register
    listenerBus.addToQueue(io.spindle.scheduler.ListenerBus.APP_STATUS, ui.listener());
    ui.status().setDriverBlocks(env.blockStore()::rddBlocks); // the storage page: partitions cached in this JVM
    // The id the UI shows: on YARN the application's, even when tasks run in the AM's JVM (a local master there).
    String loggedAppId = ui.status().applicationId();
    try {
      this.eventLog = conf.get(SpindleConfigs.EVENT_LOG_ENABLED)
          ? io.spindle.eventlog.EventLogWriter.create(conf, hadoopConf, loggedAppId,
              deployment.attemptId().orElse(null))
          : null;
    } catch (RuntimeException e) { // e.g. spindle.eventLog.dir missing: nothing may stay behind
      ui.stop();
      deleteRecursively(scratchDir);
      throw e;
    }
    if (eventLog != null) {
      listenerBus.addToQueue(io.spindle.scheduler.ListenerBus.EVENT_LOG, eventLog);
    }
    postApplicationStart(loggedAppId, deployment.attemptId().orElse(null), memory.maxMemory());
    this.progressBar = conf.get(SpindleConfigs.UI_SHOW_CONSOLE_PROGRESS)
        && io.spindle.status.ConsoleProgressBar.stderrIsTerminal()
        ? io.spindle.status.ConsoleProgressBar.start(ui.status()) : null;
    listenerBus.start();
    taskScheduler.initialize(backend, dagScheduler);
    try {
      backend.start();
    } catch (RuntimeException e) {
      if (progressBar != null) {
        progressBar.stop();
      }
      listenerBus.stop(0);
      if (eventLog != null) {
        eventLog.stop();
      }
      ui.stop();
      throw e;
    }
    dagScheduler.start();
  }

  /**
   * The key of this process's shuffle and spill files with {@code spindle.io.encryption.enabled}: from
   * the application's secret where the deployment has one (a YARN AM: the same in every attempt, so a
   * restarted driver reads what the first wrote), else from a fresh one (local mode: no file outlives
   * the context). Null when off.
   */
  private static byte[] ioEncryptionKey(Settings conf, io.spindle.cluster.ClusterDeployment deployment) {
    if (!conf.get(SpindleConfigs.IO_ENCRYPTION_ENABLED)) {
      return null;
    }
    return io.spindle.shuffle.codec.EncryptedCodec.keyOf(
        deployment.applicationSecret().orElseGet(io.spindle.network.SecretAuth::newSecret));
  }

  /** The first events: application start, its environment (secrets redacted), the driver's block store. */
  private void postApplicationStart(String appId, String attemptId, long driverStorageMemory) {
    String name = conf.get(SpindleConfigs.APP_NAME);
    String user = currentUser();
    java.util.Map<String, java.util.Map<String, String>> environment =
        io.spindle.eventlog.Environment.of(conf, hadoopConf, appId);
    listenerBus.post(l -> {
      if (l instanceof io.spindle.scheduler.EngineListener engine) {
        engine.onApplicationStart(name, appId, attemptId, user);
        engine.onEnvironmentUpdate(environment);
        engine.onBlockManagerAdded(LocalBackend.EXECUTOR_ID, LocalBackend.HOST, driverStorageMemory);
      }
    });
  }

  private static String currentUser() {
    try {
      return org.apache.hadoop.security.UserGroupInformation.getCurrentUser().getShortUserName();
    } catch (IOException e) {
      return System.getProperty("user.name");
    }
  }

  /** Spark's {@code spark.extraListeners}; a cluster's driver (the ApplicationMaster) uses it to report progress. */
  static final String EXTRA_LISTENERS = SpindleConfigs.EXTRA_LISTENERS.key();

  private static List<SpindleListener> extraListeners(String classNames, ClassLoader loader) {
    List<SpindleListener> listeners = new ArrayList<>();
    if (classNames == null || classNames.isBlank()) {
      return listeners;
    }
    for (String name : classNames.split(",")) {
      try {
        listeners.add((SpindleListener) Class.forName(name.trim(), true, loader).getConstructor().newInstance());
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new io.spindle.config.InvalidConfigException(EXTRA_LISTENERS + ": cannot create listener '" + name.trim()
            + "' (" + e + "); it must implement io.spindle.function.SpindleListener and have a public no-arg constructor");
      }
    }
    return listeners;
  }

  /**
   * The Hadoop configuration of a driver or executor: Hadoop's defaults and site files, plus every
   * {@code spindle.hadoop.*} key without its prefix.
   */
  public static Configuration hadoopConfiguration(SpindleConf conf) {
    return Settings.hadoopConfiguration(conf);
  }

  private static Path createScratchDir(SpindleConf conf, String appId) {
    String dirs = conf.get(SpindleConfigs.LOCAL_DIR);
    Path base = Paths.get(dirs == null ? System.getProperty("java.io.tmpdir") : dirs.split(",")[0].trim());
    try {
      Files.createDirectories(base);
      return Files.createDirectory(base.resolve("spindle-" + appId));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a scratch dir under " + base
          + "; set spindle.local.dir to a writable directory", e);
    }
  }

  // ---- Creating RDDs

  /** Distributes a driver-side list over {@code numSlices} partitions. */
  public <T> Rdd<T> parallelize(List<T> data, int numSlices) {
    return Rdd.wrap(new ParallelCollectionRdd<>(driver, data, numSlices));
  }

  public <T> Rdd<T> parallelize(List<T> data) {
    return parallelize(data, defaultParallelism());
  }

  public <K, V> PairRdd<K, V> parallelizePairs(List<Pair<K, V>> data, int numSlices) {
    return PairRdd.of(parallelize(data, numSlices));
  }

  public <K, V> PairRdd<K, V> parallelizePairs(List<Pair<K, V>> data) {
    return parallelizePairs(data, defaultParallelism());
  }

  /**
   * Lines of text files, UTF-8, without line terminators. {@code path} may be a file, a directory,
   * a glob or a comma-separated list of them, on any Hadoop FileSystem (local, {@code hdfs://}, …).
   */
  public Rdd<String> textFile(String path, int minPartitions) {
    return Rdd.wrap(new TextFileRdd(driver, path, minPartitions));
  }

  public Rdd<String> textFile(String path) {
    return textFile(path, Math.min(defaultParallelism(), 2));
  }

  /** The concatenation of several RDDs (no shuffle). */
  @SafeVarargs
  public final <T> Rdd<T> union(Rdd<T> first, Rdd<T>... rest) {
    List<RddNode<T>> all = new ArrayList<>();
    all.add(first.node);
    for (Rdd<T> r : rest) {
      all.add(r.node);
    }
    return Rdd.wrap(new UnionRdd<>(driver, all));
  }

  public <T> Rdd<T> emptyRdd() {
    return parallelize(List.of(), 1);
  }

  // ---- Hadoop inputs: any InputFormat, SequenceFiles, whole files, object files (docs/api.md)

  /**
   * Each file whole, as (qualified path, UTF-8 content) — for many small files. {@code path} is a
   * file, directory, glob or comma-separated list of them; files are packed into about
   * {@code minPartitions} partitions by size. Compressed files (by suffix) are decompressed.
   */
  public PairRdd<String, String> wholeTextFiles(String path, int minPartitions) {
    io.spindle.hadoop.SerializableConfiguration shipped = new io.spindle.hadoop.SerializableConfiguration(hadoopConf);
    return Rdd.wrap(new io.spindle.hadoop.WholeFilesRdd(driver, path, minPartitions))
        .mapToPair(file -> Pair.of(file, io.spindle.io.WholeFileReader.read(shipped.value(), file)));
  }

  public PairRdd<String, String> wholeTextFiles(String path) {
    return wholeTextFiles(path, Math.min(defaultParallelism(), 2));
  }

  /** Each file as (qualified path, a {@link PortableDataStream} that opens it when asked); see wholeTextFiles. */
  public PairRdd<String, PortableDataStream> binaryFiles(String path, int minPartitions) {
    io.spindle.hadoop.SerializableConfiguration shipped = new io.spindle.hadoop.SerializableConfiguration(hadoopConf);
    return Rdd.wrap(new io.spindle.hadoop.WholeFilesRdd(driver, path, minPartitions))
        .mapToPair(file -> Pair.of(file, new PortableDataStream(file, shipped)));
  }

  public PairRdd<String, PortableDataStream> binaryFiles(String path) {
    return binaryFiles(path, Math.min(defaultParallelism(), 2));
  }

  /**
   * The pairs of any new-API ({@code org.apache.hadoop.mapreduce}) FileInputFormat over
   * {@code path} (files, directories, globs, comma-separated): one partition per split the format
   * computes, preferring the split's hosts. {@code conf} carries the format's own settings (a copy is
   * taken). As in Spark the reader may reuse its key and value objects: map them to your own values
   * before caching, collecting or shuffling.
   */
  public <K, V, F extends org.apache.hadoop.mapreduce.InputFormat<K, V>> PairRdd<K, V> newAPIHadoopFile(String path,
      Class<F> formatClass, Class<K> keyClass, Class<V> valueClass, Configuration conf) {
    Configuration jobConf = new Configuration(conf);
    try {
      org.apache.hadoop.mapreduce.Job job = org.apache.hadoop.mapreduce.Job.getInstance(jobConf);
      org.apache.hadoop.mapreduce.lib.input.FileInputFormat.setInputPaths(job, path);
      jobConf = job.getConfiguration();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return newAPIHadoopRDD(jobConf, formatClass, keyClass, valueClass);
  }

  public <K, V, F extends org.apache.hadoop.mapreduce.InputFormat<K, V>> PairRdd<K, V> newAPIHadoopFile(String path,
      Class<F> formatClass, Class<K> keyClass, Class<V> valueClass) {
    return newAPIHadoopFile(path, formatClass, keyClass, valueClass, hadoopConf);
  }

  /** The pairs of any new-API InputFormat configured entirely by {@code conf} (e.g. a table's format). */
  public <K, V, F extends org.apache.hadoop.mapreduce.InputFormat<K, V>> PairRdd<K, V> newAPIHadoopRDD(
      Configuration conf, Class<F> formatClass, Class<K> keyClass, Class<V> valueClass) {
    return PairRdd.pairs(new io.spindle.hadoop.NewHadoopRdd<K, V>(driver, new Configuration(conf), formatClass));
  }

  /**
   * The pairs of any old-API ({@code org.apache.hadoop.mapred}) FileInputFormat over {@code path},
   * asking it for at least {@code minPartitions} splits. Keys and values may be reused (see
   * newAPIHadoopFile).
   */
  public <K, V, F extends org.apache.hadoop.mapred.InputFormat<K, V>> PairRdd<K, V> hadoopFile(String path,
      Class<F> formatClass, Class<K> keyClass, Class<V> valueClass, int minPartitions) {
    org.apache.hadoop.mapred.JobConf jobConf = new org.apache.hadoop.mapred.JobConf(hadoopConf);
    org.apache.hadoop.mapred.FileInputFormat.setInputPaths(jobConf, path);
    return hadoopRDD(jobConf, formatClass, keyClass, valueClass, minPartitions);
  }

  public <K, V, F extends org.apache.hadoop.mapred.InputFormat<K, V>> PairRdd<K, V> hadoopFile(String path,
      Class<F> formatClass, Class<K> keyClass, Class<V> valueClass) {
    return hadoopFile(path, formatClass, keyClass, valueClass, Math.min(defaultParallelism(), 2));
  }

  /** The pairs of any old-API InputFormat configured by {@code conf}. */
  public <K, V, F extends org.apache.hadoop.mapred.InputFormat<K, V>> PairRdd<K, V> hadoopRDD(
      org.apache.hadoop.mapred.JobConf conf, Class<F> formatClass, Class<K> keyClass, Class<V> valueClass,
      int minPartitions) {
    return PairRdd.pairs(new io.spindle.hadoop.HadoopRdd<K, V>(driver, new org.apache.hadoop.mapred.JobConf(conf),
        formatClass, minPartitions));
  }

  /**
   * The records of Hadoop SequenceFiles (any codec, record or block compressed) with Writable key
   * and value classes; as Spark, through the old-API SequenceFileInputFormat, with reused Writables.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <K, V> PairRdd<K, V> sequenceFile(String path, Class<K> keyClass, Class<V> valueClass, int minPartitions) {
    return hadoopFile(path, (Class) org.apache.hadoop.mapred.SequenceFileInputFormat.class, keyClass, valueClass,
        minPartitions);
  }

  public <K, V> PairRdd<K, V> sequenceFile(String path, Class<K> keyClass, Class<V> valueClass) {
    return sequenceFile(path, keyClass, valueClass, Math.min(defaultParallelism(), 2));
  }

  /** The elements {@link Rdd#saveAsObjectFile} wrote (Spark's object-file format). */
  public <T> Rdd<T> objectFile(String path, int minPartitions) {
    return sequenceFile(path, org.apache.hadoop.io.NullWritable.class, org.apache.hadoop.io.BytesWritable.class,
        minPartitions).flatMap(p -> io.spindle.hadoop.ObjectFiles.<T>deserialize(p.value().copyBytes()));
  }

  public <T> Rdd<T> objectFile(String path) {
    return objectFile(path, Math.min(defaultParallelism(), 2));
  }

  // ---- Job control: job groups, descriptions, local properties, cancellation

  /** Properties of the jobs this thread submits (Spark's local properties); child threads start with a copy. */
  private final InheritableThreadLocal<java.util.Properties> localProperties = new InheritableThreadLocal<>() {
    @Override
    protected java.util.Properties initialValue() {
      return new java.util.Properties();
    }

    @Override
    protected java.util.Properties childValue(java.util.Properties parent) {
      java.util.Properties copy = new java.util.Properties();
      copy.putAll(parent);
      return copy;
    }
  };

  /** Sets a property of the jobs this thread submits from now on (null removes it). */
  public void setLocalProperty(String key, String value) {
    if (value == null) {
      localProperties.get().remove(key);
    } else {
      localProperties.get().setProperty(key, value);
    }
  }

  public String getLocalProperty(String key) {
    return localProperties.get().getProperty(key);
  }

  /**
   * Puts the jobs this thread submits from now on into group {@code groupId}, so
   * {@link #cancelJobGroup} can cancel them together. With {@code interruptOnCancel} the threads of
   * their running tasks are interrupted on cancellation (as in Spark, off by default: some file
   * systems, e.g. HDFS before 2.x, treat an interrupt badly).
   */
  public void setJobGroup(String groupId, String description, boolean interruptOnCancel) {
    setLocalProperty(DagScheduler.JOB_DESCRIPTION, description);
    setLocalProperty(DagScheduler.JOB_GROUP_ID, groupId);
    setLocalProperty(DagScheduler.JOB_INTERRUPT_ON_CANCEL, String.valueOf(interruptOnCancel));
  }

  public void setJobGroup(String groupId, String description) {
    setJobGroup(groupId, description, false);
  }

  /** This thread's jobs belong to no group any more. */
  public void clearJobGroup() {
    setLocalProperty(DagScheduler.JOB_DESCRIPTION, null);
    setLocalProperty(DagScheduler.JOB_GROUP_ID, null);
    setLocalProperty(DagScheduler.JOB_INTERRUPT_ON_CANCEL, null);
  }

  /** A description of the jobs this thread submits from now on (shown with them). */
  public void setJobDescription(String description) {
    setLocalProperty(DagScheduler.JOB_DESCRIPTION, description);
  }

  /**
   * Cancels the active jobs of group {@code groupId}: each ends at once with a
   * {@link io.spindle.function.JobCancelledException}, its running tasks are interrupted if the
   * group was set with {@code interruptOnCancel}, and output it was writing is not committed.
   */
  public void cancelJobGroup(String groupId) {
    dagScheduler.cancelJobGroup(groupId);
  }

  /** Cancels every active job, as {@link #cancelJobGroup} does. */
  public void cancelAllJobs() {
    dagScheduler.cancelAllJobs();
  }

  private java.util.Properties jobProperties() {
    java.util.Properties copy = new java.util.Properties();
    copy.putAll(localProperties.get());
    return copy;
  }

  /** Submits a job on every partition without waiting (async actions). */
  <T, U> io.spindle.scheduler.JobWaiter<U> submitJob(Rdd<T> rdd, PartitionFunction<T, U> function,
      BiConsumer<Integer, U> resultHandler) {
    checkOpen();
    computePartitionsOfLineage(rdd.node);
    int[] all = new int[rdd.node.partitions().length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return dagScheduler.submitJob(rdd.node, function, all, resultHandler, io.spindle.util.CallSite.ofCaller(),
        jobProperties());
  }

  /**
   * Submits a job on the given partitions without waiting, with properties and call site taken
   * earlier on the caller's thread (the later jobs of a multi-job async action such as takeAsync).
   */
  <T, U> io.spindle.scheduler.JobWaiter<U> submitJob(Rdd<T> rdd, PartitionFunction<T, U> function, int[] partitions,
      BiConsumer<Integer, U> resultHandler, String callSite, java.util.Properties properties) {
    checkOpen();
    computePartitionsOfLineage(rdd.node);
    return dagScheduler.submitJob(rdd.node, function, partitions, resultHandler, callSite, properties);
  }

  /** A copy of this thread's local properties (job group, description, …), for jobs submitted from another thread. */
  java.util.Properties jobPropertiesSnapshot() {
    return jobProperties();
  }

  void cancelJob(int jobId, boolean interrupt) {
    dagScheduler.cancelJob(jobId, interrupt);
  }

  // ---- Checkpoints

  /**
   * Where {@code rdd.checkpoint()} writes: a directory on any Hadoop FileSystem (on YARN, one in
   * HDFS, so executors on every node reach it). A subdirectory with a random name is created for
   * this application; it is deleted when the context closes unless
   * {@code spindle.cleaner.referenceTracking.cleanCheckpoints=false}.
   */
  public void setCheckpointDir(String dir) {
    checkOpen();
    checkpointDir = io.spindle.rdd.Checkpoints.createDir(hadoopConf, dir);
  }

  /** This application's checkpoint directory, if {@link #setCheckpointDir} was called. */
  public java.util.Optional<String> getCheckpointDir() {
    return java.util.Optional.ofNullable(checkpointDir);
  }

  // ---- Running jobs

  /**
   * Adds a listener for job, stage and task events. It runs on the listener bus's thread for user
   * listeners, not on the scheduler's: events arrive in order, a little after they happened (see
   * {@link #waitForListeners}); if it falls more than {@code spindle.scheduler.listenerbus.eventqueue.capacity}
   * events behind, further events are dropped for it (and counted in the log) rather than slowing jobs down.
   */
  public void addListener(SpindleListener listener) {
    listenerBus.addToQueue(io.spindle.scheduler.ListenerBus.SHARED, listener);
  }

  /**
   * Waits until every listener received every event posted so far — e.g. the end events of the
   * action that just returned; false if {@code timeoutMillis} passed first.
   */
  public boolean waitForListeners(long timeoutMillis) {
    return listenerBus.waitUntilEmpty(timeoutMillis);
  }

  /**
   * For fault-injecting tests only: a listener called on the DAG scheduler's own thread, before it
   * schedules anything else (so it can, say, delete a map output before the next stage reads it).
   */
  void addListenerOnSchedulerThread(SpindleListener listener) {
    dagScheduler.addListener(listener);
  }

  /** The bus (tests read its drop counts). */
  io.spindle.scheduler.ListenerBus listenerBus() {
    return listenerBus;
  }

  /** Runs {@code function} on every partition of {@code rdd}; results in partition order. */
  public <T, U> List<U> runJob(Rdd<T> rdd, PartitionFunction<T, U> function) {
    int n = rdd.partitions().length;
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return runJob(rdd, function, all);
  }

  /** Runs {@code function} on the given partitions of {@code rdd}; results in the order asked. */
  public <T, U> List<U> runJob(Rdd<T> rdd, PartitionFunction<T, U> function, int[] partitions) {
    List<U> results = new ArrayList<>(java.util.Collections.nCopies(partitions.length, null));
    runJob(rdd, function, partitions, results::set);
    return results;
  }

  public <T, U> void runJob(Rdd<T> rdd, PartitionFunction<T, U> function, int[] partitions,
      BiConsumer<Integer, U> resultHandler) {
    driver.runJob(rdd.node, function, partitions, resultHandler);
  }

  /**
   * Computes the partitions of the RDD and all its ancestors here, on the caller's thread, so
   * errors such as a missing input path surface as the action's exception before any task runs.
   */
  private static void computePartitionsOfLineage(RddNode<?> rdd) {
    Set<Integer> seen = new HashSet<>();
    Deque<RddNode<?>> toVisit = new ArrayDeque<>();
    toVisit.push(rdd);
    while (!toVisit.isEmpty()) {
      RddNode<?> r = toVisit.pop();
      if (seen.add(r.id())) {
        r.partitions();
        for (Dependency<?> dep : r.dependencies()) {
          toVisit.push(dep.rdd());
        }
      }
    }
  }

  // ---- Broadcast variables and accumulators

  /**
   * Ships {@code value} (Serializable) to each executor once; read it in tasks with
   * {@link Broadcast#value()}. The value is serialized now, so later changes to it are not seen.
   */
  public <T> Broadcast<T> broadcast(T value) {
    checkOpen();
    io.spindle.broadcast.BroadcastManager manager = env.broadcastManager();
    return new Broadcast<>(manager.newBroadcast(value), value, manager);
  }

  /** Registers a custom accumulator under {@code name} (may be null), so tasks can add to it. */
  public void register(io.spindle.accumulator.AccumulatorV2<?, ?> accumulator, String name) {
    io.spindle.accumulator.AccumulatorContext.register(accumulator, name);
  }

  public void register(io.spindle.accumulator.AccumulatorV2<?, ?> accumulator) {
    register(accumulator, null);
  }

  public io.spindle.accumulator.LongAccumulator longAccumulator(String name) {
    io.spindle.accumulator.LongAccumulator acc = new io.spindle.accumulator.LongAccumulator();
    register(acc, name);
    return acc;
  }

  public io.spindle.accumulator.LongAccumulator longAccumulator() {
    return longAccumulator(null);
  }

  public io.spindle.accumulator.DoubleAccumulator doubleAccumulator(String name) {
    io.spindle.accumulator.DoubleAccumulator acc = new io.spindle.accumulator.DoubleAccumulator();
    register(acc, name);
    return acc;
  }

  public io.spindle.accumulator.DoubleAccumulator doubleAccumulator() {
    return doubleAccumulator(null);
  }

  public <T> io.spindle.accumulator.CollectionAccumulator<T> collectionAccumulator(String name) {
    io.spindle.accumulator.CollectionAccumulator<T> acc = new io.spindle.accumulator.CollectionAccumulator<>();
    register(acc, name);
    return acc;
  }

  public <T> io.spindle.accumulator.CollectionAccumulator<T> collectionAccumulator() {
    return collectionAccumulator(null);
  }

  /** Framework-facing ({@link Rdd#unpersist()}): drops an RDD's cached blocks on every executor. */
  void removeRdd(int rddId) {
    if (!closed) {
      env.blockStore().removeRdd(rddId);
      if (backend instanceof io.spindle.cluster.ClusterBackend cluster) {
        cluster.removeRdd(rddId);
      }
    }
  }

  /** Engine bridge: the block store of this process (tests look at what is cached). */
  @InterfaceAudience.Private
  public io.spindle.storage.BlockStore blockStore() {
    return env.blockStore();
  }

  // ---- Framework-facing

  public SpindleConf conf() {
    return conf;
  }

  public Configuration hadoopConf() {
    return hadoopConf;
  }

  public String applicationId() {
    return applicationId;
  }

  public String master() {
    return master;
  }

  /** The status UI's address ({@code http://host:port}), empty if it is disabled or could not start. */
  public java.util.Optional<String> uiWebUrl() {
    return ui.url();
  }

  /** Partitions of a shuffle when none is given: {@code spindle.default.parallelism}, else the task slots. */
  public int defaultParallelism() {
    return defaultParallelism != null ? defaultParallelism : backend.defaultParallelism();
  }

  public int newRddId() {
    return nextRddId.getAndIncrement();
  }

  public int newShuffleId() {
    return nextShuffleId.getAndIncrement();
  }

  private void checkOpen() {
    if (closed) {
      throw new SpindleException("This SpindleContext is closed; create a new one to run jobs.");
    }
  }

  /** Stops the schedulers and deletes shuffle files. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (progressBar != null) {
      progressBar.stop();
    }
    dagScheduler.stop();
    taskScheduler.stop();
    backend.stop();
    // Listeners hear the jobs the stop failed; a stuck one is given up on after the timeout.
    listenerBus.post(l -> {
      if (l instanceof io.spindle.scheduler.EngineListener engine) {
        engine.onApplicationEnd();
      }
    });
    listenerBus.stop(conf.get(SpindleConfigs.LISTENER_BUS_STOP_TIMEOUT));
    if (eventLog != null) {
      eventLog.stop(); // if its queue was abandoned, the log still gets its final name
    }
    ui.stop(); // the AM's shared server stays up: it shows the finished application until the AM exits
    env.blockStore().clear(); // cached blocks in memory and their files
    deleteRecursively(scratchDir);
    if (checkpointDir != null && conf.get(SpindleConfigs.CLEANER_CLEAN_CHECKPOINTS)) {
      try {
        io.spindle.rdd.Checkpoints.deleteDir(hadoopConf, checkpointDir);
      } catch (IOException e) {
        org.slf4j.LoggerFactory.getLogger(SpindleContext.class).warn("Could not delete the checkpoint dir {}",
            checkpointDir, e);
      }
    }
  }

  /** The context that owns {@code rdds}, the engine-side handle it gave its lineage nodes (null inside tasks). */
  static SpindleContext owning(RddContext rdds) {
    return rdds == null ? null : ((Driver) rdds).owner();
  }

  /** Engine bridge: the handle lineage nodes get, for a custom {@link RddNode} to be built on this context. */
  @InterfaceAudience.Private
  public RddContext rddContext() {
    return driver;
  }

  /** The driver as the engine's lineage nodes see it: ids, configuration, and running jobs on this context. */
  private final class Driver implements RddContext {
    SpindleContext owner() {
      return SpindleContext.this;
    }

    @Override
    public int newRddId() {
      return SpindleContext.this.newRddId();
    }

    @Override
    public int newShuffleId() {
      return SpindleContext.this.newShuffleId();
    }

    @Override
    public String applicationId() {
      return applicationId;
    }

    @Override
    public Settings conf() {
      return conf;
    }

    @Override
    public Configuration hadoopConf() {
      return hadoopConf;
    }

    @Override
    public Integer configuredParallelism() {
      return defaultParallelism;
    }

    @Override
    public void removeRdd(int rddId) {
      SpindleContext.this.removeRdd(rddId);
    }

    @Override
    public String checkpointDir() {
      return checkpointDir;
    }

    @Override
    public <T, U> void runJob(RddNode<T> rdd, PartitionFunction<T, U> function, int[] partitions,
        BiConsumer<Integer, U> resultHandler) {
      checkOpen();
      if (rdd.context() != this) {
        throw new IllegalArgumentException("RDD " + rdd + " belongs to another SpindleContext");
      }
      computePartitionsOfLineage(rdd);
      dagScheduler.runJob(rdd, function, partitions, resultHandler, jobProperties());
      io.spindle.rdd.Checkpoints.afterJob(rdd); // checkpoint() marks are written after the job that computed them
    }
  }

  /** The scheduler backend (tests of cluster modes look at its counters). */
  SchedulerBackend schedulerBackend() {
    return backend;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(SpindleContext.class).warn("Could not delete {}", dir, e);
    }
  }
}
