package io.spindle.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.it.WordCountReference;
import io.spindle.it.yarn.secureapps.LongReadApp;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Jobs that outlive their delegation tokens on a Kerberos cluster whose HDFS tokens must be
 * renewed every {@value #RENEW_MS} ms and die after {@value #MAX_LIFETIME_MS} ms: with --keytab the
 * AM re-obtains them and pushes them to its executors, and the job (several lifetimes long)
 * succeeds with exact output; without, it fails with the message naming the expiry and --keytab,
 * exit code 11. HDFS client connections close after {@value #IDLE_MS} ms idle, so each of the
 * job's rounds authenticates anew with the tokens of that moment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first run uploads and localizes the framework jars
class SecureTokenRenewalIT {
  private static final String NAME = "SecureTokenRenewalIT";
  static final long RENEW_MS = 15_000;
  static final long MAX_LIFETIME_MS = 45_000;
  static final long IDLE_MS = 500;
  /**
   * Rounds x pause: 72 s, beyond one max lifetime and five renewal intervals (tokens the AM
   * re-obtains are not renewed by YARN: they die after one interval). The lifetimes cannot be much
   * shorter: the AM container must be localized with the submitted tokens (~20 s on a busy machine).
   */
  private static final int ROUNDS = 12;
  private static final long PAUSE_MS = 6_000;

  private SecureMiniSpindleCluster secure;
  private SecureClient client;
  private FileSystem fs;
  private YarnClient yarn;
  private Path localInput;
  private Path appJar;

  @BeforeAll
  void start() throws Exception {
    String home = System.getProperty("spindle.home");
    Path work = Files.createDirectories(Path.of("target", "it-work", NAME)).toAbsolutePath();
    secure = SecureMiniSpindleCluster.start(NAME, 2, work, Map.of(
        "dfs.namenode.delegation.token.renew-interval", Long.toString(RENEW_MS),
        "dfs.namenode.delegation.token.max-lifetime", Long.toString(MAX_LIFETIME_MS),
        "ipc.client.connection.maxidletime", Long.toString(IDLE_MS)));
    client = new SecureClient(secure, home, NAME, work);
    fs = secure.cluster().fileSystem();
    yarn = YarnClient.createYarnClient();
    yarn.init(secure.cluster().yarnConf());
    yarn.start();
    String text = WordCountReference.generatedText(23, 60_000);
    localInput = work.resolve("words.txt");
    Files.writeString(localInput, text);
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/data/long/words.txt"))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    appJar = SecureClient.secureAppsJar(work.resolve("secure-apps.jar"));
  }

  @AfterAll
  void stop() {
    if (yarn != null) {
      yarn.stop();
    }
    if (secure != null) {
      secure.close();
    }
  }

  @Test
  @Order(1)
  void withTheKeytabAJobOutlivingItsTokensSucceedsOnRenewedTokens() throws Exception {
    SecureClient.Run run = client.submit(Map.of(), "--principal", secure.userPrincipal(), "--keytab",
        secure.userKeytab().toString(), "--num-executors", "2", "--executor-memory", "384m",
        "--class", LongReadApp.class.getName(), appJar.toString(), "/data/long", "/user/alice/long-out",
        Integer.toString(ROUNDS), Long.toString(PAUSE_MS));
    String logs = client.containerLogs(run.appId().toString());
    assertEquals(0, run.code(), run.output() + logs);
    ApplicationReport report = yarn.getApplicationReport(run.appId());
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
    assertTrue(report.getFinishTime() - report.getStartTime() > MAX_LIFETIME_MS + RENEW_MS,
        "the job outlived its first tokens: " + (report.getFinishTime() - report.getStartTime()) + " ms");
    assertEquals(WordCountReference.shellCounts(localInput),
        WordCountReference.parseOutput(SecureClient.outputLines(fs, "/user/alice/long-out")));
    Matcher sent = Pattern.compile("Re-obtained delegation tokens \\(HDFS_DELEGATION_TOKEN[^)]*\\) and sent them to"
        + " ([12]) executors").matcher(logs);
    int renewalsSeen = 0;
    while (sent.find()) {
      renewalsSeen++;
    }
    assertTrue(renewalsSeen >= 4, "the AM re-obtained the tokens several times and sent them to executors: " + logs);
    assertTrue(logs.contains("Added 1 renewed delegation tokens from the driver"), "executors took them: " + logs);
    assertKeytabNeverLogged(run, logs);
  }

  @Test
  @Order(2)
  void withoutAKeytabAJobOutlivingItsTokensFailsNamingTheExpiryAndKeytab() throws Exception {
    Path cache = Files.createTempFile(Path.of("target", "it-work", NAME), "krb5cc", "");
    secure.kinit(cache);
    SecureClient.Run run = client.submit(Map.of("KRB5CCNAME", "FILE:" + cache), "--num-executors", "2",
        "--executor-memory", "384m", "--conf", "spindle.task.maxFailures=2",
        "--class", LongReadApp.class.getName(), appJar.toString(), "/data/long", "/user/alice/long-out-nokeytab",
        Integer.toString(ROUNDS), Long.toString(PAUSE_MS));
    String logs = client.containerLogs(run.appId().toString());
    assertEquals(11, run.code(), run.output() + logs);
    assertEquals(FinalApplicationStatus.FAILED, yarn.getApplicationReport(run.appId()).getFinalApplicationStatus());
    assertTrue(run.output().contains("delegation tokens expired") && run.output().contains("--keytab"), run.output());
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/user/alice/long-out-nokeytab/_SUCCESS")));
  }

  private void assertKeytabNeverLogged(SecureClient.Run run, String logs) throws Exception {
    byte[] keytab = Files.readAllBytes(secure.userKeytab());
    for (String form : client.secretForms(List.of(keytab)).keySet()) {
      assertFalse(logs.contains(form) || run.output().contains(form), "a secret in the logs");
    }
  }
}
