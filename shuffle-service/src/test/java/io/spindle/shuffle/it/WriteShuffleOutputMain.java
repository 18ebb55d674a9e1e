package io.spindle.shuffle.it;

import static org.awaitility.Awaitility.await;

import io.spindle.shuffle.client.ShuffleClient;
import io.spindle.shuffle.client.ShuffleClientOptions;
import io.spindle.shuffle.server.ShuffleTestFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Runs in a YARN container as a stand-in executor: writes map outputs with MapOutputWriter into
 * the container's application-level LOCAL_DIRS, registers them with the shuffle service of its
 * NodeManager, and exits. Args: sharedDir appId execId.
 */
public final class WriteShuffleOutputMain {
  public static void main(String[] args) throws Exception {
    try {
      Path shared = Path.of(args[0]);
      String appId = args[1];
      String execId = args[2];
      List<String> localDirs = Arrays.asList(System.getenv("LOCAL_DIRS").split(","));
      for (long map = 0; map < ShuffleItData.MAPS; map++) {
        ShuffleTestFixture.writeMapOutput(localDirs, ShuffleItData.SHUFFLE_ID, map,
            ShuffleItData.sizes(map));
      }
      // The AM learns the service port when this container starts, then drops it here.
      Path portFile = shared.resolve("port");
      await("port file " + portFile).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
          .until(() -> Files.exists(portFile));
      int port = Integer.parseInt(Files.readString(portFile).trim());
      try (ShuffleClient client = new ShuffleClient(ShuffleItData.secretFromEnv(),
          ShuffleClientOptions.defaults())) {
        client.registerExecutor("localhost", port, appId, execId, localDirs);
      }
      System.out.println("wrote and registered " + ShuffleItData.MAPS + " maps in " + localDirs);
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }
}
