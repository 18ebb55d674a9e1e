package io.spindle.rdd;

import io.spindle.config.Settings;
import io.spindle.function.PartitionFunction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver as lineage nodes see it: ids for new RDDs and shuffles, the configuration, and a way
 * to run a job (sampling for a range partitioner, counting for zipWithIndex, writing output).
 * {@link io.spindle.SpindleContext} creates and owns the one implementation; the engine never
 * names the public context.
 */
public interface RddContext {
  int newRddId();

  int newShuffleId();

  String applicationId();

  Settings conf();

  Configuration hadoopConf();

  /** {@code spindle.default.parallelism} if set, else null. */
  Integer configuredParallelism();

  /** The directory checkpoints are written to ({@code setCheckpointDir}), or null if none is set. */
  default String checkpointDir() {
    return null;
  }

  /** Drops an RDD's cached blocks on every executor. */
  void removeRdd(int rddId);

  /** Runs {@code function} on the given partitions of {@code rdd}, handing each result to {@code resultHandler}. */
  <T, U> void runJob(RddNode<T> rdd, PartitionFunction<T, U> function, int[] partitions,
      BiConsumer<Integer, U> resultHandler);

  /** Runs {@code function} on the given partitions of {@code rdd}; results in the order asked. */
  default <T, U> List<U> runJob(RddNode<T> rdd, PartitionFunction<T, U> function, int[] partitions) {
    List<U> results = new ArrayList<>(Collections.nCopies(partitions.length, null));
    runJob(rdd, function, partitions, results::set);
    return results;
  }

  /** Runs {@code function} on every partition of {@code rdd}; results in partition order. */
  default <T, U> List<U> runJob(RddNode<T> rdd, PartitionFunction<T, U> function) {
    int[] all = new int[rdd.partitions().length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return runJob(rdd, function, all);
  }
}
