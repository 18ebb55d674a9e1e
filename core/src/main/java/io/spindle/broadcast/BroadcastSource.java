package io.spindle.broadcast;

/**
 * Where an executor gets a broadcast's serialized bytes the first time a task reads it. In local
 * mode the driver's block store is the executor's, so the bytes are already there; the YARN
 * executor will fetch them from the driver (and may later fetch pieces from peers).
 */
@FunctionalInterface
public interface BroadcastSource {
  /** The serialized value of broadcast {@code id}, or null if the driver no longer has it. */
  byte[] fetch(long id);
}
