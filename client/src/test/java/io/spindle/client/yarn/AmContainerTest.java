package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.am.JvmOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmContainerTest {
  @Test
  void theAmRunsC1OnlyUnlessTheUserSaysOtherwiseAfterTheDefaults() throws Exception {
    String command = new AmContainer().build(384, null, JvmOptions.parse("-XX:TieredStopAtLevel=4 -Dx=y"),
        new byte[] {1, 2}).getCommands().get(0);
    int defaults = command.indexOf(String.join(" ", JvmOptions.AM_DEFAULTS));
    int user = command.indexOf("-XX:TieredStopAtLevel=4 -Dx=y");
    assertTrue(command.contains("-Xmx384m") && defaults > 0 && user > defaults, command);
    assertTrue(user < command.indexOf(" io.spindle.am.ApplicationMaster"), command);
    assertTrue(new AmContainer().build(384, null, List.of(), new byte[] {1}).getCommands().get(0)
        .contains("-XX:TieredStopAtLevel=1"));
  }
}
