package io.spindle.output;

import java.io.IOException;

/**
 * A task attempt wrote its output but the driver's {@link OutputCommitCoordinator} let another
 * attempt of the same partition commit (a speculative copy or a retry), or the stage is over.
 * Not the task's fault: the task scheduler does not count it against
 * {@code spindle.task.maxFailures} (Spark's TaskCommitDenied).
 */
public final class CommitDeniedException extends IOException {
  private static final long serialVersionUID = 1L;

  public CommitDeniedException(int partition, long attemptId) {
    super("Commit denied for partition " + partition + " (attempt " + attemptId
        + "): another attempt committed it, or its stage is over");
  }
}
