package io.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.SpindleListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job's end is reported to listeners before its action returns (as Spark posts JobEnd before it
 * releases the waiter), so {@code waitForListeners()} after an action covers the job's end, and a
 * listener never hears of a job after its caller moved on. A listener on the scheduler's thread
 * holds the job-end call for a while, waiting for the action to return: if the caller were released
 * first, it would see the return.
 */
class JobEndBeforeActionReturnsTest {
  private static final long HOLD_MS = 300; // ample for a released caller to return; the job end waits this long

  private SpindleContext ctx;
  private volatile CountDownLatch returned;
  private final List<String> heard = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    ctx = new SpindleContext(new SpindleConf(false).setMaster("local[2]").setAppName("job end order"));
    ctx.addListenerOnSchedulerThread(new SpindleListener() {
      @Override
      public void onJobEnd(int jobId, boolean succeeded, String failureReason) {
        boolean callerReturned;
        try {
          callerReturned = returned.await(HOLD_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          callerReturned = false;
        }
        heard.add("job " + jobId + (succeeded ? " succeeded" : " failed") + (callerReturned ? " after its action returned" : ""));
      }
    });
  }

  @AfterEach
  void stop() {
    ctx.close();
  }

  @Test
  void aSucceededJobsEndIsReportedBeforeItsActionReturns() {
    returned = new CountDownLatch(1);
    long count;
    try {
      count = ctx.parallelize(List.of(1, 2, 3, 4, 5), 2).count();
    } finally {
      returned.countDown();
    }
    assertEquals(5, count);
    assertEquals(List.of("job 0 succeeded"), heard);
  }

  @Test
  void aFailedJobsEndIsReportedBeforeItsActionThrows() {
    returned = new CountDownLatch(1);
    try {
      assertThrows(RuntimeException.class, () -> ctx.parallelize(List.of(1, 2, 3), 1).map(v -> {
        if (v == 2) {
          throw new IllegalStateException("the user's task fails");
        }
        return v;
      }).collect());
    } finally {
      returned.countDown();
    }
    assertEquals(List.of("job 0 failed"), heard);
    assertTrue(ctx.waitForListeners(30_000), "listener bus drained");
  }
}
