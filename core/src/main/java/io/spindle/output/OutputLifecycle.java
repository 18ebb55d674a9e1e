package io.spindle.output;

/**
 * Told when a job starts writing an output directory and when it is done with it (committed or
 * aborted). A driver that can die without running its own abort (the YARN ApplicationMaster,
 * killed with its container) installs one that journals the outputs in progress, so that whoever
 * outlives it (the next AM attempt, the client) can remove what was left half-written. Local mode
 * has none: its abort runs in the same JVM.
 */
public interface OutputLifecycle {
  /** Does nothing. */
  OutputLifecycle NONE = new OutputLifecycle() {
    @Override
    public void started(String outputDir) {}

    @Override
    public void ended(String outputDir) {}
  };

  /** The job is about to create {@code outputDir} and its temporary dir (it checked the dir does not exist). */
  void started(String outputDir);

  /** The job committed or aborted {@code outputDir}: nothing is left to clean. */
  void ended(String outputDir);

  /**
   * The job committed {@code outputDir} (its {@code _SUCCESS} is written). By default the same as
   * {@link #ended}; a journal that outlives the driver remembers it, for {@link #committedEarlier}.
   */
  default void committed(String outputDir) {
    ended(outputDir);
  }

  /**
   * True when an earlier attempt of this driver (an ApplicationMaster that was restarted) committed
   * {@code outputDir} and it still holds its {@code _SUCCESS}: the save is done already and returns
   * without writing, instead of failing on an existing output. False by default.
   */
  default boolean committedEarlier(String outputDir) {
    return false;
  }

  /** The one of this JVM (the process's driver), {@link #NONE} unless installed. */
  static OutputLifecycle current() {
    return Holder.current;
  }

  /** Installs the driver's lifecycle for this JVM (the YARN ApplicationMaster does, before the user's main). */
  static void install(OutputLifecycle lifecycle) {
    Holder.current = lifecycle;
  }

  /** The installed instance. */
  final class Holder {
    private static volatile OutputLifecycle current = NONE;

    private Holder() {}
  }
}
