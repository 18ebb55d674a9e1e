package io.spindle.am;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.security.token.delegation.AbstractDelegationTokenIdentifier;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * Delegation tokens of a Spindle application on a Kerberos-secured cluster, as Spark on YARN
 * handles them: one per filesystem the job touches (the default filesystem, the staging
 * filesystem, {@code spindle.kerberos.access.hadoopFileSystems}), obtained with the
 * ResourceManager as renewer (so YARN renews them while the application runs and cancels them
 * at its end), carried in launch contexts as serialized {@link Credentials}. Nothing here logs a
 * token: only kinds and services ({@link #describe}) may be logged.
 */
public final class DelegationTokens {
  private DelegationTokens() {}

  /**
   * The ResourceManager's principal, {@code _HOST} resolved to its address: the renewer of the
   * application's tokens.
   */
  public static String renewer(Configuration conf) throws IOException {
    String principal = conf.get(YarnConfiguration.RM_PRINCIPAL);
    if (principal == null || principal.isBlank()) {
      throw new IOException(YarnConfiguration.RM_PRINCIPAL + " is not set in the cluster's yarn-site.xml:"
          + " without it no delegation token can name the ResourceManager as its renewer");
    }
    String host = conf.getSocketAddr(YarnConfiguration.RM_ADDRESS, YarnConfiguration.DEFAULT_RM_ADDRESS,
        YarnConfiguration.DEFAULT_RM_PORT).getHostName();
    return SecurityUtil.getServerPrincipal(principal, host);
  }

  /**
   * The filesystems that need tokens: the default one, the one holding {@code stagingDir} (may be
   * null) and each URI of {@code extraUris} (spindle.kerberos.access.hadoopFileSystems, may be null).
   */
  public static Set<URI> fileSystems(Configuration conf, String stagingDir, String extraUris) throws IOException {
    Set<URI> uris = new LinkedHashSet<>();
    uris.add(FileSystem.getDefaultUri(conf));
    if (stagingDir != null && !stagingDir.isBlank()) {
      uris.add(new org.apache.hadoop.fs.Path(stagingDir).getFileSystem(conf).getUri());
    }
    if (extraUris != null) {
      for (String u : extraUris.split(",")) {
        if (!u.isBlank()) {
          uris.add(URI.create(u.trim()));
        }
      }
    }
    return uris;
  }

  /**
   * Adds a token per filesystem to {@code credentials}, as the calling user (a Kerberos login, or
   * a user whose tokens are already in {@code credentials}: Hadoop reuses a token it finds there).
   */
  public static void obtain(Configuration conf, Set<URI> fileSystems, String renewer, Credentials credentials)
      throws IOException {
    for (URI uri : fileSystems) {
      FileSystem.get(uri, conf).addDelegationTokens(renewer, credentials);
    }
  }

  /**
   * The credentials without what is the AM's alone and must never reach an executor: the AMRM token
   * and the AM's launch files ({@link LaunchFiles}).
   */
  public static Credentials withoutAmRmToken(Credentials credentials) {
    Credentials copy = new Credentials();
    for (Token<? extends TokenIdentifier> token : credentials.getAllTokens()) {
      if (!AMRMTokenIdentifier.KIND_NAME.equals(token.getKind())) {
        copy.addToken(token.getService(), token);
      }
    }
    for (org.apache.hadoop.io.Text alias : credentials.getAllSecretKeys()) {
      if (!LaunchFiles.isLaunchFile(alias)) { // the AM's own launch files stay with the AM
        copy.addSecretKey(alias, credentials.getSecretKey(alias));
      }
    }
    return copy;
  }

  /** Hadoop's token storage format, as launch contexts and the RPC carry it. */
  public static byte[] serialize(Credentials credentials) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    credentials.writeTokenStorageToStream(out);
    byte[] bytes = new byte[out.getLength()];
    System.arraycopy(out.getData(), 0, bytes, 0, bytes.length);
    return bytes;
  }

  public static ByteBuffer asBuffer(Credentials credentials) throws IOException {
    return ByteBuffer.wrap(serialize(credentials));
  }

  public static Credentials deserialize(byte[] bytes) throws IOException {
    Credentials credentials = new Credentials();
    credentials.readTokenStorageStream(new DataInputStream(new ByteArrayInputStream(bytes)));
    return credentials;
  }

  /**
   * The earliest moment (epoch ms) one of the delegation tokens stops working: its max date, or
   * its issue date + {@code renewIntervalMs} if that is earlier ({@code renewIntervalMs <= 0}: max
   * dates only). {@code Long.MAX_VALUE} if there is no delegation token.
   */
  public static long earliestExpiry(Credentials credentials, long renewIntervalMs) {
    long earliest = Long.MAX_VALUE;
    for (Token<? extends TokenIdentifier> token : credentials.getAllTokens()) {
      AbstractDelegationTokenIdentifier id = identifier(token);
      if (id == null) {
        continue;
      }
      long expiry = id.getMaxDate() > 0 ? id.getMaxDate() : Long.MAX_VALUE;
      if (renewIntervalMs > 0) {
        expiry = Math.min(expiry, id.getIssueDate() + renewIntervalMs);
      }
      earliest = Math.min(earliest, expiry);
    }
    return earliest;
  }

  /** "HDFS_DELEGATION_TOKEN for 127.0.0.1:8020, ..." : kinds and services, never identifiers or passwords. */
  public static String describe(Credentials credentials) {
    List<String> parts = new ArrayList<>();
    for (Token<? extends TokenIdentifier> token : credentials.getAllTokens()) {
      parts.add(token.getKind() + " for " + token.getService());
    }
    return parts.isEmpty() ? "no tokens" : String.join(", ", parts);
  }

  private static AbstractDelegationTokenIdentifier identifier(Token<? extends TokenIdentifier> token) {
    try {
      TokenIdentifier id = token.decodeIdentifier();
      return id instanceof AbstractDelegationTokenIdentifier d ? d : null;
    } catch (IOException | RuntimeException e) {
      return null; // a kind this JVM cannot decode: it does not count
    }
  }
}
