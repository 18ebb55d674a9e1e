package io.spindle.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.task.EngineTaskContext;
import io.spindle.serializer.KryoSerializer;
import org.junit.jupiter.api.Test;

/**
 * A reducer whose driver knows no location for some map output (never registered, or lost and
 * not recomputed yet) fails with a fetch failure that names no address (Spark's
 * MetadataFetchFailedException), recorded in its task context; nothing is fetched.
 */
class UnknownMapOutputLocationTest {
  @Test
  void aMissingLocationIsAFetchFailureWithoutAddress() {
    MapOutputLocator lost = shuffleId -> {
      throw new MissingMapOutputException("Map output 2 of shuffle " + shuffleId + " was lost and is being recomputed");
    };
    ShuffleBlockSource nothing = (shuffleId, reduceId, statuses) -> {
      throw new AssertionError("nothing may be fetched without locations");
    };
    ShuffleReader reader = new ShuffleReader(new KryoSerializer(getClass().getClassLoader()), lost, nothing);
    EngineTaskContext context = new EngineTaskContext(4, 1, 0, 0, 17L, null);

    FetchFailedException e = assertThrows(FetchFailedException.class,
        () -> reader.read(context, 5, 3, null, false));
    assertEquals(5, e.shuffleId());
    assertEquals(3, e.reduceId());
    assertEquals(-1, e.mapIndex());
    assertNull(e.host(), "no fetch was tried, so no address is blamed");
    assertTrue(e.getMessage().contains("Missing an output location for shuffle 5")
        && e.getMessage().contains("Map output 2 of shuffle 5 was lost"), e.getMessage());
    assertSame(e, context.fetchFailed(), "recorded for the task runner, whatever user code does with it");
  }
}
