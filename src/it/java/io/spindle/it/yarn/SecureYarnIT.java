package io.spindle.it.yarn;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.it.WordCountReference;
import io.spindle.it.yarn.secureapps.WaitForMarkerApp;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
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
  private static final org.apache.hadoop.fs.Path EVENT_LOGS = new org.apache.hadoop.fs.Path("/user/alice/spindle-events");

  private SecureMiniSpindleCluster secure;
  private SecureClient client;
  private FileSystem fs;
  private YarnClient yarn;
  private Path work;
  private Path localInput;
  private final List<ApplicationId> apps = new ArrayList<>();
  /** Every status UI response the tests saw (checked for secrets with the logs). */
  private final List<String> uiResponses = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    String home = YarnItSupport.spindleHome(
        "spindle.home must point at a built Spindle (client/target/spindle-client.jar)");
    work = Files.createDirectories(Path.of("target", "it-work", NAME)).toAbsolutePath();
    // The ResourceManager's web UI (and its web proxy) authenticates with Hadoop's simple HTTP auth
    // (?user.name=), so the UI test can act as different users without SPNEGO; what the AM's filters
    // see (the proxy's authenticated user) is the same as with Kerberos HTTP auth.
    secure = SecureMiniSpindleCluster.start(NAME, 2, work, Map.of(
        "hadoop.http.filter.initializers", "org.apache.hadoop.security.AuthenticationFilterInitializer",
        "hadoop.http.authentication.type", "simple",
        "hadoop.http.authentication.simple.anonymous.allowed", "false",
        // alice (a Kerberos user, as a Livy service account would be) may act as carol, and only as her.
        "hadoop.proxyuser." + SecureMiniSpindleCluster.USER + ".hosts", "*",
        "hadoop.proxyuser." + SecureMiniSpindleCluster.USER + ".users", "carol"));
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
  @Order(5)
  void theStatusUiAnswersOnlyThroughTheProxyAndOnlyToTheOwnerAndTheAclUsers() throws Exception {
    Path appsJar = SecureClient.secureAppsJar(work.resolve("secure-apps.jar"));
    org.apache.hadoop.fs.Path marker = new org.apache.hadoop.fs.Path("/tmp/ui-test-done");
    // This run also writes an event log (checked for secrets with the logs below), in a directory the
    // admin made for the user, as spindle.eventLog.dir must exist.
    fs.mkdirs(EVENT_LOGS);
    fs.setOwner(EVENT_LOGS, SecureMiniSpindleCluster.USER, SecureMiniSpindleCluster.USER);
    CompletableFuture<SecureClient.Run> submitted = CompletableFuture.supplyAsync(() -> {
      try {
        return client.submit(Map.of(), "--principal", secure.userPrincipal(), "--keytab",
            secure.userKeytab().toString(), "--num-executors", "1", "--executor-memory", "384m",
            "--conf", "spindle.ui.view.acls=carol", "--conf", "spindle.eventLog.enabled=true",
            "--conf", "spindle.eventLog.dir=" + EVENT_LOGS, "--class", WaitForMarkerApp.class.getName(),
            appsJar.toString(), marker.toString(), "200");
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    try {
      ApplicationReport report = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
          .until(this::runningWithItsUi, r -> r != null || submitted.isDone());
      assertTrue(report != null, "the application never ran with its UI");
      URI direct = URI.create(report.getOriginalTrackingUrl());
      assertTrue(report.getTrackingUrl().contains("/proxy/" + report.getApplicationId()), report.getTrackingUrl());
      // The report's proxy URL carries the port the RM was configured with (0 in a minicluster); the
      // clients' yarn-site has the one it bound.
      String proxied = "http://" + clientConf().get(YarnConfiguration.RM_WEBAPP_ADDRESS) + "/proxy/"
          + report.getApplicationId();

      // Directly at the AM (from an address that is not the proxy's): redirected to the proxy, no page.
      String raw = rawGet("127.0.0.2", direct.getHost(), direct.getPort(), "/api/v1/applications");
      assertTrue(raw.matches("(?s)HTTP/1\\.1 30[237] .*"), raw);
      assertTrue(raw.matches("(?s).*\r\nLocation: [^\r]*/proxy/redirect/" + report.getApplicationId() + "/.*"),
          raw);
      assertFalse(raw.contains("wait-for-marker"), raw);

      // Through the ResourceManager's proxy: the owner and the view-ACL user see it, anyone else gets 403.
      HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      for (String user : List.of(SecureMiniSpindleCluster.USER, "carol")) {
        HttpResponse<String> ok = proxiedGet(http, proxied, user);
        uiResponses.add(ok.body());
        assertEquals(200, ok.statusCode(), user + ": " + ok.body());
        assertTrue(ok.body().contains("\"id\":\"" + report.getApplicationId() + "\""), ok.body());
      }
      HttpResponse<String> bob = proxiedGet(http, proxied, "bob");
      assertEquals(403, bob.statusCode(), bob.body());
      assertTrue(bob.body().contains("bob may not view"), bob.body());
      assertFalse(bob.body().contains("wait-for-marker"), bob.body());
    } finally {
      fs.create(marker).close();
    }
    SecureClient.Run run = submitted.get(4, TimeUnit.MINUTES);
    apps.add(run.appId());
    assertEquals(0, run.code(), run.output());
  }

  private ApplicationReport runningWithItsUi() throws Exception {
    for (ApplicationReport r : yarn.getApplications(EnumSet.of(YarnApplicationState.RUNNING))) {
      String url = r.getOriginalTrackingUrl();
      if (!apps.contains(r.getApplicationId()) && url != null && url.startsWith("http")) {
        return r;
      }
    }
    return null;
  }

  /** {@code GET <proxy>/api/v1/applications} as {@code user} (simple HTTP auth), past the proxy's warning page. */
  private static HttpResponse<String> proxiedGet(HttpClient http, String proxied, String user) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(proxied + "/api/v1/applications?user.name=" + user
        + "&proxyapproved=true")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One GET on a socket bound to {@code from}: a browser that is not the proxy. */
  private static String rawGet(String from, String host, int port, String path) throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress(host, port), 10_000);
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * --proxy-user on a Kerberos cluster (Livy's way): alice's ticket cache authenticates, the
   * NameNode issues the delegation tokens to alice on carol's behalf, and the application, its
   * executors and its output are carol's.
   */
  @Test
  @Order(6)
  void aProxyUserSubmitsOnBehalfOfTheKerberosUserWithTokensIssuedForTheProxy() throws Exception {
    org.apache.hadoop.fs.Path carolHome = new org.apache.hadoop.fs.Path("/user/carol");
    fs.mkdirs(carolHome, new org.apache.hadoop.fs.permission.FsPermission((short) 0755));
    fs.setOwner(carolHome, "carol", "carol"); // as an admin creates a user's home
    Path cache = work.resolve("krb5cc_alice_proxy");
    secure.kinit(cache);
    String output = "/user/carol/out-proxy";
    SecureClient.Run run = client.submit(Map.of("KRB5CCNAME", "FILE:" + cache), "--proxy-user", "carol",
        "--num-executors", "2", "--executor-memory", "384m", "--class", "io.spindle.examples.WordCount",
        client.examplesJar(), "/data/words", output);
    String logs = "";
    if (run.output().contains("Application id:")) {
      apps.add(run.appId()); // its logs are checked for secrets too
      logs = client.containerLogs(run.appId().toString());
    }
    assertEquals(0, run.code(), run.output() + logs);
    assertTrue(run.output().contains("Submitting as carol, a proxy user on behalf of " + SecureMiniSpindleCluster.USER
        + "@"), run.output());
    ApplicationReport report = yarn.getApplicationReport(run.appId());
    assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
    assertEquals("carol", report.getUser());
    assertEquals(WordCountReference.shellCounts(localInput),
        WordCountReference.parseOutput(SecureClient.outputLines(fs, output)));
    assertEquals("carol", fs.getFileStatus(new org.apache.hadoop.fs.Path(output)).getOwner(),
        "written as carol, with the tokens issued for her");
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
    assertFalse(uiResponses.isEmpty(), "the UI test ran");
    org.apache.hadoop.fs.FileStatus[] eventLogs = fs.listStatus(EVENT_LOGS);
    assertTrue(eventLogs.length > 0, "the UI test's application wrote an event log");
    for (org.apache.hadoop.fs.FileStatus log : eventLogs) {
      try (java.io.InputStream in = fs.open(log.getPath())) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(text.contains("SparkListenerApplicationStart"), log.getPath() + ": " + text);
        texts.add(text);
        where.put(text, "event log " + log.getPath());
      }
    }
    for (String page : uiResponses) {
      texts.add(page);
      where.put(page, "a status UI response");
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
