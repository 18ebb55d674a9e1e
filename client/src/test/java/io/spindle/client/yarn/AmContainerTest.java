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

  @Test
  void theAmSharesClassDataUnlessTurnedOff() throws Exception {
    org.apache.hadoop.fs.FileStatus jar = new org.apache.hadoop.fs.FileStatus(10, false, 1, 1, 100,
        new org.apache.hadoop.fs.Path("hdfs://nn/cache/1-spindle-am.jar"));
    AmContainer am = new AmContainer();
    am.addFrameworkJar("spindle-am.jar", jar, org.apache.hadoop.yarn.api.records.LocalResourceVisibility.PUBLIC);
    String on = am.build(384, null, List.of(), new byte[] {1}).getCommands().get(0);
    assertTrue(on.contains("/spindle-cds/am-") && on.contains("$(r=$(readlink -f spindle-am.jar ")
        && on.indexOf("@{{PWD}}/spindle-classpath.args") < on.indexOf(" io.spindle.am.ApplicationMaster"), on);
    String off = am.classDataSharing(false).build(384, null, List.of(), new byte[] {1}).getCommands().get(0);
    assertTrue(!off.contains("cds") && !off.contains("classpath.args"), off);
    String own = new AmContainer().build(384, null, List.of("-Xshare:off"), new byte[] {1}).getCommands().get(0);
    assertTrue(!own.contains("spindle-cds"), own);
  }
}
