package io.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * In local mode, spindle-submit refuses what a YARN submission would refuse before staging (exit 3,
 * the key named) before the application's main runs, including settings local mode itself does not
 * use; good values of the same keys run the main.
 */
class LocalChecksBeforeMainTest {
  /** The "application": counts its runs (found through the submit class loader's parent). */
  public static final class CountingMain {
    static final AtomicInteger RUNS = new AtomicInteger();

    public static void main(String[] args) {
      RUNS.incrementAndGet();
    }
  }

  /** An "application" that records who Hadoop thinks it runs as, and on whose behalf. */
  public static final class WhoAmIMain {
    static volatile String seen;

    public static void main(String[] args) throws Exception {
      org.apache.hadoop.security.UserGroupInformation me = org.apache.hadoop.security.UserGroupInformation.getCurrentUser();
      seen = me.getShortUserName() + " via " + (me.getRealUser() == null ? "-" : me.getRealUser().getShortUserName());
    }
  }

  @TempDir
  Path dir;
  private final java.util.Properties systemBefore = (java.util.Properties) System.getProperties().clone();

  /** spindle-submit hands the settings to the main as system properties: none stays for the next test. */
  @org.junit.jupiter.api.AfterEach
  void restoreSystemProperties() {
    System.setProperties(systemBefore);
  }

  @ParameterizedTest
  @ValueSource(strings = {"spindle.executor.memory=lots", "spindle.executor.instances=-1",
      "spindle.yarn.acceptTimeout=soon", "spindle.dynamicAllocation.maxExecutors=-1", "spindle.default.parallelism=abc"})
  void aMalformedSettingExits3NamingTheKeyBeforeTheMainRuns(String setting) throws Exception {
    int before = CountingMain.RUNS.get();
    Result r = submit("--conf", setting);
    assertEquals(ExitCodes.INVALID_CONFIG, r.code, r.err);
    String key = setting.substring(0, setting.indexOf('='));
    String value = setting.substring(setting.indexOf('=') + 1);
    assertTrue(r.err.startsWith("spindle-submit: ") && r.err.contains(key) && r.err.contains(value), r.err);
    assertEquals(1, r.err.strip().lines().count(), "one line: " + r.err);
    assertEquals(before, CountingMain.RUNS.get(), "the main did not run");
  }

  @Test
  void wellFormedValuesOfTheSameKeysRunTheMain() throws Exception {
    int before = CountingMain.RUNS.get();
    Result r = submit("--conf", "spindle.executor.memory=2g", "--conf", "spindle.executor.instances=3",
        "--conf", "spindle.yarn.acceptTimeout=5m", "--conf", "spindle.dynamicAllocation.maxExecutors=4");
    assertEquals(ExitCodes.SUCCESS, r.code, r.err);
    assertFalse(r.err.contains("spindle-submit:"), r.err);
    assertEquals(before + 1, CountingMain.RUNS.get());
  }

  /** Local mode's --proxy-user: the main runs as that user, on behalf of this process's login. */
  @Test
  void aProxyUserRunsTheMainAsThatUserOnBehalfOfTheLogin() throws Exception {
    WhoAmIMain.seen = null;
    Result r = submitMain(WhoAmIMain.class, "--proxy-user", "alice");
    assertEquals(ExitCodes.SUCCESS, r.code, r.err);
    String login = org.apache.hadoop.security.UserGroupInformation.getLoginUser().getShortUserName();
    assertEquals("alice via " + login, WhoAmIMain.seen);

    WhoAmIMain.seen = null;
    Result plain = submitMain(WhoAmIMain.class);
    assertEquals(ExitCodes.SUCCESS, plain.code, plain.err);
    assertEquals(login + " via -", WhoAmIMain.seen);
  }

  private Result submit(String... settings) throws Exception {
    return submitMain(CountingMain.class, settings);
  }

  private Result submitMain(Class<?> main, String... settings) throws Exception {
    Path jar = dir.resolve("app.jar");
    if (!Files.exists(jar)) {
      new JarOutputStream(Files.newOutputStream(jar)).close(); // the class comes from the parent loader
    }
    List<String> args = new ArrayList<>(List.of("--master", "local[1]"));
    args.addAll(List.of(settings));
    args.addAll(List.of("--class", main.getName(), jar.toString()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SpindleSubmit.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, err.toString(StandardCharsets.UTF_8));
  }

  private record Result(int code, String err) {}
}
