package io.spindle.util;

import java.security.CodeSource;
import java.util.Objects;

/**
 * Spark's job name: the action and the first user frame that called it, "count at WordCount.java:42".
 * Engine frames are those of classes loaded from the same jar (or classes dir) as Spindle's core;
 * JDK frames are skipped, so an action called from a user lambda inside a JDK stream is named by the
 * lambda's line. Walks the stack once per job, on the caller's thread.
 */
public final class CallSite {
  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final CodeSource ENGINE = CallSite.class.getProtectionDomain().getCodeSource();

  private CallSite() {}

  /** The call site of the current thread's outermost engine call, or null if no user frame called the engine. */
  public static String ofCaller() {
    return WALKER.walk(frames -> {
      String action = null;
      for (var it = frames.iterator(); it.hasNext(); ) {
        StackWalker.StackFrame f = it.next();
        CodeSource source = f.getDeclaringClass().getProtectionDomain().getCodeSource();
        if (source == null) {
          continue; // a JDK class (bootstrap or platform loader)
        }
        if (Objects.equals(source.getLocation(), ENGINE == null ? null : ENGINE.getLocation())) {
          if (!f.getMethodName().startsWith("lambda$")) {
            action = f.getMethodName();
          }
          continue;
        }
        String file = f.getFileName() != null ? f.getFileName() : f.getDeclaringClass().getSimpleName();
        return (action != null ? action : "job") + " at " + file + ":" + f.getLineNumber();
      }
      return null;
    });
  }
}
