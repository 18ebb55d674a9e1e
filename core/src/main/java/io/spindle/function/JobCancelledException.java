package io.spindle.function;

/**
 * A job ended because it was cancelled ({@code cancelJobGroup}, {@code cancelAllJobs}, or
 * {@code cancel} on an async action's future), not because a task failed. Its output, if it was
 * writing any, is not committed.
 */
public class JobCancelledException extends JobFailedException {
  private static final long serialVersionUID = 1L;

  public JobCancelledException(String message) {
    super(message, null);
  }
}
