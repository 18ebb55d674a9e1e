package io.spindle.it.yarn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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
    Path root = Path.of("target", "test", "data", clusterName);
    if (!Files.isDirectory(root)) {
      return "(no AM logs: " + root + " does not exist)";
    }
    try {
      // NodeManagers create and delete other containers' dirs meanwhile: a dir that vanishes while
      // it is walked is skipped, not the end of the walk (Files.walk would stop there).
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (f.getFileName().toString().equals("stderr") && f.toString().contains(appId.toString())
              && f.toString().contains(amContainer)) {
            try {
              sb.append(Files.readString(f));
            } catch (IOException e) {
              sb.append("(cannot read ").append(f).append(')');
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      sb.append("(no AM logs: ").append(e).append(')');
    }
    return sb.toString();
  }
}
