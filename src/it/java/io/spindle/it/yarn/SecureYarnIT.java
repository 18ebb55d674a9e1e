package io.spindle.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.it.WordCountReference;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.util.ConverterUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * spindle-submit on a Kerberos-secured cluster ({@link SecureMiniSpindleCluster}): WordCount over
 * multi-block HDFS input in executor containers, with each way the client can authenticate —
 * --principal/--keytab, a ticket cache, only a token file (Oozie) — and the refusal without
 * credentials. The last test greps every log of these runs for the secrets they carried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureYarnIT {
  private static final String NAME = "SecureYarnIT";

  private SecureMiniSpindleCluster secure;
  private SecureClient client;
  private FileSystem fs;
  private YarnClient yarn;
  private Path work;
  private Path localInput;
  private final List<ApplicationId> apps = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    String home = System.getProperty("spindle.home");
    assertTrue(home != null && Files.isRegularFile(Path.of(home, "client", "target", "spindle-client.jar")),
        "spindle.home must point at a built Spindle (client/target/spindle-client.jar)");
    work = Files.createDirectories(Path.of("target", "it-work", NAME)).toAbsolutePath();
    secure = SecureMiniSpindleCluster.start(NAME, 2, work, Map.of());
    client = new SecureClient(secure, home, NAME, work);
    fs = secure.cluster().fileSystem();
    yarn = YarnClient.createYarnClient();
    yarn.init(secure.cluster().yarnConf());
    yarn.start();
    // Input: several 1 MiB blocks, readable by the user (written by the superuser, as an admin would).
    String text = WordCountReference.generatedText(17, 150_000);
    localInput = work.resolve("words.txt");
    Files.writeString(localInput, text);
    org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path("/data/words/words.txt");
    try (OutputStream out = fs.create(input)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(fs.getFileStatus(input).getLen() > 2 * fs.getFileStatus(input).getBlockSize(), "several blocks");
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
  void wordCountWithPrincipalAndKeytabSucceedsOnExecutors() throws Exception {
    assertWordCountSucceeds(Map.of(), "/user/alice/out-keytab",
        "--principal", secure.userPrincipal(), "--keytab", secure.userKeytab().toString());
  }

  @Test
  @Order(2)
  void wordCountWithOnlyATicketCacheSucceeds() throws Exception {
    Path cache = work.resolve("krb5cc_alice");
    secure.kinit(cache);
    assertWordCountSucceeds(Map.of("KRB5CCNAME", "FILE:" + cache), "/user/alice/out-cache");
  }

  @Test
  @Order(3)
  void wordCountWithOnlyATokenFileSucceedsWithoutATgt() throws Exception {
    // As Oozie's launcher: tokens obtained elsewhere (HDFS with the RM as renewer, and the RM's own),
    // written to a file; the client process has no ticket cache and no keytab.
    YarnConfiguration conf = clientConf();
    String renewer = conf.get(YarnConfiguration.RM_PRINCIPAL);
    Credentials tokens = secure.loginUser().doAs((PrivilegedExceptionAction<Credentials>) () -> {
      Credentials c = new Credentials();
      FileSystem.newInstance(conf).addDelegationTokens(renewer, c);
      try (YarnClient rm = YarnClient.createYarnClient()) {
        rm.init(conf);
        rm.start();
        org.apache.hadoop.yarn.api.records.Token t = rm.getRMDelegationToken(new Text(renewer));
        c.addToken(new Text("rm"), ConverterUtils.convertFromYarn(t, ClientRMProxy.getRMDelegationTokenService(conf)));
      }
      return c;
    });
    Path tokenFile = work.resolve("oozie.tokens");
    tokens.writeTokenStorageFile(new org.apache.hadoop.fs.Path(tokenFile.toUri()), conf);
    SecureClient.Run run = assertWordCountSucceeds(Map.of("HADOOP_TOKEN_FILE_LOCATION", tokenFile.toString()),
        "/user/alice/out-tokens");
    assertTrue(run.output().contains("(token file)"), run.output());
  }

  @Test
  @Order(4)
  void withoutCredentialsTheClientRefusesBeforeStagingAnything() throws Exception {
    int appsBefore = yarn.getApplications().size();
    org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path("/user/alice/.spindle/staging");
    int stagedBefore = fs.exists(staging) ? fs.listStatus(staging).length : 0;
    SecureClient.Run run = client.submit(Map.of(), "--num-executors", "2", "--class",
        "io.spindle.examples.WordCount", client.examplesJar(), "/data/words", "/user/alice/out-refused");
    assertEquals(9, run.code(), run.output());
    List<String> refusals = run.output().lines().filter(l -> l.startsWith("spindle-submit:")).toList();
    assertEquals(1, refusals.size(), run.output());
    assertTrue(refusals.get(0).contains("kinit") && refusals.get(0).contains("--principal")
        && refusals.get(0).contains("--keytab"), refusals.get(0));
    assertFalse(run.output().contains("Application id:"), run.output());
    assertEquals(appsBefore, yarn.getApplications().size(), "nothing submitted");
    assertEquals(stagedBefore, fs.exists(staging) ? fs.listStatus(staging).length : 0, "nothing staged");
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path("/user/alice/out-refused")));
  }

  @Test
  @Order(10)
  void noLogOfTheseApplicationsShowsATokenTheSecretOrTheKeytab() throws Exception {
    assertFalse(apps.isEmpty(), "the tests above ran applications");
    Map<String, String> forms = client.secretForms(List.of(Files.readAllBytes(secure.userKeytab())));
    assertTrue(forms.size() > 10, "secrets found in the containers' token files: " + forms.size());
    List<Path> logs = client.logFiles();
    assertTrue(logs.size() >= 3 * apps.size(), "the containers' logs: " + logs);
    List<String> texts = new ArrayList<>();
    Map<String, String> where = new HashMap<>();
    for (Path log : logs) {
      texts.add(SecureClient.read(log));
      where.put(texts.get(texts.size() - 1), log.toString());
    }
    for (String out : client.outputs) {
      texts.add(out);
      where.put(out, "client output");
    }
    for (Map.Entry<String, String> secret : forms.entrySet()) {
      for (String text : texts) {
        assertFalse(text.contains(secret.getKey()), "a secret (" + secret.getValue() + ") in " + where.get(text));
      }
    }
  }

  // ---- helpers

  private SecureClient.Run assertWordCountSucceeds(Map<String, String> env, String output, String... loginFlags)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(loginFlags));
    args.addAll(List.of("--num-executors", "2", "--executor-memory", "384m", "--class",
        "io.spindle.examples.WordCount", client.examplesJar(), "/data/words", output));
    SecureClient.Run run = client.submit(env, args.toArray(new String[0]));
    String appId = run.code() == 0 || run.output().contains("Application id:") ? run.appId().toString() : "";
    if (!appId.isEmpty()) {
      apps.add(ApplicationId.fromString(appId));
    }
    String logs = appId.isEmpty() ? "" : client.containerLogs(appId);
    assertEquals(0, run.code(), run.output() + logs);
    ApplicationReport report = yarn.getApplicationReport(run.appId());
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
    assertEquals(UserGroupInformation.createRemoteUser(SecureMiniSpindleCluster.USER).getShortUserName(),
        report.getUser());
    assertEquals(WordCountReference.shellCounts(localInput),
        WordCountReference.parseOutput(SecureClient.outputLines(fs, output)));
    assertEquals(SecureMiniSpindleCluster.USER, fs.getFileStatus(new org.apache.hadoop.fs.Path(output)).getOwner(),
        "written as the user, with the user's tokens");
    Matcher launched = Pattern.compile("Stopping: (\\d+) tasks were launched on executors \\[(.*)]").matcher(logs);
    assertTrue(launched.find() && Integer.parseInt(launched.group(1)) > 0 && !launched.group(2).isBlank(),
        "tasks ran in executor containers: " + logs);
    return run;
  }

  /** The client's view of the cluster: its conf dir. */
  private YarnConfiguration clientConf() {
    YarnConfiguration conf = new YarnConfiguration();
    for (String f : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml")) {
      conf.addResource(new org.apache.hadoop.fs.Path(secure.cluster().confDir().resolve(f).toUri()));
    }
    return conf;
  }
}
