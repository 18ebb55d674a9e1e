package io.spindle.scheduler;

/** Free task slots on one executor. */
public record WorkerOffer(String executorId, String host, int freeSlots) {}
