package io.spindle.executor.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.spindle.cluster.ExecutorEnvironment;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an executor finds the application secret: the environment (local-cluster), else its container's token file. */
class ExecutorSettingsSecretTest {
  @TempDir
  Path dir;

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put(ExecutorEnvironment.DRIVER, "driver:4000");
    env.put(ExecutorEnvironment.SHUFFLE_SERVICE, "node:7337");
    env.put(ExecutorEnvironment.APP_ID, "application_1_0001");
    env.put(ExecutorEnvironment.EXECUTOR_ID, "3");
    env.put(ExecutorEnvironment.EXECUTOR_HOST, "node");
    env.put(ExecutorEnvironment.EXECUTOR_CORES, "1");
    env.put(ExecutorEnvironment.LOCAL_DIRS, "/tmp");
    return env;
  }

  @Test
  void theSecretIsReadFromTheContainersTokenFileBesideOtherKeys() throws Exception {
    byte[] secret = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1, -2};
    Credentials credentials = new Credentials();
    credentials.addSecretKey(new Text("another.key"), new byte[] {1});
    credentials.addSecretKey(new Text(ExecutorEnvironment.SECRET_CREDENTIALS_ALIAS), secret);
    Path tokens = dir.resolve("container_tokens");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(tokens))) {
      credentials.writeTokenStorageToStream(out);
    }
    Map<String, String> env = env();
    env.put("HADOOP_TOKEN_FILE_LOCATION", tokens.toString());
    assertArrayEquals(secret, ExecutorSettings.fromEnvironment(env).secret());

    Map<String, String> local = env();
    local.put(ExecutorEnvironment.APP_SECRET, java.util.Base64.getEncoder().encodeToString(new byte[] {4, 2}));
    assertArrayEquals(new byte[] {4, 2}, ExecutorSettings.fromEnvironment(local).secret(), "local-cluster");
  }
}
