package io.spindle.shuffle.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.network.ControlMessage;
import io.spindle.shuffle.client.FetchRequest;
import io.spindle.shuffle.client.ShuffleClient;
import io.spindle.shuffle.client.ShuffleClientException;
import io.spindle.shuffle.client.ShuffleClientOptions;
import io.spindle.shuffle.client.ShuffleFetchException;
import io.spindle.shuffle.client.ShuffleFetchIterator;
import io.spindle.shuffle.format.ShuffleFiles;
import io.spindle.shuffle.protocol.ErrorCode;
import io.spindle.shuffle.protocol.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One application must never reach another's files, nor anything else on the NodeManager. */
class ShuffleSecurityTest {
  private static final String APP_A = "application_1700000000000_0001";
  private static final String APP_B = "application_1700000000000_0002";

  @TempDir
  Path root;
  @TempDir
  Path outside;

  private ShuffleTestFixture f;
  private List<String> dirsA;
  private List<String> dirsB;
  private ShuffleClient clientA;

  @BeforeEach
  void start() throws Exception {
    f = new ShuffleTestFixture(root, ShuffleServerSettings.defaults());
    dirsA = f.addApplication(APP_A, 1);
    dirsB = f.addApplication(APP_B, 1);
    clientA = ShuffleTestFixture.client(APP_A);
    try (ShuffleClient clientB = ShuffleTestFixture.client(APP_B)) {
      clientB.registerExecutor("localhost", f.port(), APP_B, "1", dirsB);
    }
    ShuffleTestFixture.writeMapOutput(dirsB, 0, 0, new int[] {100});
  }

  @AfterEach
  void stop() {
    clientA.close();
    f.close();
  }

  private ErrorCode registerA(String execId, String dir) throws Exception {
    ShuffleClientException e = assertThrows(ShuffleClientException.class,
        () -> clientA.registerExecutor("localhost", f.port(), APP_A, execId, List.of(dir)));
    return e.errorCode();
  }

  @Test
  void wrongSecretIsRefused() throws Exception {
    try (ShuffleClient thief = new ShuffleClient("guess".getBytes(StandardCharsets.UTF_8),
        ShuffleClientOptions.defaults())) {
      ShuffleClientException e = assertThrows(ShuffleClientException.class,
          () -> thief.registerExecutor("localhost", f.port(), APP_B, "2", dirsB));
      assertEquals(ErrorCode.AUTHENTICATION_FAILED, e.errorCode());
      try (ShuffleFetchIterator it = thief.fetch(List.of(new FetchRequest("localhost", f.port(),
          APP_B, "1", 0, new long[] {0}, 0, 1, 100)))) {
        ShuffleFetchException fe = assertThrows(ShuffleFetchException.class, it::next);
        assertEquals(ErrorCode.AUTHENTICATION_FAILED, fe.errorCode());
      }
    }
    assertTrue(f.counters().requestsRefused() >= 2);
  }

  @Test
  void unknownApplicationIsRefused() throws Exception {
    String unknown = "application_1700000000000_0099";
    try (ShuffleClient client = ShuffleTestFixture.client(unknown)) {
      ShuffleClientException e = assertThrows(ShuffleClientException.class,
          () -> client.registerExecutor("localhost", f.port(), unknown, "1", dirsA));
      assertEquals(ErrorCode.UNKNOWN_APPLICATION, e.errorCode());
    }
    // A stopped application is unknown as well.
    f.registry.removeApplication(APP_B);
    try (ShuffleClient clientB = ShuffleTestFixture.client(APP_B);
        ShuffleFetchIterator it = clientB.fetch(List.of(new FetchRequest("localhost", f.port(),
            APP_B, "1", 0, new long[] {0}, 0, 1, 100)))) {
      assertEquals(ErrorCode.UNKNOWN_APPLICATION,
          assertThrows(ShuffleFetchException.class, it::next).errorCode());
    }
  }

  @Test
  void registeringDirsOutsideTheApplicationIsRefused() throws Exception {
    String a = dirsA.get(0);
    assertEquals(ErrorCode.FORBIDDEN_PATH, registerA("1", a + "/../../" + APP_B + "/dir0"));
    assertEquals(ErrorCode.FORBIDDEN_PATH, registerA("1", "usercache/u/appcache/" + APP_A));
    assertEquals(ErrorCode.FORBIDDEN_PATH, registerA("1", "/etc"));
    assertEquals(ErrorCode.FORBIDDEN_PATH, registerA("1", outside.toString()));
    assertEquals(ErrorCode.FORBIDDEN_PATH, registerA("1", dirsB.get(0))); // B's dir
    Path link = Path.of(a).resolve("link-to-b");
    Files.createSymbolicLink(link, Path.of(dirsB.get(0)));
    assertEquals(ErrorCode.FORBIDDEN_PATH, registerA("1", link.toString()));
    assertEquals(ErrorCode.BAD_REQUEST, registerA("../1", a));
    assertEquals(ErrorCode.BAD_REQUEST, registerA("/1", a));
    assertTrue(f.counters().requestsRefused() >= 8);
  }

  @Test
  void symlinkedMapOutputsLeadingOutAreRefused() throws Exception {
    clientA.registerExecutor("localhost", f.port(), APP_A, "1", dirsA);
    Path a = Path.of(dirsA.get(0));
    Path b = Path.of(dirsB.get(0));
    Files.createSymbolicLink(a.resolve(ShuffleFiles.indexFileName(0, 0)),
        b.resolve(ShuffleFiles.indexFileName(0, 0)));
    Files.createSymbolicLink(a.resolve(ShuffleFiles.dataFileName(0, 0)),
        b.resolve(ShuffleFiles.dataFileName(0, 0)));
    try (ShuffleFetchIterator it = clientA.fetch(List.of(new FetchRequest("localhost", f.port(),
        APP_A, "1", 0, new long[] {0}, 0, 1, 100)))) {
      ShuffleFetchException e = assertThrows(ShuffleFetchException.class, it::next);
      assertEquals(ErrorCode.FORBIDDEN_PATH, e.errorCode());
    }
  }

  @Test
  void aConnectionCannotActForAnotherApplication() throws Exception {
    try (RawClient raw = new RawClient(f.port())) {
      assertInstanceOf(ControlMessage.AuthOk.class, raw.authenticate(APP_A, ShuffleTestFixture.secret(APP_A)));
      raw.send(new Message.Fetch(7, APP_B, "1", 0, 0, 1, new long[] {0}));
      Message.Error e = assertInstanceOf(Message.Error.class, raw.read());
      assertEquals(ErrorCode.NOT_AUTHENTICATED, e.code());
      assertEquals(7, e.requestId());
    }
    // Executor ids are per application: A cannot name B's executor.
    try (ShuffleFetchIterator it = clientA.fetch(List.of(new FetchRequest("localhost", f.port(),
        APP_A, "1", 0, new long[] {0}, 0, 1, 100)))) {
      assertEquals(ErrorCode.UNKNOWN_EXECUTOR,
          assertThrows(ShuffleFetchException.class, it::next).errorCode());
    }
  }

  @Test
  void garbageIsAnsweredAndTheServiceKeepsServing() throws Exception {
    try (java.net.Socket http = new java.net.Socket("127.0.0.1", f.port())) {
      http.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      http.setSoTimeout(10_000);
      byte[] answer = http.getInputStream().readAllBytes(); // a REFUSED frame, then EOF
      assertTrue(answer.length > 13 && answer[12] == (byte) ControlMessage.REFUSED); // type after L and B
    }
    clientA.registerExecutor("localhost", f.port(), APP_A, "1", dirsA);
  }

  @Test
  void requestsBeforeAuthenticationAreRefused() throws Exception {
    try (RawClient raw = new RawClient(f.port())) {
      raw.send(new Message.Fetch(3, APP_B, "1", 0, 0, 1, new long[] {0}));
      ControlMessage.Refused e = assertInstanceOf(ControlMessage.Refused.class, raw.read());
      assertEquals(ErrorCode.NOT_AUTHENTICATED, ErrorCode.of(e.refusal()));
      assertTrue(raw.closedByServer());
    }
    try (RawClient raw = new RawClient(f.port())) {
      raw.hello(APP_B, io.spindle.shuffle.protocol.Protocol.VERSION);
      assertInstanceOf(ControlMessage.Challenge.class, raw.read());
      raw.send(new ControlMessage.Auth(new byte[32])); // a guess
      assertEquals(ErrorCode.AUTHENTICATION_FAILED,
          ErrorCode.of(assertInstanceOf(ControlMessage.Refused.class, raw.read()).refusal()));
      assertTrue(raw.closedByServer());
    }
  }
}
