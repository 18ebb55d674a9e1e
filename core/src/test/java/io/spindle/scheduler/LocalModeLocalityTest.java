package io.spindle.scheduler;

import io.spindle.function.TaskLocality;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.spindle.Rdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.SpindleListener;
import io.spindle.rdd.RddNode;
import io.spindle.task.EngineTaskContext;
import io.spindle.rdd.Partition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Local mode has one executor on localhost: input on other machines must not wait for them, even
 * with a locality wait of an hour, and listeners see where each task ran.
 */
class LocalModeLocalityTest {

  /**
   * Partition i holds the number i; even partitions live on localhost, odd ones on other machines.
   * A custom lineage node: it extends the engine's {@link RddNode} and is used through {@code Rdd.wrap}.
   */
  static final class HostPreferringRdd extends RddNode<Integer> {
    private static final long serialVersionUID = 1L;
    private final int numPartitions;

    HostPreferringRdd(SpindleContext context, int numPartitions) {
      super(context.rddContext());
      this.numPartitions = numPartitions;
    }

    @Override
    protected Partition[] computePartitions() {
      Partition[] out = new Partition[numPartitions];
      for (int i = 0; i < numPartitions; i++) {
        int index = i;
        out[i] = () -> index;
      }
      return out;
    }

    @Override
    public List<String> preferredLocations(Partition partition) {
      return partition.index() % 2 == 0 ? List.of("localhost") : List.of("datanode-7.invalid", "datanode-9.invalid");
    }

    @Override
    public Iterator<Integer> compute(Partition split, EngineTaskContext context) {
      return List.of(split.index()).iterator();
    }
  }

  @Test
  void tasksPreferringOtherMachinesRunAtOnceAndRecordTheirLocality() {
    List<SpindleListener.TaskInfo> ended = new CopyOnWriteArrayList<>();
    SpindleConf conf = new SpindleConf(false).setMaster("local[2]").set("spindle.locality.wait", "1h");
    try (SpindleContext ctx = new SpindleContext(conf)) {
      ctx.addListener(new SpindleListener() {
        @Override
        public void onTaskEnd(TaskInfo task) {
          ended.add(task);
        }
      });
      List<Integer> result = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> Rdd.wrap(new HostPreferringRdd(ctx, 10)).map(x -> x * 10).collect());
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        expected.add(i * 10);
      }
      assertEquals(expected, result);
    }
    Map<Integer, TaskLocality> byPartition = new TreeMap<>();
    for (SpindleListener.TaskInfo t : ended) {
      byPartition.put(t.partition(), t.locality());
    }
    assertEquals(10, byPartition.size());
    byPartition.forEach((p, locality) ->
        assertEquals(p % 2 == 0 ? TaskLocality.NODE_LOCAL : TaskLocality.ANY, locality, "partition " + p));
  }
}
