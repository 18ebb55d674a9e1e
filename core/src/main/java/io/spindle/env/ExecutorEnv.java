package io.spindle.env;

import io.spindle.config.Settings;
import io.spindle.broadcast.BroadcastManager;
import io.spindle.memory.MemoryManager;
import io.spindle.output.OutputCommitCoordinator;
import io.spindle.serializer.KryoSerializer;
import io.spindle.shuffle.ShuffleReader;
import io.spindle.shuffle.SortShuffleWriter;
import io.spindle.storage.BlockStore;
import io.spindle.function.TaskContext;
import io.spindle.task.EngineTaskContext;
import io.spindle.task.TaskServices;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * The services a task uses in the process it runs in: serializer, shuffle writer and reader,
 * Hadoop configuration and the commit coordinator. In local mode the driver and its task threads
 * share one; an executor process on YARN builds its own.
 */
public final class ExecutorEnv implements TaskServices {
  private final String executorId;
  private final String host;
  private final Settings conf;
  private final Configuration hadoopConf;
  private final KryoSerializer serializer;
  private final Path[] localDirs;
  private final ShuffleReader shuffleReader;
  private final OutputCommitCoordinator commitCoordinator;
  private final MemoryManager memoryManager;
  private final BlockStore blockStore;
  private final BroadcastManager broadcastManager;
  private final io.spindle.shuffle.codec.ShuffleCompression compression;

  public ExecutorEnv(String executorId, String host, Settings conf, Configuration hadoopConf,
      KryoSerializer serializer, Path[] localDirs, ShuffleReader shuffleReader,
      OutputCommitCoordinator commitCoordinator, MemoryManager memoryManager) {
    this(executorId, host, conf, hadoopConf, serializer, localDirs, shuffleReader, commitCoordinator, memoryManager,
        null);
  }

  /**
   * @param broadcastSource where broadcast bytes come from in an executor process (the driver, over
   *     RPC); null for this process's own block store (local mode and the driver)
   */
  public ExecutorEnv(String executorId, String host, Settings conf, Configuration hadoopConf,
      KryoSerializer serializer, Path[] localDirs, ShuffleReader shuffleReader,
      OutputCommitCoordinator commitCoordinator, MemoryManager memoryManager,
      io.spindle.broadcast.BroadcastSource broadcastSource) {
    this.executorId = executorId;
    this.host = host;
    this.conf = conf;
    this.hadoopConf = hadoopConf;
    this.serializer = serializer;
    this.localDirs = localDirs.clone();
    this.shuffleReader = shuffleReader;
    this.commitCoordinator = commitCoordinator;
    this.memoryManager = memoryManager;
    // The reader's choice (built where the process's IO encryption key is known), so writes and reads agree.
    this.compression = shuffleReader != null ? shuffleReader.compression()
        : io.spindle.shuffle.codec.ShuffleCompression.of(conf);
    // Block store (cached partitions, broadcast values) on this process's storage memory and local
    // dirs; it registers itself as the memory manager's evictor.
    this.blockStore = new BlockStore(serializer, this.localDirs, memoryManager, compression.diskBlockCodec());
    this.broadcastManager = new BroadcastManager(blockStore,
        broadcastSource != null ? broadcastSource : BroadcastManager.localSource(blockStore));
  }

  /** The full services of the process a task runs in (engine layers above the block store and shuffle use it). */
  public static ExecutorEnv of(TaskContext context) {
    TaskServices env = EngineTaskContext.of(context).env();
    if (env instanceof ExecutorEnv full) {
      return full;
    }
    throw new IllegalStateException("Task " + context.taskAttemptId() + " runs without an executor environment");
  }

  /** How this process's shuffle and spill files are compressed and, with spindle.io.encryption.enabled, encrypted. */
  @Override
  public io.spindle.shuffle.codec.ShuffleCompression shuffleCompression() {
    return compression;
  }

  public String executorId() {
    return executorId;
  }

  public String host() {
    return host;
  }

  @Override
  public Settings conf() {
    return conf;
  }

  public Configuration hadoopConf() {
    return hadoopConf;
  }

  @Override
  public KryoSerializer serializer() {
    return serializer;
  }

  @Override
  public Path[] localDirs() {
    return localDirs.clone();
  }

  public <K, V, C> SortShuffleWriter<K, V, C> newShuffleWriter() {
    return new SortShuffleWriter<>(serializer, localDirs, compression);
  }

  public ShuffleReader shuffleReader() {
    return shuffleReader;
  }

  public OutputCommitCoordinator commitCoordinator() {
    return commitCoordinator;
  }

  @Override
  public MemoryManager memoryManager() {
    return memoryManager;
  }

  /** Cached RDD partitions and broadcast values of this process. */
  public BlockStore blockStore() {
    return blockStore;
  }

  /** Resolves broadcast ids to values (and, on the driver, creates broadcasts). */
  public BroadcastManager broadcastManager() {
    return broadcastManager;
  }
}
