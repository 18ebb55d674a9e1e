package io.spindle.scheduler;

import io.spindle.function.PartitionFunction;
import java.util.ArrayList;
import java.util.List;

/** The last stage of a job: applies the action's function to the requested partitions. */
final class ResultStage extends Stage {
  final PartitionFunction<?, ?> function;
  final ActiveJob job;

  ResultStage(int id, ActiveJob job, List<ShuffleMapStage> parents) {
    super(id, job.rdd, parents);
    this.job = job;
    this.function = job.function;
  }

  @Override
  List<Integer> missingPartitions() {
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < job.partitions.length; i++) {
      if (!job.finished[i]) {
        missing.add(job.partitions[i]);
      }
    }
    return missing;
  }

  @Override
  StageBody body() {
    return new StageBody.ResultBody(rdd, function);
  }

  @Override
  String name() {
    return "result stage " + id + " (" + rdd + ")";
  }
}
