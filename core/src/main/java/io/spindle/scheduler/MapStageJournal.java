package io.spindle.scheduler;

import io.spindle.shuffle.MapStatus;

/**
 * Where a driver that may be restarted (the YARN ApplicationMaster) records each finished shuffle
 * map stage, and where its next attempt finds them: the DAG scheduler asks {@link #restore}
 * before it runs a map stage and calls {@link #finished} when one completes. Installed for the
 * JVM, like {@link io.spindle.output.OutputLifecycle}; {@link #NONE} (local mode) records nothing.
 */
public interface MapStageJournal {
  /** Records nothing, restores nothing. */
  MapStageJournal NONE = new MapStageJournal() {
    @Override
    public Restored restore(String signature, int shuffleId, int numMaps) {
      return null;
    }

    @Override
    public void finished(String signature, int shuffleId, MapStatus[] outputs) {}

    @Override
    public boolean enabled() {
      return false;
    }
  };

  /** Map outputs an earlier attempt journaled, and which attempt wrote them. */
  record Restored(int attempt, MapStatus[] outputs) {}

  /**
   * The outputs an earlier driver attempt journaled for a stage of this signature writing shuffle
   * {@code shuffleId} with {@code numMaps} map partitions, or null if there are none.
   */
  Restored restore(String signature, int shuffleId, int numMaps);

  /** Every output of the stage is registered (called on the DAG scheduler's thread; must not throw). */
  void finished(String signature, int shuffleId, MapStatus[] outputs);

  /** False when nothing is recorded: the scheduler then does not compute signatures at all. */
  boolean enabled();

  /** The one of this JVM, {@link #NONE} unless installed. */
  static MapStageJournal current() {
    return Holder.current;
  }

  /** Installs the driver's journal for this JVM (the YARN ApplicationMaster does, before the user's main). */
  static void install(MapStageJournal journal) {
    Holder.current = journal == null ? NONE : journal;
  }

  /** The installed instance. */
  final class Holder {
    private static volatile MapStageJournal current = NONE;

    private Holder() {}
  }
}
