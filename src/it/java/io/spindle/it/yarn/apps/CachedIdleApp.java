package io.spindle.it.yarn.apps;

import io.spindle.Rdd;
import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.function.SpindleListener;
import io.spindle.function.StorageLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * For cachedExecutorIdleTimeout: caches a one-partition RDD (so exactly one executor holds a
 * cached block), writes {@code <dir>/idle} with the id of that executor, then idles until the test
 * writes {@code <dir>/go}. Fails unless the count equals the plain-Java size.
 */
public final class CachedIdleApp {
  private CachedIdleApp() {}

  public static void main(String[] args) throws Exception {
    Path dir = new Path(args[0]);
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      values.add(i);
    }
    Set<String> holders = ConcurrentHashMap.newKeySet();
    FileSystem fs = dir.getFileSystem(new org.apache.hadoop.conf.Configuration());
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("cached-idle"))) {
      ctx.addListener(new SpindleListener() {
        @Override
        public void onTaskEnd(TaskInfo task) {
          if (task.succeeded()) {
            holders.add(task.executorId());
          }
        }
      });
      Rdd<Integer> cached = ctx.parallelize(values, 1).persist(StorageLevel.MEMORY_ONLY);
      long count = cached.count();
      if (count != values.size()) {
        throw new AssertionError("expected " + values.size() + " but counted " + count);
      }
      if (!ctx.waitForListeners(30_000)) {
        throw new IllegalStateException("the listener bus did not drain");
      }
      Markers.write(fs, new Path(dir, "idle"), String.join(",", holders));
      Markers.await(fs, new Path(dir, "go"), 180, "the test never said go");
      System.err.println("CachedIdleApp: the cached partition was on executor " + holders);
    }
  }
}
