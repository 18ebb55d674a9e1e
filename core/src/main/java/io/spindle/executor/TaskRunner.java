package io.spindle.executor;

import io.spindle.rdd.RddNode;
import io.spindle.task.EngineTaskContext;
import io.spindle.env.ExecutorEnv;
import io.spindle.function.Pair;
import io.spindle.accumulator.TaskAccumulators;
import io.spindle.rdd.ShuffleDependency;
import io.spindle.function.PartitionFunction;
import io.spindle.scheduler.StageBody;
import io.spindle.scheduler.TaskDescription;
import io.spindle.scheduler.TaskResult;
import io.spindle.serializer.ClosureSerializer;
import io.spindle.shuffle.FetchFailedException;
import io.spindle.shuffle.MapStatus;

/**
 * Runs one task attempt in the current thread: deserializes the stage body, computes the
 * partition through the stage's pipelined iterator chain, and writes map output or applies the
 * action's function. Any throwable becomes a failed {@link TaskResult}; if the shuffle read path
 * recorded a fetch failure in the task's context, the attempt reports that fetch failure.
 */
public final class TaskRunner {
  private final ExecutorEnv env;
  private final int shuffleServicePort;

  /** @param shuffleServicePort port that serves this executor's map outputs, or -1 for local reads */
  public TaskRunner(ExecutorEnv env, int shuffleServicePort) {
    this.env = env;
    this.shuffleServicePort = shuffleServicePort;
  }

  public TaskResult run(TaskDescription task) {
    long startNanos = System.nanoTime();
    long startGc = totalGcMillis();
    EngineTaskContext context = new EngineTaskContext(task.stageId(), task.stageAttempt(), task.partitionIndex(),
        task.attemptNumber(), task.taskId(), env);
    context.bind();
    TaskAccumulators.begin(); // accumulator copies in the closure register as it is deserialized
    TaskResult result;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      StageBody body = (StageBody) ClosureSerializer.deserialize(task.taskBinary(), loader);
      Object value;
      if (body instanceof StageBody.MapBody map) {
        value = runMap(task, context, map.rdd(), map.dependency());
      } else {
        value = runResult(context, task, ((StageBody.ResultBody) body));
      }
      result = TaskResult.success(value, TaskAccumulators.collect());
    } catch (Throwable t) {
      result = TaskResult.failed(t);
    }
    if (context.fetchFailed() != null && !(result.failure() instanceof FetchFailedException)) {
      // The shuffle read failed, but user code caught that and threw something else, or carried on
      // without a map output's records: either way the cause is lost map output, not the user's code.
      result = TaskResult.failed(context.fetchFailed());
    }
    TaskResult completed = complete(context, task, result); // exactly once, whatever happened
    context.metrics().setRunTimes(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
        totalGcMillis() - startGc);
    return completed;
  }

  /** Collection time of every garbage collector of this JVM so far, in ms (Spark's JVM GC Time source). */
  static long totalGcMillis() {
    long total = 0;
    for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory
        .getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** Ends the attempt: completion listeners (e.g. spill files deleted), memory released, metrics attached. */
  private TaskResult complete(EngineTaskContext context, TaskDescription task, TaskResult result) {
    try {
      TaskAccumulators.end();
      context.complete();
    } finally {
      env.memoryManager().releaseAllExecutionMemory(task.taskId()); // whatever a failed task left
    }
    return result.withMetrics(context.metrics());
  }

  private MapStatus runMap(TaskDescription task, EngineTaskContext context, RddNode<?> rdd,
      ShuffleDependency<?, ?, ?> dep) throws Exception {
    long[] sizes = writeMapOutput(task, context, rdd, dep);
    return new MapStatus(task.partitionIndex(), env.executorId(), env.host(), shuffleServicePort, sizes);
  }

  @SuppressWarnings("unchecked")
  private <K, V, C> long[] writeMapOutput(TaskDescription task, EngineTaskContext context, RddNode<?> rdd,
      ShuffleDependency<K, V, C> dep) throws Exception {
    RddNode<Pair<K, V>> input = (RddNode<Pair<K, V>>) rdd;
    return env.<K, V, C>newShuffleWriter().write(context, dep.shuffleId(), task.partitionIndex(), "t" + task.taskId(),
        input.iterator(task.partition(), context), dep.partitioner(), dep.aggregator(), dep.mapSideCombine());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object runResult(EngineTaskContext context, TaskDescription task, StageBody.ResultBody body) throws Exception {
    PartitionFunction f = body.function();
    return f.apply(context, body.rdd().iterator(task.partition(), context));
  }
}
