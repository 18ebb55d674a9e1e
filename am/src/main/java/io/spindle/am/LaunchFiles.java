package io.spindle.am;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * The AM's own per-application files ({@link AmLaunchSpec}, {@link ExecutorResources}) travel as
 * secret keys of its container's credentials, deflated, beside the application secret, instead
 * of being localized.
 *
 * <p>Why: they change with every application, so localizing them started a localizer for every
 * AM (~0.4 s of its start) even when all its other files were in the NodeManager's caches. Not the
 * environment: the NodeManager copies a container's launch script, exports and all, into its log
 * dir, and the spec holds the user's configuration. The credentials reach only the container's
 * private token file. The AM forwards its credentials to executors without these
 * ({@link DelegationTokens#withoutAmRmToken}). An AM launched by an older client finds the files
 * localized in its working dir instead.
 */
public final class LaunchFiles {
  private static final String PREFIX = "spindle.launch-file.";

  private LaunchFiles() {}

  /** Adds {@code content} as the launch file {@code fileName} to {@code credentials}. */
  public static void add(Credentials credentials, String fileName, byte[] content) {
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(deflated)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    credentials.addSecretKey(new Text(PREFIX + fileName), deflated.toByteArray());
  }

  /** The launch file {@code fileName}: from this process's credentials, else the file in {@code workDir}. */
  public static InputStream open(Path workDir, String fileName) throws IOException {
    byte[] deflated = UserGroupInformation.getCurrentUser().getCredentials().getSecretKey(new Text(PREFIX + fileName));
    if (deflated != null) {
      return new InflaterInputStream(new ByteArrayInputStream(deflated));
    }
    return Files.newInputStream(workDir.resolve(fileName));
  }

  /** Whether a credentials alias is a launch file's (not forwarded to executors). */
  static boolean isLaunchFile(Text alias) {
    return alias.toString().startsWith(PREFIX);
  }
}
