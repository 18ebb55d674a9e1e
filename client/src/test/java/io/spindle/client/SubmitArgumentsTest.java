package io.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flags spark-submit users know land in the documented {@code spindle.*} keys (docs/yarn.md's table). */
class SubmitArgumentsTest {

  @Test
  void yarnFlagsSetTheDocumentedKeys() throws Exception {
    SubmitArguments args = SubmitArguments.parse(new String[] {"--master", "yarn", "--class", "a.B",
        "--queue", "etl", "--num-executors", "3", "--executor-memory", "2g", "--executor-cores", "2",
        "--driver-cores", "4", "--max-app-attempts", "2", "--tags", "t1,t2", "--jars", "x.jar,y.jar",
        "--files", "f.txt#alias", "--archives", "a.zip", "app.jar", "in", "out"});
    Map<String, String> expected = Map.ofEntries(
        Map.entry("spindle.yarn.queue", "etl"),
        Map.entry("spindle.executor.instances", "3"),
        Map.entry("spindle.executor.memory", "2g"),
        Map.entry("spindle.executor.cores", "2"),
        Map.entry("spindle.driver.cores", "4"),
        Map.entry("spindle.yarn.maxAppAttempts", "2"),
        Map.entry("spindle.yarn.tags", "t1,t2"),
        Map.entry("spindle.yarn.dist.jars", "x.jar,y.jar"),
        Map.entry("spindle.yarn.dist.files", "f.txt#alias"),
        Map.entry("spindle.yarn.dist.archives", "a.zip"));
    assertEquals(expected, args.yarn().asConf());
  }

  @Test
  void masterNameAndDriverMemoryLandInTheirKeys() throws Exception {
    SubmitArguments args = SubmitArguments.parse(new String[] {"--master", "local[2]", "--class", "a.B",
        "--name", "n", "--driver-memory", "3g", "app.jar"});
    Map<String, String> conf = SpindleSubmit.configuration(args);
    assertEquals("local[2]", conf.get("spindle.master"));
    assertEquals("n", conf.get("spindle.app.name"));
    assertEquals("3g", conf.get("spindle.driver.memory"));
  }

  /** A wrapper's defaults first, the caller's flags after: the last value wins, as with spark-submit. */
  @Test
  void aFlagGivenTwiceTakesItsLastValue() throws Exception {
    SubmitArguments args = SubmitArguments.parse(new String[] {"--master", "local[2]", "--master", "yarn",
        "--class", "a.B", "--class", "c.D", "--driver-memory", "384m", "--driver-memory", "2g",
        "--num-executors", "0", "--num-executors", "2", "--queue", "default", "--queue", "etl", "app.jar"});
    Map<String, String> conf = SpindleSubmit.configuration(args);
    assertEquals("yarn", conf.get("spindle.master"));
    assertEquals("c.D", args.mainClass());
    assertEquals("2g", conf.get("spindle.driver.memory"));
    assertEquals("2", conf.get("spindle.executor.instances"));
    assertEquals("etl", conf.get("spindle.yarn.queue"));
  }

  @Test
  void masterDefaultsToAllCoresLocally() throws Exception {
    SubmitArguments args = SubmitArguments.parse(new String[] {"--class", "a.B", "app.jar"});
    assertEquals("local[*]", SpindleSubmit.configuration(args).get("spindle.master"));
  }

  @Test
  void principalAndKeytabSetTheKerberosKeysAndWinOverConf() throws Exception {
    SubmitArguments args = SubmitArguments.parse(new String[] {"--master", "yarn", "--class", "a.B",
        "--conf", "spindle.kerberos.principal=old@R", "--principal", "alice@EXAMPLE.COM", "--keytab",
        "/k/alice.keytab", "app.jar"});
    Map<String, String> conf = SpindleSubmit.configuration(args);
    assertEquals("alice@EXAMPLE.COM", conf.get("spindle.kerberos.principal"));
    assertEquals("/k/alice.keytab", conf.get("spindle.kerberos.keytab"));
  }

  @Test
  void proxyUserSetsItsKeyAndWinsOverConf() throws Exception {
    SubmitArguments args = SubmitArguments.parse(new String[] {"--master", "yarn", "--class", "a.B",
        "--conf", "spindle.submit.proxyUser=bob", "--proxy-user", "alice", "app.jar"});
    assertEquals("alice", SpindleSubmit.configuration(args).get("spindle.submit.proxyUser"));
  }
}
