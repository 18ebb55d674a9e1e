package io.spindle.shuffle.spill;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Full-size record pages ({@link SerializedSortBuffer#MAX_PAGE}) that one sorter leaves to the next
 * on the same thread.
 *
 * <p>Why: a sortByKey reduce task holds its whole partition serialized in pages until it has sorted
 * and read it (~120 MiB per task in W3). Allocated anew by every task, the pages were copied by
 * each young collection while the task filled them, then promoted, then garbage in the old
 * generation: in W3 at -Xmx4g that copying was most of its 3.4 s of GC pauses (docs/benchmarks.md).
 * Handed on, they are promoted once.
 *
 * <p>Rules, as {@link ArrayRecycler}'s: a page goes to one owner at a time, and whoever gives a page
 * back must not touch it afterwards. Pages are not cleared: a buffer reads only what it wrote. At
 * most {@code maxBytes} are kept per thread (a sixteenth of the heap), softly reachable, so the
 * collector takes them back before the heap runs out. One per thread, through {@link #current()}.
 */
final class PageRecycler {
  private static final ThreadLocal<PageRecycler> PER_THREAD =
      ThreadLocal.withInitial(() -> new PageRecycler(Runtime.getRuntime().maxMemory() / 16));

  private final int maxPages;
  private SoftReference<ArrayDeque<byte[]>> kept = new SoftReference<>(null);

  PageRecycler(long maxBytes) {
    this.maxPages = (int) Math.min(Integer.MAX_VALUE, maxBytes / SerializedSortBuffer.MAX_PAGE);
  }

  static PageRecycler current() {
    return PER_THREAD.get();
  }

  /** A page of {@link SerializedSortBuffer#MAX_PAGE} bytes: a kept one, else a new one. */
  byte[] take() {
    ArrayDeque<byte[]> pages = kept.get();
    byte[] page = pages == null ? null : pages.poll();
    return page != null ? page : new byte[SerializedSortBuffer.MAX_PAGE];
  }

  /** Keeps the full-size ones of {@code pages}, up to the limit; the caller gives up all of them. */
  void give(List<byte[]> pages) {
    ArrayDeque<byte[]> keep = kept.get();
    if (keep == null) {
      keep = new ArrayDeque<>();
      kept = new SoftReference<>(keep);
    }
    for (byte[] page : pages) {
      if (keep.size() >= maxPages) {
        return;
      }
      if (page.length == SerializedSortBuffer.MAX_PAGE) {
        keep.push(page);
      }
    }
  }

  /** Pages kept now (tests). */
  int keptPages() {
    ArrayDeque<byte[]> pages = kept.get();
    return pages == null ? 0 : pages.size();
  }
}
