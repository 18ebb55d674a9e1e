package io.spindle.memory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.TaskMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link UnifiedMemoryManager} on its own, with a fake evictor that owns "blocks" of known sizes:
 * a region of {@value #REGION} bytes whose first half ({@value #PROTECTED} bytes) is storage that
 * execution cannot evict. Every expected number is arithmetic on these sizes.
 */
class UnifiedMemoryManagerTest {
  private static final long REGION = 1000;
  private static final long PROTECTED = 500; // storageFraction 0.5 of REGION
  private static final long TASK_A = 1;
  private static final long TASK_B = 2;

  /** A region of exactly {@link #REGION} bytes: no reserve, fraction 1. */
  private static UnifiedMemoryManager manager() {
    return new UnifiedMemoryManager(REGION, 0, 1.0, 0.5);
  }

  /**
   * Plays the block store: blocks acquired through {@link #store} are evicted oldest first when
   * the manager asks, releasing their memory; records every request.
   */
  private static final class FakeEvictor implements StorageEvictor {
    private final MemoryManager memory;
    private final LinkedHashMap<String, Long> blocks = new LinkedHashMap<>();
    final List<Long> requested = new ArrayList<>();
    final List<String> exceptions = new ArrayList<>();
    final List<String> evicted = new ArrayList<>();

    FakeEvictor(MemoryManager memory) {
      this.memory = memory;
      memory.setEvictor(this);
    }

    boolean store(String blockId, long bytes) {
      boolean granted = memory.acquireStorageMemory(blockId, bytes);
      if (granted) {
        blocks.put(blockId, bytes);
      }
      return granted;
    }

    @Override
    public long evict(long bytes, String exceptBlockId) {
      requested.add(bytes);
      exceptions.add(exceptBlockId);
      long freed = 0;
      var it = blocks.entrySet().iterator();
      while (freed < bytes && it.hasNext()) {
        Map.Entry<String, Long> e = it.next();
        it.remove();
        memory.releaseStorageMemory(e.getValue());
        evicted.add(e.getKey());
        freed += e.getValue();
      }
      return freed;
    }
  }

  @Test
  void regionIsTheFractionOfTheHeapLeftAfterTheReserve() {
    // 4000 - 300 reserved = 3700; 60% of it = 2220, of which 50% is protected storage.
    assertEquals(2220, new UnifiedMemoryManager(4000, 300, 0.6, 0.5).maxMemory());
    // A small heap keeps three quarters: the reserve is clamped to 800 / 4 = 200; (800 - 200) * 0.6 = 360.
    assertEquals(360, new UnifiedMemoryManager(800, 300, 0.6, 0.5).maxMemory());
  }

  @Test
  void storageBorrowsExecutionMemoryThatIsFree() {
    UnifiedMemoryManager memory = manager();
    FakeEvictor blocks = new FakeEvictor(memory);
    assertTrue(blocks.store("rdd_1_0", 400));
    assertTrue(blocks.store("rdd_1_1", 400)); // 800 > the 500 protected: borrowed from execution
    assertEquals(800, memory.storageMemoryUsed());
    assertEquals(List.of(), blocks.requested, "nothing to evict while the region has room");
    assertTrue(blocks.store("rdd_1_2", 200)); // exactly fills the region
    assertEquals(REGION, memory.storageMemoryUsed());
  }

  @Test
  void storageEvictsOtherBlocksButNeverExecutionMemory() {
    UnifiedMemoryManager memory = manager();
    FakeEvictor blocks = new FakeEvictor(memory);
    assertEquals(700, memory.acquireExecutionMemory(TASK_A, 700));
    assertTrue(blocks.store("rdd_1_0", 200));
    // 300 more: the region has 1000 - 700 - 200 = 100 free, so 200 must be evicted: the only block goes,
    // and then the 300 fit.
    assertTrue(blocks.store("rdd_2_0", 300));
    assertEquals(List.of(200L), blocks.requested);
    assertEquals(List.of("rdd_2_0"), blocks.exceptions, "the block being stored is never the one evicted");
    assertEquals(List.of("rdd_1_0"), blocks.evicted);
    assertEquals(300, memory.storageMemoryUsed());
    // 400 more cannot fit even after evicting every block (only 1000 - 700 = 300 is not execution's).
    assertFalse(blocks.store("rdd_3_0", 400));
    assertEquals(700, memory.executionMemoryUsed(), "storage never takes execution memory");
    assertTrue(memory.storageMemoryUsed() <= 300);
  }

  @Test
  void executionEvictsStorageDownToTheProtectedRegionButNotBelow() {
    UnifiedMemoryManager memory = manager();
    FakeEvictor blocks = new FakeEvictor(memory);
    for (int i = 0; i < 8; i++) {
      assertTrue(blocks.store("rdd_1_" + i, 100)); // 800 of storage, 300 of it borrowed
    }
    // A task wants the whole region. Execution may reclaim the 800 - 500 = 300 borrowed bytes, not more.
    long granted = memory.acquireExecutionMemory(TASK_A, REGION);
    assertEquals(List.of(300L), blocks.requested);
    assertEquals(java.util.Collections.singletonList((String) null), blocks.exceptions);
    assertEquals(List.of("rdd_1_0", "rdd_1_1", "rdd_1_2"), blocks.evicted, "oldest blocks first");
    assertEquals(PROTECTED, memory.storageMemoryUsed());
    assertEquals(REGION - PROTECTED, granted);
    assertEquals(REGION - PROTECTED, memory.executionMemoryUsed());
    // Asking again evicts nothing more: storage is at its protected size.
    assertEquals(0, memory.acquireExecutionMemory(TASK_A, 100));
    assertEquals(List.of(300L), blocks.requested);
    assertEquals(PROTECTED, memory.storageMemoryUsed());
  }

  @Test
  void executionUsesFreeMemoryBeforeEvicting() {
    UnifiedMemoryManager memory = manager();
    FakeEvictor blocks = new FakeEvictor(memory);
    assertTrue(blocks.store("rdd_1_0", 600));
    assertTrue(blocks.store("rdd_1_1", 100)); // 700 stored, 300 free
    assertEquals(300, memory.acquireExecutionMemory(TASK_A, 300));
    assertEquals(List.of(), blocks.requested);
    // 150 more: 0 free; storage is 200 over its protected part, so 150 are asked for: the oldest block (600) goes.
    assertEquals(150, memory.acquireExecutionMemory(TASK_A, 150));
    assertEquals(List.of(150L), blocks.requested);
    assertEquals(List.of("rdd_1_0"), blocks.evicted);
    assertEquals(100, memory.storageMemoryUsed());
    assertEquals(450, memory.executionMemoryUsed());
  }

  @Test
  void releasedMemoryIsUsableAgain() {
    UnifiedMemoryManager memory = manager();
    FakeEvictor blocks = new FakeEvictor(memory);
    assertEquals(REGION, memory.acquireExecutionMemory(TASK_A, REGION));
    assertFalse(blocks.store("rdd_1_0", 1));
    memory.releaseExecutionMemory(TASK_A, 400);
    assertEquals(600, memory.executionMemoryUsed());
    assertTrue(blocks.store("rdd_1_0", 400));
    memory.releaseStorageMemory(400);
    assertEquals(0, memory.storageMemoryUsed());
    // Releasing more than is held clamps at zero instead of going negative.
    memory.releaseStorageMemory(1);
    assertEquals(0, memory.storageMemoryUsed());
    memory.releaseExecutionMemory(TASK_A, 10_000);
    assertEquals(0, memory.executionMemoryUsed());
    assertEquals(REGION, memory.acquireExecutionMemory(TASK_B, REGION));
  }

  @Test
  void requestsLargerThanTheRegion() {
    UnifiedMemoryManager memory = manager();
    FakeEvictor blocks = new FakeEvictor(memory);
    assertTrue(blocks.store("rdd_1_0", 100));
    assertFalse(blocks.store("rdd_2_0", REGION + 1));
    assertEquals(List.of(), blocks.requested, "a block larger than the region evicts nothing");
    assertEquals(100, memory.storageMemoryUsed());
    // Execution gets what there is (a caller that gets less spills): 1000 - 100 stored.
    assertEquals(REGION - 100, memory.acquireExecutionMemory(TASK_A, 10 * REGION));
    assertEquals(0, memory.acquireExecutionMemory(TASK_A, 0));
    assertEquals(0, memory.acquireExecutionMemory(TASK_A, -5));
  }

  @Test
  void eachTaskIsAccountedSeparatelyAndReleasedAtTaskEnd() {
    UnifiedMemoryManager memory = manager();
    assertEquals(300, memory.acquireExecutionMemory(TASK_A, 300));
    // Two tasks now: each may hold at most 1000 / 2 = 500.
    assertEquals(500, memory.acquireExecutionMemory(TASK_B, 800));
    assertEquals(200, memory.acquireExecutionMemory(TASK_A, 400)); // 300 held + 200 = its 500 share
    assertEquals(REGION, memory.executionMemoryUsed());
    memory.releaseExecutionMemory(TASK_B, 100);
    assertEquals(900, memory.executionMemoryUsed());
    // Task end: whatever each task still holds goes back, once.
    assertEquals(500, memory.releaseAllExecutionMemory(TASK_A));
    assertEquals(400, memory.executionMemoryUsed());
    assertEquals(0, memory.releaseAllExecutionMemory(TASK_A));
    assertEquals(400, memory.releaseAllExecutionMemory(TASK_B));
    assertEquals(0, memory.executionMemoryUsed());
    memory.releaseExecutionMemory(42, 100); // a task that holds nothing: no effect
    assertEquals(0, memory.executionMemoryUsed());
  }

  @Test
  void taskMemoryManagerTracksWhatItsTaskHolds() {
    UnifiedMemoryManager memory = manager();
    TaskMetrics metrics = new TaskMetrics();
    TaskMemoryManager task = new TaskMemoryManager(memory, TASK_A, metrics);
    assertEquals(600, task.acquire(600));
    assertEquals(400, task.acquire(700)); // all that is left
    assertEquals(REGION, task.held());
    task.release(300);
    task.release(10_000); // only what it holds
    assertEquals(0, task.held());
    assertEquals(0, memory.executionMemoryUsed());
    assertEquals(REGION, metrics.peakExecutionMemory());
    // What a task did not release itself goes at task end.
    assertEquals(250, task.acquire(250));
    assertEquals(250, memory.releaseAllExecutionMemory(TASK_A));
    assertEquals(0, memory.executionMemoryUsed());
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aTaskBelowItsFairShareWaitsForAnotherToRelease() {
    UnifiedMemoryManager memory = manager();
    assertEquals(REGION, memory.acquireExecutionMemory(TASK_A, REGION));
    // Task B joins: 2 tasks, B's minimum is 1000 / (2 * 2) = 250 and it holds 0, so it waits rather than spill.
    CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> memory.acquireExecutionMemory(TASK_B, 100));
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !b.isDone());
    memory.releaseExecutionMemory(TASK_A, 400);
    await().atMost(Duration.ofSeconds(10)).until(b::isDone);
    assertEquals(100, b.join());
    assertEquals(700, memory.executionMemoryUsed());
  }
}
