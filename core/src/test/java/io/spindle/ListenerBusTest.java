package io.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.config.SpindleConfigs;
import io.spindle.scheduler.BlockUpdateInfo;
import io.spindle.scheduler.EngineListener;
import io.spindle.scheduler.ListenerBus;
import io.spindle.scheduler.StageDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Listeners run on the asynchronous bus: a listener that takes a second per event neither slows a
 * 200-task job down nor blocks it; it gets every event up to its queue's bound, in order, and the
 * rest are dropped and counted in the log. The reference order is what a listener on the
 * scheduler's own thread saw.
 */
class ListenerBusTest {
  private static final int CAPACITY = 5;

  /** The kinds a 200-task job's scheduler posts besides its 404 job, stage and task events. */
  private static final List<String> OTHER_KINDS = List.of("jobStages", "executorAdded", "executorRemoved",
      "blockManagerAdded", "blockUpdated");

  /**
   * Names each event so two listeners' sequences can be compared: every kind the scheduler posts as
   * an event of its own (an engine listener hears the job's stage details, executor and block events
   * too), since each takes a place in the bounded queue whether a listener cares or not.
   */
  private static class Recorder implements EngineListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    void record(String event) {
      events.add(event);
    }

    @Override
    public void onJobStages(int jobId, List<StageDetails> stages) {
      record("jobStages " + jobId);
    }

    @Override
    public void onExecutorAdded(ExecutorInfo info, java.util.Map<String, String> logUrls) {
      record("executorAdded " + info.executorId());
    }

    @Override
    public void onExecutorRemoved(String executorId, String reason) {
      record("executorRemoved " + executorId);
    }

    @Override
    public void onBlockManagerAdded(String executorId, String host, long maxMemory) {
      record("blockManagerAdded " + executorId);
    }

    @Override
    public void onBlockUpdated(BlockUpdateInfo update) {
      record("blockUpdated " + update.blockId() + " " + update.memorySize() + " " + update.diskSize());
    }

    @Override
    public void onJobStart(int jobId, List<Integer> stageIds) {
      record("jobStart " + jobId);
    }

    @Override
    public void onStageSubmitted(StageInfo stage) {
      record("stageSubmitted " + stage.stageId());
    }

    @Override
    public void onTaskStart(TaskStartInfo task) {
      record("taskStart " + task.taskId());
    }

    @Override
    public void onTaskEnd(TaskInfo task) {
      record("taskEnd " + task.taskId());
    }

    @Override
    public void onStageCompleted(StageInfo stage) {
      record("stageCompleted " + stage.stageId());
    }

    @Override
    public void onJobEnd(int jobId, boolean succeeded) {
      record("jobEnd " + jobId);
    }
  }

  /** Sleeps a second on every event (a listener writing to a slow remote system). */
  private static final class SlowListener extends Recorder {
    @Override
    void record(String event) {
      super.record(event);
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Collects the log lines of the listener queues. */
  private static final class Captured extends AppenderSkeleton {
    final List<String> warnings = new CopyOnWriteArrayList<>();

    @Override
    protected void append(LoggingEvent event) {
      if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
        warnings.add(event.getRenderedMessage());
      }
    }

    @Override
    public void close() {}

    @Override
    public boolean requiresLayout() {
      return false;
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aListenerSleepingASecondPerEventNeitherBlocksNorSlowsA200TaskJob() {
    Captured log = new Captured();
    Logger queueLogger = Logger.getLogger("io.spindle.scheduler.AsyncEventQueue");
    queueLogger.addAppender(log);
    SlowListener slow = new SlowListener();
    Recorder reference = new Recorder();
    try (SpindleContext ctx = new SpindleContext(new SpindleConf(false).setMaster("local[4]")
        .set(SpindleConfigs.LISTENER_BUS_CAPACITY.key(), String.valueOf(CAPACITY))
        .set(SpindleConfigs.UI_ENABLED.key(), "false"))) {
      // The context's own first events (application start, environment) are not the scheduler's:
      // delivered before the recorders join, so the queue holds only what both of them hear.
      assertTrue(ctx.waitForListeners(60_000));
      ctx.addListenerOnSchedulerThread(reference);
      ctx.addListener(slow);
      List<Integer> data = IntStream.range(0, 1_000).boxed().collect(Collectors.toList());

      assertEquals(1_000L, ctx.parallelize(data, 200).count());
      int slowHeard = slow.events.size();
      int posted = reference.events.size();
      // The reference hears each event on the scheduler thread as it is posted. Had the scheduler
      // waited on the slow listener (1 s per event), that one would have heard as many by now.
      assertTrue(slowHeard < posted, "the job ended when the slow listener had heard " + slowHeard + " of the "
          + posted + " events posted");

      assertTrue(ctx.waitForListeners(60_000), "the slow listener caught up with what was queued");
      List<String> all = new ArrayList<>(reference.events);
      assertEquals(1 + 1 + 200 + 200 + 1 + 1,
          all.stream().filter(e -> !OTHER_KINDS.contains(e.substring(0, e.indexOf(' ')))).count(),
          "job, stage and task events on the scheduler thread: " + all);
      long dropped = ctx.listenerBus().droppedCount(ListenerBus.SHARED);
      List<String> got = new ArrayList<>(slow.events);
      assertTrue(dropped > 0, "the queue of " + CAPACITY + " overflowed");
      assertEquals(all.size(), got.size() + dropped, "every event was either delivered or counted as dropped");
      assertTrue(got.size() >= CAPACITY, "at least the queue's bound was delivered: " + got);
      // Delivered events come in posting order, and the first ones are exactly the first posted.
      assertEquals(all.subList(0, CAPACITY), got.subList(0, CAPACITY));
      assertTrue(all.containsAll(got));
      for (int i = 1; i < got.size(); i++) {
        assertTrue(all.indexOf(got.get(i - 1)) < all.indexOf(got.get(i)), "out of order at " + i + ": " + got);
      }

      assertTrue(log.warnings.stream().anyMatch(m -> m.startsWith("Dropping event from listener queue 'shared'")),
          "first drop warned: " + log.warnings);
      ctx.close();
      String total = "(" + dropped + " in total)";
      assertTrue(log.warnings.stream().anyMatch(m -> m.contains("from listener queue 'shared'") && m.endsWith(total)),
          "the count was logged at close: " + log.warnings);
    } finally {
      queueLogger.removeAppender(log);
    }
  }
}
