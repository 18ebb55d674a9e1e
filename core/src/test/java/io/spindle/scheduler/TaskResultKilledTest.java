package io.spindle.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.function.TaskKilledException;
import io.spindle.function.TaskMetrics;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** How the driver reports an attempt it asked to kill, whatever the attempt ended with. */
class TaskResultKilledTest {
  @Test
  void aFailureAfterAKillRequestIsReportedKilledAndKeepsItsOwnMessageAndMetrics() {
    TaskMetrics metrics = new TaskMetrics();
    TaskResult mkdirs = TaskResult.failed(new IOException("Mkdirs failed to create /out/_temporary/0"))
        .withMetrics(metrics);
    TaskResult reported = mkdirs.killedIfFailed("job 3 cancelled");
    TaskKilledException killed = assertInstanceOf(TaskKilledException.class, reported.failure());
    assertTrue(killed.reason().startsWith("job 3 cancelled"), killed.reason());
    assertTrue(killed.getMessage().contains("IOException: Mkdirs failed to create /out/_temporary/0"),
        killed.getMessage());
    assertSame(metrics, reported.metrics());
  }

  @Test
  void withoutAKillRequestASuccessOrAnAlreadyKilledAttemptIsReportedAsIs() {
    TaskResult failed = TaskResult.failed(new IllegalStateException("user code"));
    assertSame(failed, failed.killedIfFailed(null), "no kill was sent");
    TaskResult success = TaskResult.success(42);
    assertSame(success, success.killedIfFailed("speculative copy lost"), "a success stays a success");
    TaskResult killed = TaskResult.failed(new TaskKilledException("job 3 cancelled"));
    assertSame(killed, killed.killedIfFailed("job 3 cancelled"));
    assertEquals("Task killed: job 3 cancelled", killed.failure().getMessage());
  }
}
