package io.spindle.shuffle.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadLimiterTest {
  @Test
  void capsOpenFilesAndStreamsAndFreesOnRelease() {
    LoadLimiter limiter = new LoadLimiter(10, 3);
    assertTrue(limiter.tryAcquire(6));
    assertFalse(limiter.tryAcquire(5), "11 open files > 10");
    assertTrue(limiter.tryAcquire(4));
    assertTrue(limiter.tryAcquire(0));
    assertFalse(limiter.tryAcquire(0), "a 4th stream > 3");
    limiter.release(6);
    assertTrue(limiter.tryAcquire(5));
  }
}
