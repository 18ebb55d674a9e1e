package io.spindle.executor.remote;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds renewed delegation tokens from the driver (RPC {@code UPDATE_CREDENTIALS}) to this
 * process's Hadoop user, so that connections opened from now on (HDFS reads in tasks) use them.
 * A token replaces the one of the same service. Logs kinds and services only, never a token.
 */
final class ExecutorCredentials {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorCredentials.class);

  private ExecutorCredentials() {}

  static void add(byte[] serialized) {
    try {
      Credentials credentials = new Credentials();
      credentials.readTokenStorageStream(new DataInputStream(new ByteArrayInputStream(serialized)));
      UserGroupInformation.getCurrentUser().addCredentials(credentials);
      StringBuilder which = new StringBuilder();
      credentials.getAllTokens().forEach(t -> which.append(which.length() == 0 ? "" : ", ")
          .append(t.getKind()).append(" for ").append(t.getService()));
      LOG.info("Added {} renewed delegation tokens from the driver: {}", credentials.numberOfTokens(), which);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not read the renewed delegation tokens from the driver: {}", e.toString());
    }
  }
}
