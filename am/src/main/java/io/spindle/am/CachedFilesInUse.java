package io.spindle.am;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks, once a day while the application runs, the cached files it was submitted with (the jar
 * cache's PUBLIC files and the user's PRIVATE file cache, as listed in {@link ExecutorResources})
 * as in use, by setting their access times as the submitting client does: a client's pass removes
 * cached files no one used for {@code spindle.yarn.cache.maxUnusedAge}, and this application's
 * later containers (executors started on demand, another AM attempt) still localize them.
 * APPLICATION files are this application's staging dir, removed at its end anyway.
 */
final class CachedFilesInUse implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CachedFilesInUse.class);

  private final Configuration conf;
  private final List<Path> files;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "spindle-cache-marks");
    t.setDaemon(true);
    return t;
  });

  CachedFilesInUse(Configuration conf, ExecutorResources resources) {
    this.conf = conf;
    this.files = cachedFiles(resources);
  }

  /** The files of {@code resources} that live in a cache shared by applications (not APPLICATION ones). */
  static List<Path> cachedFiles(ExecutorResources resources) {
    List<Path> files = new ArrayList<>();
    for (LocalResource r : resources.files().values()) {
      if (r.getVisibility() != LocalResourceVisibility.APPLICATION) {
        try {
          files.add(r.getResource().toPath());
        } catch (java.net.URISyntaxException e) {
          throw new IllegalArgumentException("Bad localized resource URL " + r.getResource(), e);
        }
      }
    }
    return files;
  }

  /**
   * Marks the files of the AM's {@link ExecutorResources} every {@link YarnConfigs#CACHE_MARK_INTERVAL_MS},
   * the first time one interval from now (the client just did); null, with a warning, if the AM has no such list.
   */
  static CachedFilesInUse start(Configuration conf, java.nio.file.Path workDir) {
    ExecutorResources resources;
    try {
      resources = ExecutorResources.read(LaunchFiles.open(workDir, ExecutorResources.FILE_NAME));
    } catch (IOException e) {
      LOG.warn("Not marking this application's cached files as in use: cannot read {}: {}",
          ExecutorResources.FILE_NAME, e.toString());
      return null;
    }
    return new CachedFilesInUse(conf, resources).start();
  }

  private CachedFilesInUse start() {
    long every = YarnConfigs.CACHE_MARK_INTERVAL_MS;
    timer.scheduleWithFixedDelay(this::markNow, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Sets each file's access time to now (its modification time stays: containers localize by it); returns how many. */
  int markNow() {
    long now = System.currentTimeMillis();
    int marked = 0;
    for (Path file : files) {
      try {
        file.getFileSystem(conf).setTimes(file, -1, now);
        marked++;
      } catch (IOException | RuntimeException e) { // a shared cache of another owner, no access times: nothing to keep
        LOG.debug("Could not mark {} as in use: {}", file, e.toString());
      }
    }
    LOG.info("Marked {} of {} cached files of this application as in use", marked, files.size());
    return marked;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
