package io.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.output.OutputCommitCoordinator;
import io.spindle.rpc.RpcMessage;
import io.spindle.shuffle.MapStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver's request endpoints alone: map outputs, broadcasts and commit authorisation. */
class DriverEndpointsTest {
  @Test
  void mapOutputsAreAnsweredWithTheirStatusesOrTheTrackersError() {
    MapStatus[] shuffle3 = {new MapStatus(0, "1", "h1", 7337, new long[] {5, 6})};
    MapOutputEndpoint endpoint = new MapOutputEndpoint(shuffleId -> {
      if (shuffleId != 3) {
        throw new IllegalStateException("No map outputs registered for shuffle " + shuffleId);
      }
      return shuffle3;
    });
    RpcMessage.MapOutputs found = endpoint.answer(new RpcMessage.GetMapOutputs(41, 3));
    assertEquals(41, found.requestId());
    assertArrayEquals(shuffle3, found.statuses());
    assertNull(found.error());

    RpcMessage.MapOutputs missing = endpoint.answer(new RpcMessage.GetMapOutputs(42, 4));
    assertEquals(42, missing.requestId());
    assertNull(missing.statuses());
    assertEquals("No map outputs registered for shuffle 4", missing.error());
  }

  @Test
  void broadcastsAreServedFromTheSourceAndCounted() {
    Map<Long, byte[]> values = Map.of(1L, new byte[] {1, 2}, 2L, new byte[] {3});
    BroadcastEndpoint endpoint = new BroadcastEndpoint(values::get);
    assertArrayEquals(new byte[] {3}, endpoint.answer(new RpcMessage.GetBroadcast(7, 2)).bytes());
    RpcMessage.BroadcastData first = endpoint.answer(new RpcMessage.GetBroadcast(8, 1));
    assertEquals(8, first.requestId());
    assertArrayEquals(new byte[] {1, 2}, first.bytes());
    assertEquals(2, endpoint.served());
  }

  @Test
  void onlyTheFirstAttemptToAskMayCommitAPartition() {
    CommitEndpoint endpoint = new CommitEndpoint(new OutputCommitCoordinator());
    RpcMessage.CommitAnswer first = endpoint.answer(new RpcMessage.AskCommit(1, 0, 5, 100));
    assertEquals(1, first.requestId());
    assertTrue(first.allowed());
    assertFalse(endpoint.answer(new RpcMessage.AskCommit(2, 0, 5, 101)).allowed(), "another attempt");
    assertTrue(endpoint.answer(new RpcMessage.AskCommit(3, 0, 5, 100)).allowed(), "the same attempt again");
    assertTrue(endpoint.answer(new RpcMessage.AskCommit(4, 0, 6, 101)).allowed(), "another partition");
  }
}
