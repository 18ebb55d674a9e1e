package io.spindle.scheduler;

import io.spindle.rdd.RddNode;
import io.spindle.rdd.Dependency;
import io.spindle.rdd.NarrowDependency;
import io.spindle.rdd.ShuffleDependency;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts lineage into stages at shuffle dependencies and remembers the shuffle map stages, so a
 * later job that reads the same shuffle reuses the stage (and skips it if its outputs exist).
 * Used only on the DAG scheduler's event thread.
 */
final class StageGraph {
  private final Map<Integer, ShuffleMapStage> shuffleStages = new HashMap<>();
  private final Map<Integer, Stage> stages = new LinkedHashMap<>();
  private int nextStageId;

  Stage stage(int stageId) {
    return stages.get(stageId);
  }

  /** The map stage that writes {@code shuffleId}, or null if no job needed it yet. */
  ShuffleMapStage shuffleMapStage(int shuffleId) {
    return shuffleStages.get(shuffleId);
  }

  /** Every shuffle map stage known, finished ones included. */
  java.util.Collection<ShuffleMapStage> shuffleMapStages() {
    return shuffleStages.values();
  }

  ResultStage newResultStage(ActiveJob job) {
    ResultStage stage = new ResultStage(nextStageId++, job, parentStages(job.rdd, job.jobId));
    stage.jobIds.add(job.jobId);
    stages.put(stage.id, stage);
    return stage;
  }

  /** The shuffle map stages directly upstream of {@code rdd}, created as needed (with their own parents). */
  private List<ShuffleMapStage> parentStages(RddNode<?> rdd, int jobId) {
    List<ShuffleMapStage> parents = new ArrayList<>();
    for (ShuffleDependency<?, ?, ?> dep : nearestShuffleDependencies(rdd)) {
      parents.add(shuffleMapStage(dep, jobId));
    }
    return parents;
  }

  private ShuffleMapStage shuffleMapStage(ShuffleDependency<?, ?, ?> dep, int jobId) {
    ShuffleMapStage stage = shuffleStages.get(dep.shuffleId());
    if (stage == null) {
      stage = new ShuffleMapStage(nextStageId++, dep, parentStages(dep.rdd(), jobId));
      shuffleStages.put(dep.shuffleId(), stage);
      stages.put(stage.id, stage);
    }
    stage.jobIds.add(jobId);
    for (ShuffleMapStage parent : stage.parents) {
      parent.jobIds.add(jobId);
    }
    return stage;
  }

  /** Shuffle dependencies reachable from {@code rdd} through narrow dependencies only. */
  private static List<ShuffleDependency<?, ?, ?>> nearestShuffleDependencies(RddNode<?> rdd) {
    List<ShuffleDependency<?, ?, ?>> found = new ArrayList<>();
    Set<Integer> visited = new HashSet<>();
    Deque<RddNode<?>> toVisit = new ArrayDeque<>();
    toVisit.push(rdd);
    while (!toVisit.isEmpty()) {
      RddNode<?> r = toVisit.pop();
      if (!visited.add(r.id())) {
        continue;
      }
      for (Dependency<?> dep : r.dependencies()) {
        if (dep instanceof ShuffleDependency<?, ?, ?> shuffle) {
          found.add(shuffle);
        } else if (dep instanceof NarrowDependency<?> narrow) {
          toVisit.push(narrow.rdd());
        }
      }
    }
    return found;
  }

  /** Every stage the job needs, the final one included, parents before children. */
  List<Stage> stagesOf(ResultStage finalStage) {
    List<Stage> ordered = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    collect(finalStage, ordered, seen);
    return ordered;
  }

  private static void collect(Stage stage, List<Stage> ordered, Set<Integer> seen) {
    if (!seen.add(stage.id)) {
      return;
    }
    for (Stage parent : stage.parents) {
      collect(parent, ordered, seen);
    }
    ordered.add(stage);
  }

  /** Forgets a job's result stage and the job's claim on other stages. */
  void removeJob(ActiveJob job) {
    for (Stage stage : stagesOf(job.finalStage)) {
      stage.jobIds.remove(job.jobId);
    }
    stages.remove(job.finalStage.id);
  }
}
