package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.SpindleConf;
import io.spindle.status.AppStatusListener;
import io.spindle.status.StatusServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The AM UI's filters on a real Jetty server and real sockets: YARN's AmIpFilter (its proxy host is
 * 127.0.0.1 here, as the RM web address says) redirects requests from any other address — 127.0.0.2
 * plays "a browser talking to the AM directly" — and the ACL filter decides on the user the proxy
 * names in its {@code proxy-user} cookie. The end-to-end path through a real ResourceManager proxy
 * on a Kerberos cluster is in SecureYarnIT.
 */
@Timeout(60)
class AmUiFiltersTest {
  private static final String APP = "application_42_0011";
  private StatusServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private int start(UiAccessPolicy policy) throws Exception {
    SpindleConf conf = new SpindleConf(false);
    server = StatusServer.start(InetAddress.getByName("127.0.0.1"), "127.0.0.1", 0, 0,
        new AppStatusListener(APP, "acl-app", "127.0.0.1", 0, conf));
    YarnConfiguration yarn = new YarnConfiguration();
    yarn.set(YarnConfiguration.RM_WEBAPP_ADDRESS, "127.0.0.1:18088");
    AmUiFilters.install(server, yarn, "/proxy/" + APP, policy);
    return server.port();
  }

  @Test
  void aRequestThatDidNotComeThroughTheProxyIsRedirectedToIt() throws Exception {
    int port = start(new UiAccessPolicy(true, "alice", null, null));
    String response = get("127.0.0.2", port, "/api/v1/applications?x=1", null);
    assertTrue(response.startsWith("HTTP/1.1 302") || response.startsWith("HTTP/1.1 303")
        || response.startsWith("HTTP/1.1 307"), response);
    String location = header(response, "Location");
    // YARN names the proxy by its host name; 127.0.0.1 may come back as localhost
    assertTrue(location.matches("http://(127\\.0\\.0\\.1|localhost):18088/proxy/redirect/" + APP
        + "/api/v1/applications\\?x=1"), location);
    assertTrue(!response.contains("acl-app"), "no page content without the proxy: " + response);
  }

  @Test
  void onAKerberosClusterOnlyTheOwnerAndTheAclUsersSeeThePages() throws Exception {
    int port = start(new UiAccessPolicy(true, "alice", "carol, dave", "erin"));
    for (String user : new String[] {"alice", "carol", "dave", "erin"}) {
      String ok = get("127.0.0.1", port, "/api/v1/applications", user);
      assertTrue(ok.startsWith("HTTP/1.1 200"), user + ": " + ok);
      assertTrue(ok.contains("\"name\":\"acl-app\""), ok);
    }
    String bob = get("127.0.0.1", port, "/api/v1/applications", "bob");
    assertTrue(bob.startsWith("HTTP/1.1 403"), bob);
    assertTrue(bob.contains("User bob may not view") && bob.contains("spindle.ui.view.acls"), bob);
    assertTrue(!bob.contains("acl-app"), bob);
    String nobody = get("127.0.0.1", port, "/", null);
    assertTrue(nobody.startsWith("HTTP/1.1 403"), nobody);
  }

  @Test
  void withoutKerberosTheProxysUsersAreNotCheckedButTheProxyStillIs() throws Exception {
    int port = start(new UiAccessPolicy(false, "alice", null, null));
    assertTrue(get("127.0.0.1", port, "/api/v1/applications", "bob").startsWith("HTTP/1.1 200"));
    assertTrue(get("127.0.0.1", port, "/api/v1/applications", null).startsWith("HTTP/1.1 200"));
    assertTrue(get("127.0.0.2", port, "/", null).startsWith("HTTP/1.1 30"));
  }

  /** One HTTP/1.1 GET from {@code fromAddress} (a real socket bound there), with the proxy's user cookie. */
  private static String get(String fromAddress, int port, String path, String proxyUser) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(fromAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(20_000);
      String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
          + (proxyUser == null ? "" : "Cookie: proxy-user=" + proxyUser + "\r\n") + "\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String header(String response, String name) {
    for (String line : response.split("\r\n")) {
      if (line.isEmpty()) {
        break;
      }
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).trim();
      }
    }
    throw new AssertionError("no " + name + " header in " + response);
  }
}
