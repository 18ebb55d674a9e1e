package io.spindle.am;

import java.io.IOException;
import java.security.SecureRandom;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * The application's secret: created once by the client at submission and carried in the AM
 * container's credentials (not its environment, which shows in logs and {@code ps}). It will
 * authenticate executors to the driver and fetchers to the shuffle service.
 */
public final class AppSecret {
  private AppSecret() {}

  public static final Text ALIAS = new Text(io.spindle.cluster.ExecutorEnvironment.SECRET_CREDENTIALS_ALIAS);
  private static final int BYTES = 32;

  public static byte[] create() {
    byte[] secret = new byte[BYTES];
    new SecureRandom().nextBytes(secret);
    return secret;
  }

  public static void addTo(Credentials credentials, byte[] secret) {
    credentials.addSecretKey(ALIAS, secret);
  }

  /** The secret from this container's credentials; fails if the client did not send one. */
  public static byte[] fromCurrentUser() throws IOException {
    byte[] secret = UserGroupInformation.getCurrentUser().getCredentials().getSecretKey(ALIAS);
    if (secret == null || secret.length < BYTES) {
      throw new IllegalStateException("The application secret is missing from the AM's credentials; "
          + "submit with bin/spindle-submit --master yarn");
    }
    return secret;
  }
}
