package io.spindle.client.yarn;

import io.spindle.am.YarnConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The jars the ApplicationMaster runs with: what bin/spindle-submit runs with (under spindle.home,
 * {@code lib/*} of an unpacked distribution or {@code client/target/spindle-client.jar} +
 * {@code client/target/lib/*} of a checkout; see {@link io.spindle.client.SpindleHome}), or the
 * list in {@code spindle.yarn.jars}. The cluster's own Hadoop jars are never used, so the AM
 * gets the Hadoop client and Netty versions Spindle was built with.
 */
final class FrameworkJars {
  private FrameworkJars() {}

  static List<Path> locate(Map<String, String> conf, String spindleHome) throws IOException {
    String listed = conf.get(YarnConfigs.FRAMEWORK_JARS.key());
    List<Path> jars = new ArrayList<>();
    if (listed != null && !listed.isBlank()) {
      for (String s : listed.split(",")) {
        Path p = Paths.get(s.trim());
        if (!Files.isRegularFile(p)) {
          throw new IOException(YarnConfigs.FRAMEWORK_JARS.key() + " names " + p + ", which is not a file");
        }
        jars.add(p);
      }
      return jars;
    }
    if (spindleHome == null) {
      throw new IOException("spindle.home is not set: run through bin/spindle-submit or set "
          + YarnConfigs.FRAMEWORK_JARS.key());
    }
    jars.addAll(io.spindle.client.SpindleHome.frameworkJars(Paths.get(spindleHome)));
    return jars;
  }
}
