package io.spindle.io;

import java.io.Closeable;
import java.io.IOException;

/**
 * The bytes a {@link LineRecordReader} scans for one split, delivered in chunks.
 *
 * <p>Each chunk is either <em>owned</em> by the split or lies past its end. The reader's one rule,
 * the same for plain and compressed files: a split reads exactly the lines whose preceding
 * {@code '\n'} lies in an owned chunk, plus the file's first line if the split starts the file.
 * Neighbouring splits own disjoint byte ranges that together cover the file, so every line is
 * read exactly once however the file is cut.
 */
abstract class SplitInput implements Closeable {
  /** Fills {@code buf} from offset 0; returns the count (at least 1), or -1 at the end of the file. */
  abstract int read(byte[] buf) throws IOException;

  /** Whether the chunk of the last {@link #read} is owned by this split. */
  abstract boolean lastChunkOwned();

  /** True if the split starts mid-file: the first line up to its '\n' belongs to an earlier split. */
  abstract boolean startsMidFile();

  /** True if the split can own no byte at all, so the reader need not read anything. */
  boolean ownsNothing() {
    return false;
  }
}
