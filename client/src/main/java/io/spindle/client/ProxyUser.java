package io.spindle.client;

import io.spindle.am.YarnConfigs;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * spark-submit's {@code --proxy-user} ({@code spindle.submit.proxyUser}): the client authenticates as
 * itself (the real user: an OS account, or a Kerberos ticket, as a Livy or Oozie server has) and acts
 * as the proxy user, so the application, its files and its delegation tokens belong to that user. The
 * cluster decides whether the real user may do so ({@code hadoop.proxyuser.<real>.hosts} and
 * {@code .groups}/{@code .users} in the NameNode's and the ResourceManager's core-site.xml); the
 * client only refuses what it knows cannot work: a proxy user with a keytab login (the AM would
 * renew the proxy user's tokens from the real user's keytab, which Hadoop does not allow; spark-submit
 * refuses it too) or with only a token file (the tokens already name their user).
 */
public final class ProxyUser {
  private ProxyUser() {}

  /** The user to act as, or null when none is configured. */
  public static String of(Map<String, String> conf) {
    String user = conf.get(YarnConfigs.PROXY_USER.key());
    return user == null || user.isBlank() ? null : user.trim();
  }

  /** Refuses a proxy user together with a keytab login; nothing happens without a proxy user. */
  public static void checkCombination(Map<String, String> conf) throws SubmitArguments.UsageException {
    String user = of(conf);
    if (user == null) {
      return;
    }
    if (!user.matches("[A-Za-z0-9_.@$-]+")) {
      throw new SubmitArguments.UsageException("--proxy-user '" + user + "' is not a user name");
    }
    if (present(conf, YarnConfigs.KERBEROS_PRINCIPAL.key()) || present(conf, YarnConfigs.KERBEROS_KEYTAB.key())) {
      throw new SubmitArguments.UsageException("--proxy-user cannot go with --principal/--keytab (spindle.kerberos.*)"
          + ": the keytab's user cannot renew another user's tokens. Log in as the real user with kinit and keep"
          + " --proxy-user, or submit as the keytab's user without it");
    }
  }

  /** {@code user}, acting on behalf of {@code realUser}: the one to run Hadoop calls as ({@code doAs}). */
  public static UserGroupInformation impersonate(String user, UserGroupInformation realUser) {
    return UserGroupInformation.createProxyUser(user, realUser);
  }

  /** {@code user} on behalf of this process's login user. */
  public static UserGroupInformation impersonate(String user) throws IOException {
    return impersonate(user, UserGroupInformation.getLoginUser());
  }

  /**
   * One line naming the fix when {@code failure} is the cluster refusing the impersonation, else null.
   * Hadoop's refusal is an {@code AuthorizationException} ("User: root is not allowed to impersonate
   * alice"), sometimes only as the message of a RemoteException wrapping it.
   */
  public static String refusal(Throwable failure, UserGroupInformation proxy) {
    if (proxy.getRealUser() == null) {
      return null; // no impersonation: an authorization failure of another kind
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof org.apache.hadoop.security.authorize.AuthorizationException
          || message.contains("is not allowed to impersonate")) {
        String real = proxy.getRealUser().getShortUserName();
        return "the cluster does not let " + real + " act as proxy user " + proxy.getShortUserName() + " ("
            + firstLine(message) + "): allow it in the NameNode's and ResourceManager's core-site.xml with "
            + "hadoop.proxyuser." + real + ".hosts and hadoop.proxyuser." + real + ".groups (or .users), "
            + "then refresh them (hdfs dfsadmin -refreshSuperUserGroupsConfiguration, "
            + "yarn rmadmin -refreshSuperUserGroupsConfiguration)";
      }
    }
    return null;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static boolean present(Map<String, String> conf, String key) {
    String v = conf.get(key);
    return v != null && !v.isBlank();
  }
}
