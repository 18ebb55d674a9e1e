package io.spindle.scheduler;

import io.spindle.shuffle.MapStatus;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DAG scheduler's side of AM-restart recovery: restores a new shuffle map stage from the
 * {@link MapStageJournal} when an earlier driver attempt finished a stage of the same
 * {@link LineageSignature} and shuffle id, and journals every stage this driver finishes. Map
 * outputs restored so are not checked here: one whose NodeManager no longer serves it fails its
 * reducer's fetch, and the ordinary fetch-failure path reruns just that map task. Event thread only.
 */
final class MapStageRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(MapStageRecovery.class);
  private static final String UNSIGNED = "";

  private final MapStageJournal journal;
  /** Signature by stage id, computed once per stage ({@link #UNSIGNED} when it has none). */
  private final Map<Integer, String> signatures = new HashMap<>();

  MapStageRecovery(MapStageJournal journal) {
    this.journal = journal;
  }

  /**
   * Fills a stage no task of this driver has run yet with the outputs an earlier attempt
   * journaled for it; true if it was restored (and is now available).
   */
  boolean tryRestore(ShuffleMapStage stage) {
    if (!journal.enabled() || stage.attempt >= 0 || stage.isAvailable() || signatures.containsKey(stage.id)) {
      return false; // tried once, when the first job needed it
    }
    String signature = signature(stage);
    if (signature == null) {
      return false;
    }
    int shuffleId = stage.dependency.shuffleId();
    MapStageJournal.Restored restored;
    try {
      restored = journal.restore(signature, shuffleId, stage.numPartitions());
    } catch (RuntimeException e) {
      LOG.warn("Could not read the recovery journal for {}; running it: {}", stage.name(), e.toString());
      return false;
    }
    if (restored == null || restored.outputs().length != stage.numPartitions()) {
      return false;
    }
    for (MapStatus status : restored.outputs()) {
      if (status == null) {
        return false;
      }
    }
    for (int p = 0; p < restored.outputs().length; p++) {
      stage.addOutput(p, restored.outputs()[p]);
    }
    LOG.info("Stage {} ({}) restored from attempt {}: {} map outputs of shuffle {}, not run", stage.id,
        stage.rdd, restored.attempt(), restored.outputs().length, shuffleId);
    return true;
  }

  /** Journals a stage whose outputs are all registered. */
  void finished(ShuffleMapStage stage, MapStatus[] outputs) {
    if (!journal.enabled()) {
      return;
    }
    String signature = signature(stage);
    if (signature != null) {
      journal.finished(signature, stage.dependency.shuffleId(), outputs);
    }
  }

  private String signature(ShuffleMapStage stage) {
    String known = signatures.get(stage.id);
    if (known == null) {
      try {
        known = LineageSignature.of(stage.dependency);
      } catch (RuntimeException e) {
        LOG.warn("No lineage signature for {} (it will not be recoverable): {}", stage.name(), e.toString());
      }
      if (known == null) {
        known = UNSIGNED;
      }
      signatures.put(stage.id, known);
    }
    return known.isEmpty() ? null : known;
  }
}
