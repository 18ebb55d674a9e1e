package io.spindle.it.yarn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationId;

/**
 * The ApplicationMaster's stderr as a MiniYARNCluster NodeManager keeps it (under
 * {@code target/test/data/<cluster name>}), for assertions on the AM's log and for failure messages.
 */
final class AmLogs {
  private AmLogs() {}

  /** The stderr of the app's AM containers of every attempt, concatenated; a note if none can be read. */
  static String of(String clusterName, ApplicationId appId) {
    return read(clusterName, appId, "_000001");
  }

  /** The stderr of the app's AM container of attempt {@code attempt}. */
  static String of(String clusterName, ApplicationId appId, int attempt) {
    return read(clusterName, appId, String.format("_%02d_000001", attempt));
  }

  private static String read(String clusterName, ApplicationId appId, String amContainer) {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.walk(Path.of("target", "test", "data", clusterName))) {
      files.filter(f -> f.toString().contains(appId.toString()) && f.toString().contains(amContainer)
              && f.getFileName().toString().equals("stderr"))
          .forEach(f -> {
            try {
              sb.append(Files.readString(f));
            } catch (IOException e) {
              sb.append("(cannot read ").append(f).append(')');
            }
          });
    } catch (IOException | RuntimeException e) {
      sb.append("(no AM logs: ").append(e).append(')');
    }
    return sb.toString();
  }
}
