package io.spindle.config;

import java.util.List;

/**
 * Every configuration key Spindle reads, with its default and one line of doc. Names follow
 * Spark's where Spark has one. Precedence: built-in default &lt; conf/spindle-defaults.conf &lt;
 * --properties-file &lt; --conf &lt; code.
 */
public final class SpindleConfigs {
  private SpindleConfigs() {}

  public static final ConfigEntry<String> MASTER = ConfigEntry.string("spindle.master", "local[*]",
      "Where to run: local, local[N], local[*] (N task threads in this JVM), local-cluster[N,cores,memoryMiB] "
          + "(N executor JVMs on this machine), or the master of another cluster manager on the class path "
          + "(the ApplicationMaster module adds one; see docs/architecture.md).");

  public static final ConfigEntry<String> APP_NAME = ConfigEntry.string("spindle.app.name", "spindle",
      "Name of the application, shown in logs and by the cluster manager.");

  public static final ConfigEntry<Integer> TASK_MAX_FAILURES = ConfigEntry.positiveInt(
      "spindle.task.maxFailures", 4,
      "Attempts of one task before its job fails (1 means no retry).");

  public static final ConfigEntry<Integer> STAGE_MAX_CONSECUTIVE_ATTEMPTS = ConfigEntry.positiveInt(
      "spindle.stage.maxConsecutiveAttempts", 4,
      "Consecutive attempts of one stage that may fail because shuffle output could not be fetched (each "
          + "failure re-runs the lost map tasks and resubmits the stage) before its jobs fail.");

  public static final ConfigEntry<Integer> DEFAULT_PARALLELISM = ConfigEntry.positiveInt(
      "spindle.default.parallelism", null,
      "Partitions of a shuffle when none is given; unset means the largest partition count of its parents.");

  public static final ConfigEntry<String> LOCAL_DIR = ConfigEntry.string("spindle.local.dir", null,
      "Scratch dir for shuffle files in local mode (the first of a comma-separated list); default java.io.tmpdir.");

  public static final ConfigEntry<Long> FILES_MAX_PARTITION_BYTES = ConfigEntry.bytes(
      "spindle.files.maxPartitionBytes", "128m",
      "Largest input split textFile makes, in bytes.");

  public static final ConfigEntry<Double> MEMORY_FRACTION = ConfigEntry.fraction("spindle.memory.fraction", 0.6,
      "Share of (heap - reserved) that execution and storage memory share.");

  public static final ConfigEntry<Double> MEMORY_STORAGE_FRACTION = ConfigEntry.fraction(
      "spindle.memory.storageFraction", 0.5,
      "Share of the unified region where cached blocks are safe from eviction by execution.");

  public static final ConfigEntry<Long> MEMORY_RESERVED = ConfigEntry.bytes("spindle.memory.reserved", "300m",
      "Heap left out of the unified region for the system (at most a quarter of the heap).");

  public static final ConfigEntry<Long> LOCALITY_WAIT = ConfigEntry.durationMillis("spindle.locality.wait", "3s",
      "How long a task set waits for a slot at its best locality level (process, node, rack) before it "
          + "launches tasks at the next worse one; counted from its last launch at the current level. 0 turns "
          + "delay scheduling off.");

  public static final ConfigEntry<Long> LOCALITY_WAIT_PROCESS = ConfigEntry.durationMillis(
      "spindle.locality.wait.process", null,
      "Locality wait for PROCESS_LOCAL (an executor caching the input); unset means spindle.locality.wait.");

  public static final ConfigEntry<Long> LOCALITY_WAIT_NODE = ConfigEntry.durationMillis(
      "spindle.locality.wait.node", null,
      "Locality wait for NODE_LOCAL (a host storing the input); unset means spindle.locality.wait.");

  public static final ConfigEntry<Long> LOCALITY_WAIT_RACK = ConfigEntry.durationMillis(
      "spindle.locality.wait.rack", null,
      "Locality wait for RACK_LOCAL (a host on the input's rack); unset means spindle.locality.wait.");

  public static final ConfigEntry<Integer> EXECUTOR_REGISTRATION_TIMEOUT_MS = ConfigEntry.positiveInt(
      "spindle.executor.registrationTimeoutMs", 60_000,
      "How long a local-cluster driver waits for its executors to register before it gives up, in ms (a cluster "
      + "manager that requests executors on demand does not wait for them).");

  public static final ConfigEntry<Integer> EXECUTOR_HEARTBEAT_INTERVAL_MS = ConfigEntry.positiveInt(
      "spindle.executor.heartbeatIntervalMs", 2_000,
      "Interval between an executor's heartbeats to the driver, in ms.");

  public static final ConfigEntry<Integer> NETWORK_TIMEOUT_MS = ConfigEntry.positiveInt(
      "spindle.network.timeoutMs", 60_000,
      "Silence after which the driver drops an executor, or an executor gives its driver up and exits, in ms.");

  public static final ConfigEntry<Boolean> NETWORK_CRYPTO_ENABLED = ConfigEntry.bool(
      "spindle.network.crypto.enabled", false,
      "Encrypt every connection of the application (driver RPC, shuffle fetches) with AES-256-GCM under keys "
      + "derived from the application secret per connection, as Spark's spark.network.crypto.enabled. The driver "
      + "then refuses unencrypted executors; the shuffle service encrypts whenever the client asks. Off by default: "
      + "costs CPU on shuffle-heavy jobs (docs/security.md).");

  public static final ConfigEntry<Boolean> IO_ENCRYPTION_ENABLED = ConfigEntry.bool(
      "spindle.io.encryption.enabled", false,
      "Encrypt shuffle and spill files at rest (AES-256-CTR below the compression, a random IV per segment, the "
      + "key derived from the application secret), as Spark's spark.io.encryption.enabled. Off by default "
      + "(docs/security.md).");

  public static final ConfigEntry<Long> EXECUTOR_LOSS_REASON_TIMEOUT = ConfigEntry.durationMillis(
      "spindle.executor.lossReasonTimeout", "10s",
      "When the driver loses an executor, how long its running tasks wait for the cluster manager to say whether "
      + "the loss was the application's doing before they are retried (YARN: the container's exit status, usually "
      + "within two heartbeats). A loss the cluster caused (preemption, a lost node) does not count against "
      + "spindle.task.maxFailures; one not explained in time counts, as in Spark. Local-cluster: no wait, counted.");

  public static final ConfigEntry<Integer> EXECUTOR_STAGE_BODY_CACHE = ConfigEntry.positiveInt(
      "spindle.executor.stageBodyCacheSize", 64,
      "Stage bodies (serialized task code) an executor keeps, least recently used dropped first.");

  public static final ConfigEntry<String> EXECUTOR_MAIN_CLASS = ConfigEntry.string(
      "spindle.executor.mainClass", "io.spindle.executor.remote.ExecutorMain",
      "Main class of executor processes (in spindle-core, next to the driver side of the engine).");

  public static final ConfigEntry<String> EXECUTOR_EXTRA_CLASSPATH = ConfigEntry.string(
      "spindle.executor.extraClassPath", null,
      "Entries appended to the classpath of executor processes started by local-cluster.");

  public static final ConfigEntry<Long> REDUCER_MAX_SIZE_IN_FLIGHT = ConfigEntry.bytes(
      "spindle.reducer.maxSizeInFlight", "48m",
      "Bytes of shuffle segments one reduce task requests and has not consumed yet.");

  public static final ConfigEntry<Long> MEMORY_TESTING_MAX_BYTES = ConfigEntry.bytes(
      "spindle.memory.testing.maxBytes", null,
      "Tests only: size of the unified execution + storage region in bytes, replacing the heap-based size.");

  public static final ConfigEntry<Long> SHUFFLE_SPILL_INITIAL_MEMORY = ConfigEntry.bytes(
      "spindle.shuffle.spill.initialMemory", "4m",
      "Execution memory a spillable buffer or map asks for first; it asks for more, in chunks, as it grows.");

  public static final ConfigEntry<Integer> SHUFFLE_SPILL_FORCE_THRESHOLD = ConfigEntry.positiveInt(
      "spindle.shuffle.spill.numElementsForceSpillThreshold", Integer.MAX_VALUE,
      "Records a spillable buffer or map holds before it spills regardless of memory (for tests).");

  public static final ConfigEntry<Integer> SHUFFLE_SPILL_MERGE_FACTOR = ConfigEntry.positiveInt(
      "spindle.shuffle.spill.mergeFactor", 64,
      "Most spill files merged at once; more runs are first merged into fewer, larger ones.");

  public static final ConfigEntry<Boolean> SHUFFLE_COMPRESS = ConfigEntry.bool("spindle.shuffle.compress", true,
      "Compress map output with spindle.io.compression.codec, each reduce partition's segment on its own; the "
          + "shuffle service serves the compressed bytes as they are on disk (their checksums cover them) and the "
          + "reducer decompresses.");

  public static final ConfigEntry<Boolean> SHUFFLE_SPILL_COMPRESS = ConfigEntry.bool("spindle.shuffle.spill.compress",
      true, "Compress the files that shuffle writers, combiners and sorters spill, with spindle.io.compression.codec.");

  public static final ConfigEntry<String> IO_COMPRESSION_CODEC = ConfigEntry.nameOrClassName(
      "spindle.io.compression.codec", "lz4", List.of("lz4", "zstd", "none"),
      "Codec of shuffle output and spills: lz4 (lz4-java, as Spark), zstd (zstd-jni, level 1), none, or the class "
          + "name of an io.spindle.shuffle.codec.CompressionCodec or a Hadoop CompressionCodec on the class path.");

  public static final ConfigEntry<Long> SHUFFLE_FILE_BUFFER = ConfigEntry.bytes("spindle.shuffle.file.buffer", "32k",
      "Buffer of each stream that writes shuffle output and spill files (and of the zstd streams), in bytes.");

  public static final ConfigEntry<String> EXTRA_LISTENERS = ConfigEntry.string("spindle.extraListeners", null,
      "Comma-separated SpindleListener classes (public no-arg constructor) added to every context.");

  public static final ConfigEntry<Boolean> UI_ENABLED = ConfigEntry.bool("spindle.ui.enabled", true,
      "Serve the status UI (HTML page at / and JSON at /api/v1/applications) from the driver; a cluster "
          + "manager may publish it as the application's tracking URL.");

  public static final ConfigEntry<Integer> UI_PORT = ConfigEntry.intInRange("spindle.ui.port", 4040, 0, 65535,
      "Port of the status UI; if busy, the next spindle.port.maxRetries ports are tried (0: any free port).");

  public static final ConfigEntry<Integer> PORT_MAX_RETRIES = ConfigEntry.intInRange("spindle.port.maxRetries", 16,
      0, 1000, "How many following ports a server tries when its port is busy, before giving up "
          + "(the UI then runs without a server and logs a warning).");

  public static final ConfigEntry<Integer> UI_RETAINED_JOBS = ConfigEntry.positiveInt("spindle.ui.retainedJobs", 1000,
      "Finished jobs the status UI remembers; older ones are forgotten (running jobs always stay).");

  public static final ConfigEntry<Integer> UI_RETAINED_STAGES = ConfigEntry.positiveInt("spindle.ui.retainedStages",
      1000, "Finished stage attempts the status UI remembers; older ones are forgotten (running ones always stay).");

  public static final ConfigEntry<Integer> UI_RETAINED_DEAD_EXECUTORS = ConfigEntry.positiveInt(
      "spindle.ui.retainedDeadExecutors", 100, "Removed executors the status UI remembers (/allexecutors).");

  public static final ConfigEntry<Integer> LISTENER_BUS_CAPACITY = ConfigEntry.positiveInt(
      "spindle.scheduler.listenerbus.eventqueue.capacity", 10_000,
      "Events each listener-bus queue (status store, event log, user listeners) holds while its listeners catch "
          + "up; when full, further events are dropped for that queue and counted in a warning, never waited for.");

  public static final ConfigEntry<Long> LISTENER_BUS_STOP_TIMEOUT = ConfigEntry.durationMillis(
      "spindle.scheduler.listenerbus.stopTimeout", "10s",
      "How long closing a context waits, per listener-bus queue, for its listeners to take the events still queued; "
          + "what is left after that is abandoned (and logged).");

  public static final ConfigEntry<String> REDACTION_REGEX = ConfigEntry.string("spindle.redaction.regex",
      "(?i)secret|password|token|access[.]?key|keytab|credential",
      "Settings whose key or value matches this regex are shown as *********(redacted) on the UI's environment "
          + "page and in the event log.");

  public static final ConfigEntry<Boolean> EVENT_LOG_ENABLED = ConfigEntry.bool("spindle.eventLog.enabled", false,
      "Write the application's scheduler events to an event log in spindle.eventLog.dir (Spark's event-log "
          + "format), for the history server.");

  public static final ConfigEntry<String> EVENT_LOG_DIR = ConfigEntry.string("spindle.eventLog.dir",
      "file:/tmp/spindle-events",
      "Directory of the event logs, on any Hadoop filesystem (hdfs:///spindle-history on YARN); it must exist.");

  public static final ConfigEntry<Boolean> EVENT_LOG_COMPRESS = ConfigEntry.bool("spindle.eventLog.compress", false,
      "Compress event logs with Snappy (snappy-java's stream format, file suffix .snappy, as Spark writes it).");

  public static final ConfigEntry<String> HISTORY_LOG_DIRECTORY = ConfigEntry.string(
      "spindle.history.fs.logDirectory", "file:/tmp/spindle-events",
      "Where the history server reads event logs from (any Hadoop filesystem).");

  public static final ConfigEntry<Integer> HISTORY_UI_PORT = ConfigEntry.intInRange("spindle.history.ui.port", 18080, 0,
      65535, "Port of the history server's UI and REST API (0: any free port).");

  public static final ConfigEntry<Long> HISTORY_UPDATE_INTERVAL = ConfigEntry.durationMillis(
      "spindle.history.fs.update.interval", "10s",
      "How often the history server looks for new and updated event logs.");

  public static final ConfigEntry<Boolean> UI_SHOW_CONSOLE_PROGRESS = ConfigEntry.bool(
      "spindle.ui.showConsoleProgress", true,
      "Show Spark's console progress bar ([Stage 3:===>   (45 + 4) / 120]) on stderr while stages run; only when "
          + "stderr is a terminal (bin/spindle-submit checks), never in redirected output.");

  public static final ConfigEntry<Boolean> CLEANER_CLEAN_CHECKPOINTS = ConfigEntry.bool(
      "spindle.cleaner.referenceTracking.cleanCheckpoints", true,
      "Delete this application's checkpoint files (the subdirectory setCheckpointDir created) when the SpindleContext "
          + "closes; false keeps them.");

  // ---- Exclusion (Spark's spark.excludeOnFailure.*; docs/fault-tolerance.md) and speculation (spark.speculation.*).

  public static final ConfigEntry<Boolean> EXCLUDE_ON_FAILURE_ENABLED = ConfigEntry.bool(
      "spindle.excludeOnFailure.enabled", false,
      "Stop scheduling tasks on executors and hosts where tasks failed repeatedly: per task, per stage and, for "
          + "failures in stages that succeeded, per application for spindle.excludeOnFailure.timeout; on YARN also "
          + "keep new executor containers off NodeManagers where containers failed (capped, "
          + "spindle.yarn.excludeOnFailure.maxNodeFraction). A task that can then run nowhere fails its job.");

  public static final ConfigEntry<Long> EXCLUDE_ON_FAILURE_TIMEOUT = ConfigEntry.durationMillis(
      "spindle.excludeOnFailure.timeout", "1h",
      "How long an executor or host excluded for the whole application stays excluded (also YARN's node exclusion).");

  public static final ConfigEntry<Integer> EXCLUDE_TASK_MAX_ATTEMPTS_PER_EXECUTOR = ConfigEntry.positiveInt(
      "spindle.excludeOnFailure.task.maxTaskAttemptsPerExecutor", 1,
      "Failed attempts of one task on one executor before that executor is excluded for the task.");

  public static final ConfigEntry<Integer> EXCLUDE_TASK_MAX_ATTEMPTS_PER_NODE = ConfigEntry.positiveInt(
      "spindle.excludeOnFailure.task.maxTaskAttemptsPerNode", 2,
      "Failed attempts of one task on one host before that host is excluded for the task.");

  public static final ConfigEntry<Integer> EXCLUDE_STAGE_MAX_FAILED_TASKS_PER_EXECUTOR = ConfigEntry.positiveInt(
      "spindle.excludeOnFailure.stage.maxFailedTasksPerExecutor", 2,
      "Different tasks of one stage attempt that may fail on one executor before it is excluded for that stage.");

  public static final ConfigEntry<Integer> EXCLUDE_STAGE_MAX_FAILED_EXECUTORS_PER_NODE = ConfigEntry.positiveInt(
      "spindle.excludeOnFailure.stage.maxFailedExecutorsPerNode", 2,
      "Executors of one host excluded for a stage before the whole host is excluded for that stage.");

  public static final ConfigEntry<Integer> EXCLUDE_APP_MAX_FAILED_TASKS_PER_EXECUTOR = ConfigEntry.positiveInt(
      "spindle.excludeOnFailure.application.maxFailedTasksPerExecutor", 2,
      "Tasks failed on one executor, in stages that then succeeded, within spindle.excludeOnFailure.timeout, "
          + "before it is excluded for the application.");

  public static final ConfigEntry<Integer> EXCLUDE_APP_MAX_FAILED_EXECUTORS_PER_NODE = ConfigEntry.positiveInt(
      "spindle.excludeOnFailure.application.maxFailedExecutorsPerNode", 2,
      "Executors of one host excluded for the application before the host is; on YARN also the executor "
          + "containers that may fail on one NodeManager before it goes to YARN's exclusion list.");

  public static final ConfigEntry<Boolean> EXCLUDE_KILL_EXCLUDED_EXECUTORS = ConfigEntry.bool(
      "spindle.excludeOnFailure.killExcludedExecutors", false,
      "Stop executors when they are excluded for the application (on YARN their containers are released and "
          + "replaced); false keeps them, idle.");

  public static final ConfigEntry<Long> EXCLUDE_UNSCHEDULABLE_TIMEOUT = ConfigEntry.durationMillis(
      "spindle.scheduler.excludeOnFailure.unschedulableTaskSetTimeout", "120s",
      "How long a stage with a task that every live executor is excluded for waits for another executor before "
          + "its job fails, where executors may still come (YARN); with a fixed set of executors (local, "
          + "local-cluster) it fails at once.");

  public static final ConfigEntry<Boolean> SPECULATION = ConfigEntry.bool("spindle.speculation", false,
      "Run a copy of a task that is much slower than the others of its stage on another executor; the first "
          + "attempt to finish wins, the other is killed, and for output only one attempt commits.");

  public static final ConfigEntry<Long> SPECULATION_INTERVAL = ConfigEntry.durationMillis(
      "spindle.speculation.interval", "100ms", "How often the scheduler looks for tasks to speculate.");

  public static final ConfigEntry<Double> SPECULATION_MULTIPLIER = ConfigEntry.positiveNumber(
      "spindle.speculation.multiplier", 1.5,
      "A running task is a straggler when it has run this many times longer than the median successful task.");

  public static final ConfigEntry<Double> SPECULATION_QUANTILE = ConfigEntry.fraction(
      "spindle.speculation.quantile", 0.75,
      "Share of a stage's tasks that must have succeeded before any of its tasks is speculated.");

  public static final ConfigEntry<Long> SPECULATION_MIN_TASK_RUNTIME = ConfigEntry.durationMillis(
      "spindle.speculation.minTaskRuntime", "100ms",
      "A task is never speculated before it has run this long.");

  public static final List<ConfigEntry<?>> ALL = List.of(MASTER, APP_NAME, EXTRA_LISTENERS, TASK_MAX_FAILURES,
      STAGE_MAX_CONSECUTIVE_ATTEMPTS,
      DEFAULT_PARALLELISM, LOCAL_DIR, FILES_MAX_PARTITION_BYTES, MEMORY_FRACTION, MEMORY_STORAGE_FRACTION,
      MEMORY_RESERVED, LOCALITY_WAIT, LOCALITY_WAIT_PROCESS, LOCALITY_WAIT_NODE, LOCALITY_WAIT_RACK,
      EXECUTOR_REGISTRATION_TIMEOUT_MS, EXECUTOR_HEARTBEAT_INTERVAL_MS, NETWORK_TIMEOUT_MS, NETWORK_CRYPTO_ENABLED,
      IO_ENCRYPTION_ENABLED,
      EXECUTOR_LOSS_REASON_TIMEOUT,
      EXECUTOR_STAGE_BODY_CACHE, EXECUTOR_MAIN_CLASS, EXECUTOR_EXTRA_CLASSPATH, REDUCER_MAX_SIZE_IN_FLIGHT,
      MEMORY_TESTING_MAX_BYTES, SHUFFLE_SPILL_INITIAL_MEMORY, SHUFFLE_SPILL_FORCE_THRESHOLD,
      SHUFFLE_SPILL_MERGE_FACTOR, SHUFFLE_COMPRESS, SHUFFLE_SPILL_COMPRESS, IO_COMPRESSION_CODEC,
      SHUFFLE_FILE_BUFFER, UI_ENABLED, UI_PORT, PORT_MAX_RETRIES, UI_RETAINED_JOBS, UI_RETAINED_STAGES,
      UI_RETAINED_DEAD_EXECUTORS, LISTENER_BUS_CAPACITY, LISTENER_BUS_STOP_TIMEOUT,
      REDACTION_REGEX, EVENT_LOG_ENABLED, EVENT_LOG_DIR, EVENT_LOG_COMPRESS, HISTORY_LOG_DIRECTORY, HISTORY_UI_PORT,
      HISTORY_UPDATE_INTERVAL, UI_SHOW_CONSOLE_PROGRESS, CLEANER_CLEAN_CHECKPOINTS,
      EXCLUDE_ON_FAILURE_ENABLED, EXCLUDE_ON_FAILURE_TIMEOUT, EXCLUDE_TASK_MAX_ATTEMPTS_PER_EXECUTOR,
      EXCLUDE_TASK_MAX_ATTEMPTS_PER_NODE, EXCLUDE_STAGE_MAX_FAILED_TASKS_PER_EXECUTOR,
      EXCLUDE_STAGE_MAX_FAILED_EXECUTORS_PER_NODE, EXCLUDE_APP_MAX_FAILED_TASKS_PER_EXECUTOR,
      EXCLUDE_APP_MAX_FAILED_EXECUTORS_PER_NODE, EXCLUDE_KILL_EXCLUDED_EXECUTORS, EXCLUDE_UNSCHEDULABLE_TIMEOUT,
      SPECULATION, SPECULATION_INTERVAL,
      SPECULATION_MULTIPLIER, SPECULATION_QUANTILE, SPECULATION_MIN_TASK_RUNTIME);
}
