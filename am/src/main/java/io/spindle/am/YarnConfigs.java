package io.spindle.am;

import io.spindle.config.ConfigEntry;
import java.util.List;

/**
 * The {@code spindle.*} keys of YARN mode, read by the client (sizing and submitting the
 * ApplicationMaster) and by the AM. They live here, not in core's SpindleConfigs, because only
 * the YARN modules read them; keys marked "recorded" are accepted and passed to the AM but have no
 * effect until executors run in containers.
 */
public final class YarnConfigs {
  private YarnConfigs() {}

  public static final ConfigEntry<Long> DRIVER_MEMORY = ConfigEntry.bytes("spindle.driver.memory", "1g",
      "Heap of the driver; on YARN the ApplicationMaster's -Xmx (--driver-memory).");

  public static final ConfigEntry<Long> DRIVER_MEMORY_OVERHEAD = ConfigEntry.bytes(
      "spindle.driver.memoryOverhead", null,
      "Off-heap allowance added to the driver heap to size the AM container; default max(384m, 10% of the heap).");

  public static final ConfigEntry<String> DRIVER_EXTRA_JAVA_OPTIONS = ConfigEntry.string(
      "spindle.driver.extraJavaOptions", null, "Extra JVM options of the driver on YARN (the ApplicationMaster's "
      + "command line), whitespace-separated, e.g. -XX:+UseSerialGC. Not for -Xmx: use spindle.driver.memory.");

  public static final ConfigEntry<Integer> DRIVER_CORES = ConfigEntry.positiveInt("spindle.driver.cores", 1,
      "Virtual cores of the AM container (--driver-cores).");

  public static final ConfigEntry<Integer> AM_CORES = ConfigEntry.positiveInt("spindle.yarn.am.cores", null,
      "Task threads inside the AM while tasks run there (no executors yet); default spindle.driver.cores.");

  public static final ConfigEntry<String> QUEUE = ConfigEntry.string("spindle.yarn.queue", "default",
      "YARN queue to submit to (--queue).");

  public static final ConfigEntry<String> AM_NODE_LABEL_EXPRESSION = ConfigEntry.string(
      "spindle.yarn.am.nodeLabelExpression", null,
      "YARN node label expression (one label) the AM container must run under, e.g. etl; unset: the queue's "
      + "default label. Spark's spark.yarn.am.nodeLabelExpression.");

  public static final ConfigEntry<String> EXECUTOR_NODE_LABEL_EXPRESSION = ConfigEntry.string(
      "spindle.yarn.executor.nodeLabelExpression", null,
      "YARN node label expression (one label) executor containers must run under; unset: the queue's default "
      + "label. Locality preferences still apply among the label's nodes. Spark's spark.yarn.executor.nodeLabelExpression.");

  public static final ConfigEntry<Integer> MAX_APP_ATTEMPTS = ConfigEntry.positiveInt("spindle.yarn.maxAppAttempts",
      null, "ApplicationMaster attempts (--max-app-attempts); default: the cluster's yarn.resourcemanager.am.max-attempts.");

  public static final ConfigEntry<Long> AM_ATTEMPT_FAILURES_VALIDITY_INTERVAL = ConfigEntry.durationMillis(
      "spindle.yarn.am.attemptFailuresValidityInterval", null,
      "Only ApplicationMaster failures within this interval count against spindle.yarn.maxAppAttempts (YARN's "
          + "attemptFailuresValidityInterval; Spark's spark.yarn.am.attemptFailuresValidityInterval), so a long "
          + "application survives occasional AM failures; unset or 0: every failure counts.");

  public static final ConfigEntry<Integer> PRIORITY = ConfigEntry.nonNegativeInt("spindle.yarn.priority", null,
      "The application's priority among its queue's pending applications (higher first; Spark's spark.yarn.priority), "
          + "capped by the cluster's yarn.cluster.max-application-priority; unset: the queue's default.");

  public static final ConfigEntry<String> HISTORY_SERVER_ADDRESS = ConfigEntry.string(
      "spindle.yarn.historyServer.address", null,
      "Address of the Spindle history server (host:port or http://host:port) reading this application's "
          + "spindle.eventLog.dir; the AM unregisters with <address>/history/<appId>/ as the final tracking URL, so the "
          + "ResourceManager's link keeps working after the end. Unset: no final tracking URL.");

  public static final ConfigEntry<String> TAGS = ConfigEntry.string("spindle.yarn.tags", null,
      "Comma-separated YARN application tags (--tags).");

  public static final ConfigEntry<String> CACHE_DIR = ConfigEntry.string("spindle.yarn.cacheDir", null,
      "Content-addressed cache of the framework jars in the default filesystem; default <home>/.spindle/cache.");

  public static final ConfigEntry<String> CACHE_MAX_UNUSED_AGE = ConfigEntry.string("spindle.yarn.cache.maxUnusedAge",
      "30d", "Files of the jar cache (spindle.yarn.cacheDir) and of your own file cache (<stagingDir>/.files-<user>)"
          + " that no submission shipped for this long are removed by a submitting client, at most once a day per"
          + " dir (m, h or d; at least 1d; 0 keeps every file).");

  public static final ConfigEntry<String> STAGING_DIR = ConfigEntry.string("spindle.yarn.stagingDir", null,
      "Parent of the per-application staging dirs in the default filesystem; default <home>/.spindle/staging.");

  public static final ConfigEntry<String> FRAMEWORK_JARS = ConfigEntry.string("spindle.yarn.jars", null,
      "Comma-separated local framework jars to ship; default spindle-client.jar + lib/* of this installation.");

  public static final ConfigEntry<String> ACCEPT_TIMEOUT = ConfigEntry.string("spindle.yarn.acceptTimeout", "300s",
      "How long an application may wait in ACCEPTED before the client reports the scheduler's diagnostics,"
          + " kills it and exits 10 (ms, s, m or h; 0 waits forever).");

  public static final ConfigEntry<String> REPORT_INTERVAL = ConfigEntry.string("spindle.yarn.report.interval",
      "250ms", "How often the client polls the ResourceManager for the application's state (one small RPC; it "
      + "bounds how late the client notices the end: 1s added ~0.5 s to every submission). In an application's first "
      + "15 s the client polls at least every 100ms, so that a short one's end is seen sooner.");

  public static final ConfigEntry<String> JAVA_HOME = ConfigEntry.string("spindle.yarn.javaHome", null,
      "JDK on the NodeManagers for the AM; default the container's $JAVA_HOME.");

  public static final ConfigEntry<Boolean> CLASS_DATA_SHARING = ConfigEntry.bool("spindle.yarn.classDataSharing", true,
      "The AM and executor containers map a class-data sharing archive of their classes, written at the orderly "
      + "end of the first such container on each node into <nm-local-dir>/usercache/<user>/spindle-cds (docs/yarn.md). "
      + "false: the plain java command. Also off for a container whose extraJavaOptions choose -Xshare or an "
      + "archive themselves.");

  public static final ConfigEntry<String> EXECUTOR_INSTANCES = ConfigEntry.string("spindle.executor.instances",
      "2", "Executor containers the AM asks for (--num-executors); 0 runs the tasks on threads inside the AM "
      + "(spindle.yarn.am.cores of them).");

  public static final ConfigEntry<Long> EXECUTOR_MEMORY = ConfigEntry.bytes("spindle.executor.memory", "1g",
      "Heap (-Xmx) of each executor (--executor-memory); its container is this + spindle.executor.memoryOverhead.");

  public static final ConfigEntry<Long> EXECUTOR_MEMORY_OVERHEAD = ConfigEntry.bytes(
      "spindle.executor.memoryOverhead", null, "Off-heap memory added to each executor container "
      + "(default max(384m, 10% of spindle.executor.memory)); raise it when YARN kills executors for memory.");

  public static final ConfigEntry<String> EXECUTOR_EXTRA_JAVA_OPTIONS = ConfigEntry.string(
      "spindle.executor.extraJavaOptions", null, "Extra JVM options of each executor container on YARN, "
      + "whitespace-separated. Not for -Xmx: use spindle.executor.memory.");

  public static final ConfigEntry<Integer> EXECUTOR_CORES = ConfigEntry.positiveInt("spindle.executor.cores", 1,
      "Vcores of each executor container and its task threads (--executor-cores).");

  public static final ConfigEntry<Integer> EXECUTOR_MAX_FAILURES = ConfigEntry.positiveInt(
      "spindle.executor.maxFailures", null, "Executor containers that may fail (and are replaced) before the "
      + "AM stops replacing them and fails the application; default max(3, 2 x spindle.executor.instances). Preemption, containers the AM "
      + "released and disk failures do not count.");

  public static final ConfigEntry<Long> EXECUTOR_FAILURES_VALIDITY_INTERVAL = ConfigEntry.durationMillis(
      "spindle.executor.failuresValidityInterval", null,
      "Executor failures older than this no longer count against spindle.executor.maxFailures (Spark's "
          + "spark.executor.failuresValidityInterval), so a long application is not failed by failures spread over "
          + "its life; unset or 0: every failure counts.");

  /**
   * How often a cached file in use is marked as used (its access time set): by a client that ships
   * it, once its last use is this old, and by a running AM, this often.
   */
  public static final long CACHE_MARK_INTERVAL_MS = 86_400_000L;

  /**
   * {@link #CACHE_MAX_UNUSED_AGE} in ms: 0 (keep every file) or at least {@link #CACHE_MARK_INTERVAL_MS},
   * since a file in use is marked only that often; else an {@link io.spindle.config.InvalidConfigException} naming the key.
   */
  public static long cacheMaxUnusedAgeMillis(io.spindle.config.Settings conf) {
    String value = conf.get(CACHE_MAX_UNUSED_AGE);
    long ms = durationMillis(CACHE_MAX_UNUSED_AGE.key(), value);
    if (ms != 0 && ms < CACHE_MARK_INTERVAL_MS) {
      throw new io.spindle.config.InvalidConfigException(CACHE_MAX_UNUSED_AGE.key() + ": expected 0 (keep every"
          + " file) or at least 1d (files in use are marked as used once a day), got '" + value + "'");
    }
    return ms;
  }

  /**
   * Whether the application's tasks run inside the AM (no executor containers): --num-executors 0
   * without dynamic allocation. The client chooses the AM's JVM options by it, the AM its deployment.
   */
  public static boolean tasksRunInAm(io.spindle.config.Settings conf) {
    return executorInstances(conf) == 0 && ElasticConfigs.dynamicAllocationBounds(conf) == null;
  }

  /** Task threads inside the AM when {@link #tasksRunInAm}: spindle.yarn.am.cores, else spindle.driver.cores. */
  public static int amTaskThreads(io.spindle.config.Settings conf) {
    Integer amCores = conf.get(AM_CORES);
    return amCores != null ? amCores : conf.get(DRIVER_CORES);
  }

  /** spindle.executor.instances as a count (0 allowed: tasks on AM threads). */
  public static int executorInstances(io.spindle.config.Settings conf) {
    String value = conf.get(EXECUTOR_INSTANCES).trim();
    try {
      int n = Integer.parseInt(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // the error below
    }
    throw new io.spindle.config.InvalidConfigException(EXECUTOR_INSTANCES.key() + ": expected a number of executors"
        + " >= 0 (0 runs the tasks inside the AM), not '" + value + "'");
  }

  public static final ConfigEntry<String> DIST_JARS = ConfigEntry.string("spindle.yarn.dist.jars", null,
      "--jars: more jars, comma-separated, on the class path of the driver and of every executor.");
  public static final ConfigEntry<String> DIST_FILES = ConfigEntry.string("spindle.yarn.dist.files", null,
      "--files: path[#alias] entries, comma-separated, placed in the working dir of the driver and of every "
      + "executor; local paths are staged, paths in a cluster filesystem localized from where they are.");
  public static final ConfigEntry<String> DIST_ARCHIVES = ConfigEntry.string("spindle.yarn.dist.archives", null,
      "--archives: path[#alias] entries, comma-separated; the NodeManager unpacks each into a dir named by the "
      + "alias (or the file name) in the working dir of the driver and of every executor.");

  public static final ConfigEntry<String> KERBEROS_PRINCIPAL = ConfigEntry.string("spindle.kerberos.principal", null,
      "Kerberos principal the client logs in as (--principal), with spindle.kerberos.keytab; on a secured cluster "
      + "the AM then logs in from the keytab too and keeps the delegation tokens fresh (docs/security.md).");

  public static final ConfigEntry<String> PROXY_USER = ConfigEntry.string("spindle.submit.proxyUser", null,
      "Run the application as this user, on behalf of the submitting (real) user (--proxy-user; Livy's and "
      + "Oozie's way): the ResourceManager and the NameNode must allow the real user to impersonate it "
      + "(hadoop.proxyuser.<real user>.hosts and .groups or .users in their core-site.xml). Not with "
      + "spindle.kerberos.principal/keytab (docs/security.md).");

  public static final ConfigEntry<String> KERBEROS_KEYTAB = ConfigEntry.string("spindle.kerberos.keytab", null,
      "Local keytab of spindle.kerberos.principal (--keytab); shipped to the AM as a private, owner-only file "
      + "so that jobs may outlive their delegation tokens. Without both, the client uses the ticket cache (kinit) "
      + "or HADOOP_TOKEN_FILE_LOCATION.");

  public static final ConfigEntry<String> KERBEROS_FILESYSTEMS = ConfigEntry.string(
      "spindle.kerberos.access.hadoopFileSystems", null, "Comma-separated URIs of more secured filesystems "
      + "(e.g. hdfs://other-nn:8020) the job reads or writes; delegation tokens are obtained for them as for "
      + "the default and the staging filesystem.");

  public static final ConfigEntry<String> UI_VIEW_ACLS = ConfigEntry.string("spindle.ui.view.acls", null,
      "On a Kerberos cluster: comma-separated users (or *) who may view the status UI through the "
      + "ResourceManager's proxy, besides the application's owner and spindle.admin.acls (docs/security.md).");

  public static final ConfigEntry<String> ADMIN_ACLS = ConfigEntry.string("spindle.admin.acls", null,
      "On a Kerberos cluster: comma-separated users (or *) who may view every Spindle application's status UI.");

  public static final ConfigEntry<Double> EXCLUDE_MAX_NODE_FRACTION = ConfigEntry.fraction(
      "spindle.yarn.excludeOnFailure.maxNodeFraction", 0.33,
      "With spindle.excludeOnFailure.enabled: the largest share of the cluster's NodeManagers (rounded down) that "
          + "may be on this application's YARN exclusion list at once (Tez caps at 33%); when more qualify, the "
          + "most recently excluded stay and older ones are removed.");

  /** Default of {@link #EXECUTOR_LOSS_REPORT_TIMEOUT}. */
  public static final long EXECUTOR_LOSS_REPORT_TIMEOUT_DEFAULT_MS = 30_000;

  public static final ConfigEntry<Long> EXECUTOR_LOSS_REPORT_TIMEOUT = ConfigEntry.durationMillis(
      "spindle.yarn.executor.lossReportTimeout", EXECUTOR_LOSS_REPORT_TIMEOUT_DEFAULT_MS / 1000 + "s",
      "After the driver lost an executor (its connection closed or its heartbeats stopped), how long the AM waits "
          + "for the ResourceManager to report its container ended (with the exit status that says whether it "
          + "counts against spindle.executor.maxFailures) before it releases the container and asks for a "
          + "replacement, not counted as a failure. The report does not come while a dead NodeManager is not yet "
          + "declared lost (yarn.nm.liveness-monitor.expiry-interval-ms, 10 min by default), nor for an executor "
          + "that hangs without exiting.");

  public static final List<ConfigEntry<?>> ALL = List.of(DRIVER_MEMORY, DRIVER_MEMORY_OVERHEAD, DRIVER_CORES,
      AM_CORES, QUEUE, AM_NODE_LABEL_EXPRESSION, EXECUTOR_NODE_LABEL_EXPRESSION, MAX_APP_ATTEMPTS, AM_ATTEMPT_FAILURES_VALIDITY_INTERVAL, PRIORITY, TAGS, CACHE_DIR, CACHE_MAX_UNUSED_AGE, STAGING_DIR, FRAMEWORK_JARS, ACCEPT_TIMEOUT,
      REPORT_INTERVAL, JAVA_HOME, CLASS_DATA_SHARING, EXECUTOR_INSTANCES, EXECUTOR_MEMORY, EXECUTOR_MEMORY_OVERHEAD, EXECUTOR_CORES,
      EXECUTOR_MAX_FAILURES, EXECUTOR_FAILURES_VALIDITY_INTERVAL, DIST_JARS, DIST_FILES, DIST_ARCHIVES, DRIVER_EXTRA_JAVA_OPTIONS, EXECUTOR_EXTRA_JAVA_OPTIONS,
      HISTORY_SERVER_ADDRESS, KERBEROS_PRINCIPAL, KERBEROS_KEYTAB, PROXY_USER, KERBEROS_FILESYSTEMS, UI_VIEW_ACLS, ADMIN_ACLS,
      EXCLUDE_MAX_NODE_FRACTION, EXECUTOR_LOSS_REPORT_TIMEOUT);

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d} or a bare number of seconds. */
  public static long durationMillis(String key, String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    long unit = 1000;
    String digits = v;
    if (v.endsWith("ms")) {
      unit = 1;
      digits = v.substring(0, v.length() - 2);
    } else if (v.endsWith("s") || v.endsWith("m") || v.endsWith("h") || v.endsWith("d")) {
      char c = v.charAt(v.length() - 1);
      unit = c == 's' ? 1000 : c == 'm' ? 60_000 : c == 'h' ? 3_600_000 : 86_400_000;
      digits = v.substring(0, v.length() - 1);
    }
    try {
      long n = Long.parseLong(digits.trim());
      if (n >= 0) {
        return n * unit;
      }
    } catch (NumberFormatException ignored) {
      // fall through
    }
    throw new io.spindle.config.InvalidConfigException(key + ": expected a duration such as 500ms, 30s, 5m or 1h,"
        + " got '" + value + "'");
  }
}
