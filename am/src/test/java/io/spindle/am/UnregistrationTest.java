package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.Test;

/** The AM unregisters once; its exit hook unregisters FAILED only if nothing did and it is the last attempt. */
class UnregistrationTest {
  @Test
  void unregistersOnceAndTheHookThenDoesNothing() throws Exception {
    List<String> calls = new ArrayList<>();
    Unregistration u = new Unregistration((status, diagnostics) -> calls.add(status + ":" + diagnostics));
    assertTrue(u.unregister(FinalApplicationStatus.SUCCEEDED, ""));
    assertFalse(u.unregister(FinalApplicationStatus.FAILED, "again"));
    u.exitHook(true).run();
    assertEquals(List.of("SUCCEEDED:"), calls);
  }

  @Test
  void theHookUnregistersFailedOnTheLastAttemptOnly() {
    List<String> calls = new ArrayList<>();
    new Unregistration((status, diagnostics) -> calls.add(status + ":" + diagnostics)).exitHook(false).run();
    assertEquals(List.of(), calls, "an earlier attempt leaves YARN to retry");
    new Unregistration((status, diagnostics) -> calls.add(status + ":" + diagnostics)).exitHook(true).run();
    assertEquals(List.of("FAILED:" + Unregistration.EARLY_EXIT), calls);
  }
}
