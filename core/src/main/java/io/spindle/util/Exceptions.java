package io.spindle.util;

/** Helpers to let user exceptions pass through the engine unchanged. */
public final class Exceptions {
  private Exceptions() {}

  /**
   * Rethrows {@code t} as it is, checked or not. User functions may throw checked exceptions; the
   * engine lets them travel untouched so the job's failure carries the user's own exception.
   */
  public static RuntimeException sneakyThrow(Throwable t) {
    throw Exceptions.<RuntimeException>sneaky(t);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
