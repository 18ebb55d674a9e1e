package io.spindle;

import io.spindle.function.SpindleListener;
import java.util.List;

/** Records every task end into a list: how the local-cluster tests see where and how tasks ran. */
final class TaskEnds implements SpindleListener {
  private final List<TaskInfo> into;

  TaskEnds(List<TaskInfo> into) {
    this.into = into;
  }

  @Override
  public void onTaskEnd(TaskInfo task) {
    into.add(task);
  }
}
