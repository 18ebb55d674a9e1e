package io.spindle.client.yarn;

import io.spindle.am.AmLaunchSpec;
import io.spindle.am.DelegationTokens;
import io.spindle.am.YarnConfigs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;

/**
 * The secured-cluster part of a submission: the delegation tokens that go into the AM's launch
 * context and, with --keytab, the keytab as the AM's private resource. Nothing on a cluster without
 * Kerberos. Only token kinds and services are printed, never a token or the keytab.
 */
final class SecureSubmission {
  private SecureSubmission() {}

  /**
   * The user's tokens (those of HADOOP_TOKEN_FILE_LOCATION, if any) plus one per filesystem the job
   * touches, renewable by the ResourceManager; empty without Kerberos.
   */
  static Credentials tokens(Configuration hadoopConf, Map<String, String> conf, String stagingDir, PrintStream out)
      throws IOException {
    Credentials tokens = new Credentials();
    if (!UserGroupInformation.isSecurityEnabled()) {
      return tokens;
    }
    tokens.addAll(UserGroupInformation.getCurrentUser().getCredentials());
    DelegationTokens.obtain(hadoopConf, DelegationTokens.fileSystems(hadoopConf, stagingDir,
        conf.get(YarnConfigs.KERBEROS_FILESYSTEMS.key())), DelegationTokens.renewer(hadoopConf), tokens);
    out.println("Delegation tokens for the AM: " + DelegationTokens.describe(tokens));
    return tokens;
  }

  /** With --keytab on a secured cluster: the keytab, owner-only in the staging dir, localized PRIVATE for the AM. */
  static void shipKeytab(Map<String, String> conf, StagingDir staging, AmContainer am) throws IOException {
    String keytab = conf.get(YarnConfigs.KERBEROS_KEYTAB.key());
    if (!UserGroupInformation.isSecurityEnabled() || keytab == null || keytab.isBlank()) {
      return;
    }
    FileStatus shipped = staging.uploadOwnerOnly(Paths.get(keytab.trim()), AmLaunchSpec.KEYTAB_FILE);
    am.localize(AmLaunchSpec.KEYTAB_FILE, shipped, LocalResourceVisibility.PRIVATE);
  }
}
