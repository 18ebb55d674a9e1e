package io.spindle.shuffle.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PageRecycler}: which pages it keeps, how many, and that each goes to one taker. */
class PageRecyclerTest {
  private static final int PAGE = SerializedSortBuffer.MAX_PAGE;

  @Test
  void fullPagesComeBackToOneTakerEach() {
    PageRecycler pages = new PageRecycler(16L * PAGE);
    byte[] a = pages.take();
    byte[] b = pages.take();
    assertEquals(PAGE, a.length);
    assertNotSame(a, b);
    pages.give(List.of(a, b));
    assertEquals(2, pages.keptPages());
    byte[] c = pages.take();
    byte[] d = pages.take();
    assertNotSame(c, d);
    assertTrue((c == a || c == b) && (d == a || d == b), "kept pages are handed out again");
    assertEquals(0, pages.keptPages());
    assertNotSame(a, pages.take(), "none left: a new one");
  }

  @Test
  void onlyFullSizePagesAreKeptAndNoMoreThanTheLimit() {
    PageRecycler pages = new PageRecycler(3L * PAGE);
    pages.give(List.of(new byte[SerializedSortBuffer.MIN_PAGE], new byte[PAGE + 1], new byte[PAGE]));
    assertEquals(1, pages.keptPages(), "smaller pages and a large record's own page are not kept");
    byte[] kept = pages.take();
    assertEquals(PAGE, kept.length);
    pages.give(List.of(new byte[PAGE], new byte[PAGE], new byte[PAGE], new byte[PAGE], kept));
    assertEquals(3, pages.keptPages(), "at most maxBytes");
  }

  @Test
  void eachThreadHasItsOwn() throws Exception {
    PageRecycler here = PageRecycler.current();
    assertSame(here, PageRecycler.current());
    PageRecycler[] there = new PageRecycler[1];
    Thread t = new Thread(() -> there[0] = PageRecycler.current());
    t.start();
    t.join(10_000);
    assertNotSame(here, there[0]);
  }
}
