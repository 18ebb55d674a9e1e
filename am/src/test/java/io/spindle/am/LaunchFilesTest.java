package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.Random;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AM's launch files in its credentials: read back as written (large and binary too), a file
 * in the working dir when the credentials have none (an older client), and never forwarded to
 * executors with the rest of the credentials.
 */
class LaunchFilesTest {
  @TempDir
  Path workDir;

  private static byte[] read(UserGroupInformation ugi, Path dir, String name) throws Exception {
    return ugi.doAs((PrivilegedExceptionAction<byte[]>) () -> {
      try (InputStream in = LaunchFiles.open(dir, name)) {
        return in.readAllBytes();
      }
    });
  }

  @Test
  void filesInTheCredentialsAreReadBackAsWrittenElseFromTheWorkingDir() throws Exception {
    byte[] spec = "spindle.app.name=caf\u00e9\nam.main=Main\n".getBytes(StandardCharsets.UTF_8);
    byte[] big = new byte[300_000];
    new Random(1).nextBytes(big);
    Credentials credentials = new Credentials();
    LaunchFiles.add(credentials, AmLaunchSpec.FILE_NAME, spec);
    LaunchFiles.add(credentials, ExecutorResources.FILE_NAME, big);
    AppSecret.addTo(credentials, new byte[] {1, 2, 3});
    UserGroupInformation am = UserGroupInformation.createRemoteUser("am-user");
    am.addCredentials(credentials);
    Files.writeString(workDir.resolve(AmLaunchSpec.FILE_NAME), "a stale localized copy");

    assertArrayEquals(spec, read(am, workDir, AmLaunchSpec.FILE_NAME), "the credentials win over a file");
    assertArrayEquals(big, read(am, workDir, ExecutorResources.FILE_NAME));

    UserGroupInformation older = UserGroupInformation.createRemoteUser("older-client");
    assertEquals("a stale localized copy",
        new String(read(older, workDir, AmLaunchSpec.FILE_NAME), StandardCharsets.UTF_8));

    Credentials forExecutors = DelegationTokens.withoutAmRmToken(credentials);
    assertNotNull(forExecutors.getSecretKey(AppSecret.ALIAS), "the secret goes on");
    assertEquals(1, forExecutors.numberOfSecretKeys(), "the launch files stay with the AM");
    for (Text alias : credentials.getAllSecretKeys()) {
      assertTrue(alias.equals(AppSecret.ALIAS) || LaunchFiles.isLaunchFile(alias), alias.toString());
    }
    assertNull(forExecutors.getSecretKey(new Text("spindle.launch-file." + AmLaunchSpec.FILE_NAME)));
  }
}
