package io.spindle.executor.remote;

import io.spindle.config.Settings;
import io.spindle.config.SpindleConfigs;
import io.spindle.env.ExecutorEnv;
import io.spindle.executor.TaskRunner;
import io.spindle.function.TaskKilledException;
import io.spindle.memory.UnifiedMemoryManager;
import io.spindle.rdd.Partition;
import io.spindle.rpc.RpcClient;
import io.spindle.rpc.RpcConnection;
import io.spindle.rpc.RpcMessage;
import io.spindle.rpc.RpcProtocol;
import io.spindle.rpc.StageBodyLru;
import io.spindle.rpc.TaskResultSerializer;
import io.spindle.scheduler.TaskDescription;
import io.spindle.scheduler.TaskResult;
import io.spindle.serializer.ClosureSerializer;
import io.spindle.serializer.KryoSerializer;
import io.spindle.shuffle.RemoteShuffleBlockSource;
import io.spindle.shuffle.ShuffleReader;
import io.spindle.shuffle.client.ShuffleClient;
import io.spindle.shuffle.client.ShuffleClientOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;

/**
 * One executor: registers with the driver and with the shuffle service, keeps the stage bodies
 * the driver sends (by stage attempt, LRU), runs tasks on {@code cores} threads, reports their
 * results, and heartbeats. Ends when the driver says so, when its connection closes, or when the
 * driver stops answering heartbeats for {@code spindle.network.timeoutMs}.
 */
final class ExecutorProcess {
  static final int EXIT_SHUTDOWN = 0;
  static final int EXIT_DRIVER_GONE = 3;
  static final int EXIT_DRIVER_SILENT = 4;

  private volatile ExecutorSettings settings; // the shuffle port may come from the driver
  private final CountDownLatch exit = new CountDownLatch(1);
  private volatile int exitCode = EXIT_DRIVER_GONE;
  private final CompletableFuture<TaskRunner> runner = new CompletableFuture<>();
  private final ExecutorService taskThreads;
  private final RpcClient rpc = new RpcClient();
  private StageBodyLru<byte[]> bodies; // on the connection's thread only; sized by the driver's conf
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong finished = new AtomicLong();
  private final RunningTasks tasks = new RunningTasks();
  private volatile long lastAckNanos = System.nanoTime();
  private volatile DriverRequests requests;
  private RpcMapOutputLocator locator;
  private volatile ExecutorEnv env; // null until registered: then no broadcast is held yet
  private final Thread fileSystemWarmup;
  /** Longest a task waits for the filesystem warm-up; a warm-up stuck (e.g. on DNS) then just runs beside. */
  static final long WARMUP_WAIT_MS = 20_000;

  /**
   * {@code fileSystemWarmup}: the thread creating this process's Hadoop filesystem client (may be
   * null), which tasks wait for, at most {@link #WARMUP_WAIT_MS}: a first task that asked for the
   * filesystem while it was still being created would create a second client beside it and throw
   * one away (~0.2 s of CPU per executor on the project's VM; docs/benchmarks.md).
   */
  ExecutorProcess(ExecutorSettings settings, Thread fileSystemWarmup) {
    this.settings = settings;
    this.fileSystemWarmup = fileSystemWarmup;
    AtomicInteger n = new AtomicInteger();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    this.taskThreads = Executors.newFixedThreadPool(settings.cores(), r -> {
      Thread t = new Thread(r, "spindle-task-" + n.incrementAndGet());
      t.setDaemon(true);
      t.setContextClassLoader(loader);
      return t;
    });
  }

  /** Runs until told to stop; returns the process exit code. */
  int run() throws Exception {
    RpcMessage.RegisterExecutor registration = new RpcMessage.RegisterExecutor(settings.executorId(),
        settings.host(), settings.cores(), settings.localDirs(), settings.shuffleHost(), settings.shufflePort());
    try (rpc) {
      RpcConnection driver = rpc.connect(settings.driverHost(), settings.driverPort(), settings.appId(),
          settings.secret(), RpcProtocol.VERSION, registration, this::onMessage, this::onDriverGone, 60_000);
      System.err.println(StartupTimeline.registered(settings.executorId())); // read by bench/yarn-submit.sh
      Settings conf = driverConf();
      adoptShuffleServiceAddress(conf);
      requests = new DriverRequests(driver, conf.get(SpindleConfigs.NETWORK_TIMEOUT_MS));
      locator = new RpcMapOutputLocator(requests);
      ShuffleClientOptions options = ShuffleClientOptions.defaults()
          .withMaxBytesInFlight(conf.get(SpindleConfigs.REDUCER_MAX_SIZE_IN_FLIGHT))
          .withEncryption(conf.get(SpindleConfigs.NETWORK_CRYPTO_ENABLED));
      try (ShuffleClient shuffle = new ShuffleClient(settings.secret(), options)) {
        shuffle.registerExecutor(settings.shuffleHost(), settings.shufflePort(), settings.appId(),
            settings.executorId(), settings.localDirs());
        env = newEnv(conf, shuffle);
        String executorId = settings.executorId();
        driver.send(new RpcMessage.RegisterBlockStore(executorId, env.memoryManager().maxMemory()));
        // The driver's status store and dynamic allocation learn what this executor caches.
        env.blockStore().setUpdateListener(u -> driver.send(new RpcMessage.BlockUpdate(executorId, u.blockId(),
            u.level().name(), u.memorySize(), u.diskSize())));
        runner.complete(new TaskRunner(env, settings.shufflePort()));
        ScheduledExecutorService heartbeats = startHeartbeats(driver, conf);
        exit.await();
        heartbeats.shutdownNow();
        taskThreads.shutdownNow();
        taskThreads.awaitTermination(5, TimeUnit.SECONDS);
        if (exitCode == EXIT_SHUTDOWN) { // still connected: the driver waits for this before it stops the container
          System.err.println(StartupTimeline.resources(settings.executorId()));
          // The node's archive is written once and serves every later executor there: one that ran no
          // task (it registered after the job ended) has not loaded the task path's classes, and an
          // archive of its ~3,900 classes instead of ~5,500 made every later executor on that node
          // load the rest from the jars (docs/benchmarks.md, session 17).
          String cds = finished.get() > 0 ? io.spindle.cluster.ClassDataArchive.atOrderlyEnd()
              : "Class-data sharing archive not written: this executor ran no task";
          if (cds != null) {
            System.err.println(cds);
          }
        }
      }
    } finally {
      runner.completeExceptionally(new IllegalStateException("executor is stopping"));
    }
    return exitCode;
  }

  /**
   * Port 0 in {@code SPINDLE_SHUFFLE_SERVICE} means "the driver tells": in YARN the NodeManager's
   * shuffle port is only known once the container started, so the AM sends it in the registration
   * reply ({@link io.spindle.cluster.ExecutorLauncher#SHUFFLE_SERVICE_KEY}).
   */
  private void adoptShuffleServiceAddress(Settings conf) {
    if (settings.shufflePort() != 0) {
      return;
    }
    String address = conf.getAll().get(io.spindle.cluster.ExecutorLauncher.SHUFFLE_SERVICE_KEY);
    int colon = address == null ? -1 : address.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalStateException("The driver did not send the shuffle service's address ("
          + io.spindle.cluster.ExecutorLauncher.SHUFFLE_SERVICE_KEY + ") although SPINDLE_SHUFFLE_SERVICE has port 0");
    }
    settings = settings.withShufflePort(Integer.parseInt(address.substring(colon + 1)));
  }

  /** The application's configuration, as the driver sent it at registration. */
  private Settings driverConf() {
    Settings conf = new Settings(false);
    for (Map.Entry<String, String> e : rpc.registered().conf().entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    return conf;
  }

  private ExecutorEnv newEnv(Settings conf, ShuffleClient shuffle) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    KryoSerializer serializer = new KryoSerializer(loader);
    Configuration hadoop = Settings.hadoopConfiguration(conf);
    Path[] dirs = settings.localDirs().stream().map(Path::of).toArray(Path[]::new);
    UnifiedMemoryManager memory = UnifiedMemoryManager.fromConf(conf);
    ShuffleReader reader = new ShuffleReader(serializer, locator,
        new RemoteShuffleBlockSource(shuffle, settings.appId()), io.spindle.shuffle.codec.ShuffleCompression.of(conf,
        conf.get(SpindleConfigs.IO_ENCRYPTION_ENABLED)
            ? io.spindle.shuffle.codec.EncryptedCodec.keyOf(settings.secret()) : null));
    return new ExecutorEnv(settings.executorId(), settings.host(), conf, hadoop, serializer, dirs, reader,
        new RpcCommitCoordinator(requests), memory, new RpcBroadcastSource(requests));
  }

  private ScheduledExecutorService startHeartbeats(RpcConnection driver, Settings conf) {
    long interval = conf.get(SpindleConfigs.EXECUTOR_HEARTBEAT_INTERVAL_MS);
    long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(conf.get(SpindleConfigs.NETWORK_TIMEOUT_MS));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spindle-heartbeat");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      if (System.nanoTime() - lastAckNanos > timeoutNanos) {
        System.err.println("The driver has not answered heartbeats for " + conf.get(SpindleConfigs.NETWORK_TIMEOUT_MS)
            + " ms (spindle.network.timeoutMs): exiting");
        stop(EXIT_DRIVER_SILENT);
        return;
      }
      Runtime rt = Runtime.getRuntime();
      driver.send(new RpcMessage.Heartbeat(settings.executorId(), running.get(), finished.get(),
          rt.totalMemory() - rt.freeMemory()));
    }, 0, interval, TimeUnit.MILLISECONDS);
    return timer;
  }

  /** Driver messages, in order, on the connection's thread: never blocks. */
  private void onMessage(RpcConnection driver, RpcMessage message) {
    if (bodies == null) { // same capacity as the driver's mirror of this cache
      bodies = new StageBodyLru<>(driverConf().get(SpindleConfigs.EXECUTOR_STAGE_BODY_CACHE));
    }
    if (message instanceof RpcMessage.StageBody body) {
      bodies.put(body.stageId(), body.stageAttempt(), body.body());
    } else if (message instanceof RpcMessage.LaunchTask launch) {
      byte[] body = bodies.get(launch.stageId(), launch.stageAttempt());
      running.incrementAndGet();
      tasks.accepted(launch.taskId());
      taskThreads.execute(() -> runTask(driver, launch, body));
    } else if (message instanceof RpcMessage.KillTask kill) {
      tasks.kill(kill.taskId(), kill.interrupt(), kill.reason()); // the attempt reports itself killed when it ends
    } else if (message instanceof RpcMessage.StageEnded ended) {
      bodies.remove(ended.stageId(), ended.stageAttempt());
    } else if (message instanceof RpcMessage.RemoveBroadcast remove) {
      ExecutorEnv current = env;
      if (current != null) { // before LAUNCH_TASKs sent after it: those tasks fetch the value anew
        current.broadcastManager().dropLocalCopy(remove.broadcastId());
      }
    } else if (message instanceof RpcMessage.RemoveRdd remove) {
      ExecutorEnv current = env;
      if (current != null) { // reports each dropped block to the driver (BLOCK_UPDATE, level NONE)
        current.blockStore().removeRdd(remove.rddId());
      }
    } else if (message instanceof RpcMessage.UpdateCredentials update) {
      ExecutorCredentials.add(update.credentials());
    } else if (message instanceof RpcMessage.MapOutputs outputs) {
      answered(outputs.requestId(), outputs);
    } else if (message instanceof RpcMessage.BroadcastData data) {
      answered(data.requestId(), data);
    } else if (message instanceof RpcMessage.CommitAnswer commit) {
      answered(commit.requestId(), commit);
    } else if (message instanceof RpcMessage.HeartbeatAck) {
      lastAckNanos = System.nanoTime();
    } else if (message instanceof RpcMessage.Shutdown shutdown) {
      System.err.println("Executor " + settings.executorId() + " shutting down: " + shutdown.reason());
      stop(EXIT_SHUTDOWN);
    } else if (message instanceof RpcMessage.Error error) {
      System.err.println("The driver reported an error: " + error.message());
      stop(EXIT_DRIVER_GONE);
    }
  }

  private void answered(long requestId, RpcMessage answer) {
    DriverRequests r = requests; // set before any task runs, hence before any request
    if (r != null) {
      r.answered(requestId, answer);
    }
  }

  private void runTask(RpcConnection driver, RpcMessage.LaunchTask launch, byte[] body) {
    TaskResult result;
    String killedBeforeStart = tasks.started(launch.taskId());
    try {
      if (killedBeforeStart != null) {
        throw new TaskKilledException(killedBeforeStart);
      }
      if (body == null) {
        throw new IllegalStateException("Executor " + settings.executorId() + " has no stage body for stage "
            + launch.stageId() + "." + launch.stageAttempt() + " (driver and executor disagree on its cache)");
      }
      TaskRunner taskRunner = runner.join();
      if (fileSystemWarmup != null) {
        fileSystemWarmup.join(WARMUP_WAIT_MS); // returns at once once it ended
      }
      Partition partition = (Partition) ClosureSerializer.deserialize(launch.partition(),
          Thread.currentThread().getContextClassLoader());
      result = taskRunner.run(new TaskDescription(launch.taskId(), launch.stageId(), launch.stageAttempt(), partition,
          launch.attemptNumber(), body));
    } catch (Throwable t) {
      result = TaskResult.failed(t);
    }
    String killed = tasks.ended(launch.taskId());
    if (killed != null && !(result.failure() instanceof TaskKilledException)) {
      // Killed: whatever the attempt ended with (an InterruptedException, or a result if it ignored the
      // interrupt), the driver hears "killed"; output it wrote was never allowed to commit.
      result = TaskResult.failed(new TaskKilledException(killed)).withMetrics(result.metrics());
    }
    running.decrementAndGet();
    finished.incrementAndGet();
    driver.send(new RpcMessage.StatusUpdate(launch.taskId(), TaskResultSerializer.serialize(result)));
  }

  private void onDriverGone() {
    if (exit.getCount() > 0) {
      System.err.println("The connection to the driver closed: exiting");
    }
    stop(EXIT_DRIVER_GONE);
  }

  private synchronized void stop(int code) {
    if (exit.getCount() > 0) {
      exitCode = code;
      exit.countDown();
    }
  }
}
