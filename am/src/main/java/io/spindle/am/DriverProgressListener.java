package io.spindle.am;

import io.spindle.function.SpindleListener;

/**
 * Feeds {@link DriverProgress} from the scheduler's events. The AM adds it to every context the
 * user's main creates through {@code spindle.extraListeners}, which needs a no-arg constructor.
 */
public final class DriverProgressListener implements SpindleListener {
  @Override
  public void onStageSubmitted(StageInfo stage) {
    DriverProgress.INSTANCE.stageSubmitted(stage.numTasks());
  }

  @Override
  public void onTaskEnd(TaskInfo task) {
    DriverProgress.INSTANCE.taskEnded(task.succeeded());
  }
}
