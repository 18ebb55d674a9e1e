package io.spindle.shuffle.format;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Local-file steps shared by the shuffle service, the map output writer and the engine. */
public final class LocalFiles {
  private LocalFiles() {}

  /**
   * Puts a file written under a temporary name in its place, replacing what was there: an atomic
   * rename where the file system has one (readers see the old file or the whole new one), else a
   * plain move.
   */
  public static void moveIntoPlace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
