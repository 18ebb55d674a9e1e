package io.spindle.it.yarn.apps;

import io.spindle.SpindleContext;
import io.spindle.function.SpindleListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The task ends an app reports to its test: every successful attempt as "partition executor" and
 * every failed one as "partition executor failure" (the failure on one line). Listeners run on the
 * bus, so {@link #writeTo} first waits for it to drain.
 */
final class TaskOutcomes implements SpindleListener {
  private final List<String> succeeded = new CopyOnWriteArrayList<>();
  private final List<String> failed = new CopyOnWriteArrayList<>();

  /** Listens to {@code ctx}'s task ends. */
  static TaskOutcomes of(SpindleContext ctx) {
    TaskOutcomes outcomes = new TaskOutcomes();
    ctx.addListener(outcomes);
    return outcomes;
  }

  @Override
  public void onTaskEnd(TaskInfo task) {
    if (task.succeeded()) {
      succeeded.add(task.partition() + " " + task.executorId());
    } else {
      failed.add(task.partition() + " " + task.executorId() + " " + task.failure().replace('\n', ' '));
    }
  }

  /** Writes {@code <dir>/tasks} (successes, if {@code withSuccesses}) and {@code <dir>/failures}. */
  void writeTo(SpindleContext ctx, FileSystem fs, Path dir, boolean withSuccesses) {
    if (!ctx.waitForListeners(30_000)) {
      throw new IllegalStateException("the listener bus did not drain");
    }
    if (withSuccesses) {
      Markers.write(fs, new Path(dir, "tasks"), String.join("\n", succeeded));
    }
    Markers.write(fs, new Path(dir, "failures"), String.join("\n", failed));
  }
}
