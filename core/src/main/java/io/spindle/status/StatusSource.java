package io.spindle.status;

import java.util.List;

/**
 * The applications a status server shows: the one live application of a driver, or every
 * application whose event log a history server found.
 */
public interface StatusSource {
  /** Newest first. */
  List<ApplicationInfo> applications();

  /** The status store of one application (its newest attempt), or null if this source does not know it. */
  AppStatusListener application(String appId);

  /**
   * The status store of one attempt of an application ({@code attemptId} as YARN numbers them: "1",
   * "2", …), or null if this source does not know it. A live driver knows only its own attempt.
   */
  default AppStatusListener application(String appId, String attemptId) {
    AppStatusListener status = application(appId);
    return status != null && attemptId.equals(status.application().attemptId()) ? status : null;
  }

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
