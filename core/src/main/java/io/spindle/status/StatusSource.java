package io.spindle.status;

import java.util.List;

/**
 * The applications a status server shows: the one live application of a driver, or every
 * application whose event log a history server found.
 */
public interface StatusSource {
  /** Newest first. */
  List<ApplicationInfo> applications();

  /** The status store of one application, or null if this source does not know it. */
  AppStatusListener application(String appId);

  /** A source of one live application, whatever listener is current (the AM's context replaces a placeholder). */
  static StatusSource live(java.util.function.Supplier<AppStatusListener> current) {
    return new StatusSource() {
      @Override
      public List<ApplicationInfo> applications() {
        return List.of(current.get().application());
      }

      @Override
      public AppStatusListener application(String appId) {
        AppStatusListener status = current.get();
        return status.applicationId().equals(appId) ? status : null;
      }
    };
  }
}
