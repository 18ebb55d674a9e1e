package io.spindle.client.yarn;

import io.spindle.am.YarnConfigs;
import io.spindle.client.SubmitArguments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Who the client is on a Kerberos-secured cluster, decided before anything is staged, in
 * spark-submit's order: {@code --principal/--keytab} (or spindle.kerberos.principal/keytab): a
 * login from the keytab; else the ticket cache of {@code kinit}; else the tokens of
 * {@code HADOOP_TOKEN_FILE_LOCATION} (Oozie's launcher sets it; Hadoop's login reads it), with no
 * TGT needed. With none of them the submission is refused with one line naming both ways to log in.
 * Without Kerberos nothing happens here.
 */
final class KerberosLogin {
  static final String TOKEN_FILE_ENV = UserGroupInformation.HADOOP_TOKEN_FILE_LOCATION;

  private KerberosLogin() {}

  /** Security is on and the client has no credentials. */
  static final class NoCredentialsException extends Exception {
    private static final long serialVersionUID = 1L;

    NoCredentialsException(String message) {
      super(message);
    }
  }

  /** How the client logged in, for one line of output (no secret in it). */
  enum Source { SIMPLE, KEYTAB, TICKET_CACHE, TOKEN_FILE }

  /**
   * Installs {@code hadoopConf} as Hadoop's security configuration and logs in.
   *
   * @throws SubmitArguments.UsageException only one of principal and keytab, or an unreadable keytab
   * @throws NoCredentialsException Kerberos is on and there is no way to authenticate
   * @throws IOException the KDC refused the keytab login
   */
  static Source login(Configuration hadoopConf, Map<String, String> conf, Map<String, String> env)
      throws SubmitArguments.UsageException, NoCredentialsException, IOException {
    UserGroupInformation.setConfiguration(hadoopConf);
    if (!UserGroupInformation.isSecurityEnabled()) {
      return Source.SIMPLE;
    }
    String principal = blankToNull(conf.get(YarnConfigs.KERBEROS_PRINCIPAL.key()));
    String keytab = blankToNull(conf.get(YarnConfigs.KERBEROS_KEYTAB.key()));
    if (principal != null || keytab != null) {
      if (principal == null || keytab == null) {
        throw new SubmitArguments.UsageException("--principal and --keytab go together (spindle.kerberos.principal"
            + " and spindle.kerberos.keytab): give both, or neither to use the ticket cache of kinit");
      }
      if (!Files.isRegularFile(Paths.get(keytab)) || !Files.isReadable(Paths.get(keytab))) {
        throw new SubmitArguments.UsageException("--keytab " + Paths.get(keytab).toAbsolutePath()
            + " is not a readable file");
      }
      UserGroupInformation.loginUserFromKeytab(principal, keytab);
      return Source.KEYTAB;
    }
    UserGroupInformation user = UserGroupInformation.getLoginUser(); // ticket cache, token file
    if (user.hasKerberosCredentials()) {
      return Source.TICKET_CACHE;
    }
    String tokenFile = env.get(TOKEN_FILE_ENV);
    if (tokenFile != null && !tokenFile.isBlank() && !user.getCredentials().getAllTokens().isEmpty()) {
      return Source.TOKEN_FILE;
    }
    throw new NoCredentialsException("the cluster uses Kerberos (hadoop.security.authentication=kerberos) and there"
        + " are no credentials: run kinit first, or pass --principal <principal> --keytab <keytab file>");
  }

  /**
   * Who submits: the login user, except with only a token file, where the process's login is
   * just its OS account (Oozie's launcher container) and the tokens say who the user is: the
   * owner of the first delegation token, carrying all the file's tokens. Its home dir holds the
   * staging dir, as it would for a ticket-cache login of the same user.
   */
  static UserGroupInformation submitter(Source source) throws IOException {
    UserGroupInformation login = UserGroupInformation.getLoginUser();
    if (source != Source.TOKEN_FILE) {
      return login;
    }
    for (org.apache.hadoop.security.token.Token<?> token : login.getCredentials().getAllTokens()) {
      org.apache.hadoop.security.token.TokenIdentifier id = token.decodeIdentifier();
      if (id instanceof org.apache.hadoop.security.token.delegation.AbstractDelegationTokenIdentifier d
          && d.getOwner() != null && d.getOwner().getLength() > 0) {
        UserGroupInformation owner = UserGroupInformation.createRemoteUser(d.getUser().getShortUserName(),
            org.apache.hadoop.security.SaslRpcServer.AuthMethod.TOKEN);
        owner.addCredentials(login.getCredentials());
        return owner;
      }
    }
    return login;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
