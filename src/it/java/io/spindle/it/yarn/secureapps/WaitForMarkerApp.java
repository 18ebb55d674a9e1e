package io.spindle.it.yarn.secureapps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code WaitForMarkerApp <hdfsMarker> <maxSeconds>}: runs one small job (so the UI has a job to
 * show), then keeps the application running until the test creates {@code hdfsMarker} (at most
 * {@code maxSeconds}), so the test can talk to its live status UI.
 */
public final class WaitForMarkerApp {
  private WaitForMarkerApp() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path marker = new Path(args[0]);
    long deadline = System.currentTimeMillis() + Long.parseLong(args[1]) * 1000;
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("wait-for-marker"))) {
      System.err.println("WaitForMarkerApp: counted " + ctx.parallelize(List.of(1, 2, 3, 4), 2).count());
      FileSystem fs = marker.getFileSystem(new Configuration());
      while (!fs.exists(marker)) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the test never created " + marker);
        }
        Thread.sleep(200); // polling for the test's signal, not a wait for the engine
      }
    }
  }
}
