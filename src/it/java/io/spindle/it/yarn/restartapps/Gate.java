package io.spindle.it.yarn.restartapps;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Holds a task until the test creates a file (at most 180 s), so the test can kill the AM at that point. */
final class Gate {
  private Gate() {}

  static void await(String file) throws Exception {
    Path go = new Path(file);
    FileSystem fs = go.getFileSystem(new org.apache.hadoop.conf.Configuration());
    long deadline = System.currentTimeMillis() + 180_000;
    while (!fs.exists(go) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100); // polling a file another process creates; not test synchronisation
    }
  }
}
