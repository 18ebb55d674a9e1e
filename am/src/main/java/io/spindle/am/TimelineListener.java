package io.spindle.am;

import io.spindle.function.SpindleListener;
import io.spindle.am.AmTimeline.Milestone;
import java.util.List;

/** Notes the first job's start and the last job's end in {@link AmTimeline} (added like DriverProgressListener). */
public final class TimelineListener implements SpindleListener {
  @Override
  public void onJobStart(int jobId, List<Integer> stageIds) {
    AmTimeline.INSTANCE.first(Milestone.FIRST_JOB_START);
  }

  @Override
  public void onJobEnd(int jobId, boolean succeeded) {
    AmTimeline.INSTANCE.last(Milestone.LAST_JOB_END);
  }
}
