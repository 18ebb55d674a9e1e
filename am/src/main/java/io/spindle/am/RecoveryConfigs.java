package io.spindle.am;

import io.spindle.config.ConfigEntry;
import java.util.List;

/** AM-restart recovery's keys (docs/yarn.md, "AM-restart recovery"); only the ApplicationMaster reads them. */
public final class RecoveryConfigs {
  private RecoveryConfigs() {}

  public static final ConfigEntry<Boolean> RECOVERY_ENABLED = ConfigEntry.bool("spindle.yarn.am.recovery.enabled",
      true, "When the application may have more than one AM attempt: journal finished shuffle map stages and "
      + "committed outputs in the staging dir, so that the next attempt, running the main again, restores those "
      + "stages instead of running them and does not write those outputs again.");

  public static final List<ConfigEntry<?>> ALL = List.of(RECOVERY_ENABLED);
}
