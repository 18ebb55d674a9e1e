package io.spindle.broadcast;

/**
 * The driver's way to reach the copies executors in other processes keep of a broadcast. A
 * cluster backend tells each registered executor to drop its copy; local mode needs nothing,
 * since its executor shares the driver's block store.
 */
@FunctionalInterface
public interface ExecutorBroadcastCopies {
  /** In local mode the driver's own block store is the executors': nothing else holds a copy. */
  ExecutorBroadcastCopies NONE = id -> {};

  /** Asks every executor to drop its copy of broadcast {@code id}; does not wait for them. */
  void remove(long id);
}
