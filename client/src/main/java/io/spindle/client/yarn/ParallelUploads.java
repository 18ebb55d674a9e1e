package io.spindle.client.yarn;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;

/**
 * Staging uploads run concurrently: each small file is a create / write / close round trip
 * through the NameNode and a DataNode pipeline, and a submission stages about eight, which one
 * after the other cost the client about half a second.
 */
final class ParallelUploads implements AutoCloseable {
  private static final int THREADS = 4;

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
    Thread t = new Thread(r, "spindle-staging-upload");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Future<FileStatus>> pending = new LinkedHashMap<>();
  private final Map<String, LocalResourceType> types = new LinkedHashMap<>();
  private final Map<String, LocalResourceVisibility> visibilities = new LinkedHashMap<>();

  /** Starts {@code upload}, a file of this application only, whose file the AM will find as {@code linkName}. */
  void add(String linkName, Callable<FileStatus> upload) {
    add(linkName, LocalResourceType.FILE, upload);
  }

  /** Starts {@code upload}, localized with {@code visibility} (PRIVATE: from the user's cache). */
  void add(String linkName, LocalResourceVisibility visibility, Callable<FileStatus> upload) {
    add(linkName, LocalResourceType.FILE, visibility, upload);
  }

  /** Starts {@code upload} (APPLICATION); an ARCHIVE is unpacked by the NodeManager into a dir named {@code linkName}. */
  void add(String linkName, LocalResourceType type, Callable<FileStatus> upload) {
    add(linkName, type, LocalResourceVisibility.APPLICATION, upload);
  }

  private void add(String linkName, LocalResourceType type, LocalResourceVisibility visibility,
      Callable<FileStatus> upload) {
    types.put(linkName, type);
    visibilities.put(linkName, visibility);
    pending.put(linkName, pool.submit(upload));
  }

  /** Waits for every upload started so far and localizes each; the first failure is thrown. */
  void localizeAll(AmContainer am) throws IOException {
    try {
      for (Map.Entry<String, Future<FileStatus>> e : pending.entrySet()) {
        am.localize(e.getKey(), e.getValue().get(), visibilities.get(e.getKey()), types.get(e.getKey()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while staging files");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(cause);
    } finally {
      pending.clear();
      types.clear();
      visibilities.clear();
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
