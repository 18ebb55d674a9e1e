package io.spindle.scheduler;

import io.spindle.function.SpindleListener;
import java.util.function.Consumer;

/**
 * One event on the {@link ListenerBus}: when it was posted (wall clock, ms) and how to hand it to
 * a listener. The delivery is a call on the listener ({@code l -> l.onJobEnd(…)}); events only the
 * engine's own listeners understand (application start, environment) test for
 * {@link EngineListener} in their call.
 */
public record ListenerEvent(long timeMillis, Consumer<SpindleListener> delivery) {}
