package io.spindle.shuffle.server;

/**
 * Caps responses in progress and the data files they hold open. A request that does not fit is
 * answered BUSY rather than queued: the client backs off, and the NodeManager never runs out of
 * file descriptors because of shuffle traffic.
 */
final class LoadLimiter {
  private final int maxOpenFiles;
  private final int maxStreams;
  private int openFiles;
  private int streams;

  LoadLimiter(int maxOpenFiles, int maxStreams) {
    this.maxOpenFiles = maxOpenFiles;
    this.maxStreams = maxStreams;
  }

  /** Reserves one stream and {@code files} open files, or returns false if over a cap. */
  synchronized boolean tryAcquire(int files) {
    if (streams + 1 > maxStreams || openFiles + files > maxOpenFiles) {
      return false;
    }
    streams++;
    openFiles += files;
    return true;
  }

  synchronized void release(int files) {
    streams--;
    openFiles -= files;
  }

  int maxOpenFiles() {
    return maxOpenFiles;
  }
}
