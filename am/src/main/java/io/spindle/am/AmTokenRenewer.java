package io.spindle.am;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.security.token.delegation.AbstractDelegationTokenIdentifier;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a long application's delegation tokens alive on a Kerberos cluster, as Spark's AM does.
 * With the keytab spindle-submit shipped ({@code --keytab}), the AM logs in from it (a login of
 * its own: the AM keeps running with its container's tokens) and, before {@value #RENEW_AT} of
 * the time to the earliest token expiry has passed, obtains fresh tokens for the same
 * filesystems, adds them to its own credentials (new HDFS connections use them) and pushes them to
 * every executor through the driver RPC ({@code UPDATE_CREDENTIALS}, via the ClusterBackend).
 *
 * <p>The expiry of a token is the earlier of its max date and its issue date + the renewal
 * interval. The interval is not in the token: as Spark does, one token per filesystem is
 * obtained with the AM's own principal as renewer and renewed once to learn it.
 *
 * <p>Without a keytab nothing is renewed beyond what YARN does (until the tokens' max lifetime); a
 * driver that failed after that reports {@link DelegationTokensExpiredException} naming the expiry
 * and {@code --keytab}. Logs name token kinds and services, never a token or the keytab.
 */
final class AmTokenRenewer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AmTokenRenewer.class);
  static final double RENEW_AT = 0.75;
  private static final long MIN_DELAY_MS = 500;
  private static final Pattern TOKEN_FAILURE = Pattern.compile(
      "(?is).*token.*(is expired|has expired|can't be found in cache|cannot be found in cache).*");

  private final YarnConfiguration conf;
  private final Set<URI> fileSystems;
  private final UserGroupInformation keytabUser; // null: no keytab
  private final ToIntFunction<byte[]> executors;
  private final ScheduledExecutorService timer;
  private volatile long renewIntervalMs = -1;
  private volatile long renewals;

  private AmTokenRenewer(YarnConfiguration conf, Set<URI> fileSystems, UserGroupInformation keytabUser,
      ToIntFunction<byte[]> executors) {
    this.conf = conf;
    this.fileSystems = fileSystems;
    this.keytabUser = keytabUser;
    this.executors = executors;
    this.timer = keytabUser == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "spindle-token-renewer");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts renewing if Kerberos is on and the keytab is in {@code workDir}; else a renewer that
   * only explains expired tokens. {@code executors} receives serialized tokens, returns how many
   * executors got them (0 before the driver created its backend).
   */
  static AmTokenRenewer start(YarnConfiguration conf, AmLaunchSpec spec, Path workDir,
      ToIntFunction<byte[]> executors) throws IOException, InterruptedException {
    if (!UserGroupInformation.isSecurityEnabled()) {
      return new AmTokenRenewer(conf, Set.of(), null, executors);
    }
    Set<URI> fileSystems = DelegationTokens.fileSystems(conf, spec.stagingDir(),
        spec.conf().get(YarnConfigs.KERBEROS_FILESYSTEMS.key()));
    String principal = spec.conf().get(YarnConfigs.KERBEROS_PRINCIPAL.key());
    Path keytab = workDir.resolve(AmLaunchSpec.KEYTAB_FILE);
    Credentials current = UserGroupInformation.getCurrentUser().getCredentials();
    if (principal == null || principal.isBlank() || !Files.isRegularFile(keytab)) {
      long expiry = DelegationTokens.earliestExpiry(current, -1);
      LOG.info("No keytab (--keytab): the delegation tokens ({}) are not re-obtained; they stop working at the"
          + " latest at {}", DelegationTokens.describe(current), expiry == Long.MAX_VALUE ? "(no expiry)"
          : Instant.ofEpochMilli(expiry));
      return new AmTokenRenewer(conf, fileSystems, null, executors);
    }
    UserGroupInformation user;
    try {
      user = UserGroupInformation.loginUserFromKeytabAndReturnUGI(principal.trim(), keytab.toString());
    } catch (IOException e) { // the job may still end before its tokens do
      LOG.warn("Could not log in as {} from the keytab shipped with the application ({}); the delegation tokens"
          + " will not be re-obtained", principal, e.toString());
      return new AmTokenRenewer(conf, fileSystems, null, executors);
    }
    LOG.info("Logged in as {} from the keytab shipped with the application, to re-obtain delegation tokens for {}",
        user.getUserName(), fileSystems);
    AmTokenRenewer renewer = new AmTokenRenewer(conf, fileSystems, user, executors);
    renewer.renewIntervalMs = renewer.learnRenewalInterval();
    renewer.schedule(current);
    return renewer;
  }

  /** How many times tokens were re-obtained. */
  long renewals() {
    return renewals;
  }

  /**
   * The driver's outcome, or if it failed once the tokens were expired (or with a token error)
   * and there was no keytab, the outcome naming the expiry and {@code --keytab}.
   */
  DriverOutcome explain(DriverOutcome outcome) throws IOException {
    if (outcome.isSuccess() || keytabUser != null || !UserGroupInformation.isSecurityEnabled()) {
      return outcome;
    }
    Credentials current = UserGroupInformation.getCurrentUser().getCredentials();
    long expiry = DelegationTokens.earliestExpiry(current, -1);
    boolean expired = System.currentTimeMillis() >= expiry;
    if (!expired && !TOKEN_FAILURE.matcher(outcome.diagnostics()).matches()) {
      return outcome;
    }
    String when = expiry == Long.MAX_VALUE ? "" : " (their max lifetime ended at " + Instant.ofEpochMilli(expiry) + ")";
    String message = "The application's delegation tokens expired" + when + " and the ApplicationMaster had no"
        + " keytab to obtain new ones: submit with --principal <principal> --keytab <keytab> to run jobs longer"
        + " than the tokens' lifetime";
    LOG.error(message);
    return new DriverOutcome(FinalApplicationStatus.FAILED, message + "\n" + outcome.diagnostics() + "\n"
        + DriverOutcome.CAUSE_CHAIN_PREFIX + DelegationTokensExpiredException.class.getName());
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void schedule(Credentials tokens) {
    long now = System.currentTimeMillis();
    long expiry = DelegationTokens.earliestExpiry(tokens, renewIntervalMs);
    if (expiry == Long.MAX_VALUE) {
      LOG.info("No delegation token with an expiry: nothing to re-obtain");
      return;
    }
    long due = (long) ((expiry - now) * RENEW_AT);
    if (due <= MIN_DELAY_MS) { // e.g. the AM started after the submitted tokens' renewal interval: renew first
      renew();
      return;
    }
    long delay = due;
    LOG.info("Next re-obtaining of the delegation tokens in {} ms ({} of the time to their expiry at {})", delay,
        RENEW_AT, Instant.ofEpochMilli(expiry));
    timer.schedule(this::renew, delay, TimeUnit.MILLISECONDS);
  }

  private void renew() {
    try {
      keytabUser.checkTGTAndReloginFromKeytab();
      String renewer = DelegationTokens.renewer(conf);
      Credentials fresh = new Credentials();
      keytabUser.doAs((PrivilegedExceptionAction<Void>) () -> {
        DelegationTokens.obtain(conf, fileSystems, renewer, fresh);
        return null;
      });
      UserGroupInformation.getCurrentUser().addCredentials(fresh);
      // Executors get the tokens and the application secret key they already hold, nothing of the AM's own.
      int sent = executors.applyAsInt(DelegationTokens.serialize(DelegationTokens.withoutAmRmToken(
          withoutSecretKeys(fresh))));
      renewals++;
      LOG.info("Re-obtained delegation tokens ({}) and sent them to {} executors", DelegationTokens.describe(fresh),
          sent);
      schedule(fresh);
    } catch (Exception e) {
      long retry = Math.max(MIN_DELAY_MS, renewIntervalMs > 0 ? renewIntervalMs / 10 : 60_000);
      LOG.warn("Could not re-obtain the delegation tokens ({}); trying again in {} ms", e.toString(), retry);
      timer.schedule(this::renew, retry, TimeUnit.MILLISECONDS);
    }
  }

  private static Credentials withoutSecretKeys(Credentials c) {
    Credentials copy = new Credentials();
    for (Token<? extends TokenIdentifier> t : c.getAllTokens()) {
      copy.addToken(t.getService(), t);
    }
    return copy;
  }

  /**
   * The shortest renewal interval of the filesystems' tokens: obtained with the keytab user as
   * renewer and renewed once, new expiry - issue date (Spark's way). -1 if it cannot be learnt
   * (then only max dates count).
   */
  private long learnRenewalInterval() {
    try {
      return keytabUser.doAs((PrivilegedExceptionAction<Long>) () -> {
        Credentials probe = new Credentials();
        DelegationTokens.obtain(conf, fileSystems, keytabUser.getUserName(), probe);
        long interval = Long.MAX_VALUE;
        for (Token<? extends TokenIdentifier> t : probe.getAllTokens()) {
          TokenIdentifier id = t.decodeIdentifier();
          if (id instanceof AbstractDelegationTokenIdentifier d) {
            interval = Math.min(interval, t.renew(conf) - d.getIssueDate());
          }
        }
        LOG.info("Delegation tokens must be renewed every {} ms", interval == Long.MAX_VALUE ? "(never)" : interval);
        return interval == Long.MAX_VALUE ? -1L : interval;
      });
    } catch (Exception e) {
      LOG.warn("Could not learn the tokens' renewal interval ({}); re-obtaining them by their max date only",
          e.toString());
      return -1;
    }
  }
}
