package io.spindle.client;

import io.spindle.am.YarnConfigs;
import io.spindle.config.ConfigEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The command line of spindle-submit, named as spark-submit names its flags:
 * {@code [--master M] --class C [--name N] [--conf k=v]... [--properties-file F] app.jar [app args]}.
 * Everything after the jar belongs to the application.
 */
public record SubmitArguments(String master, String mainClass, String name, Map<String, String> conf,
    String propertiesFile, String driverMemory, String appJar, List<String> appArgs, boolean help,
    YarnFlags yarn, String statusAppId, String killAppId) {

  public static final String USAGE =
      "spindle-submit [--master local[N]|yarn] --class <main class> [--conf key=value]... app.jar [app args]\n"
          + "       spindle-submit --status <application id> | --kill <application id>";

  /**
   * Flags that only YARN mode reads (local mode records them in the configuration and ignores them).
   * {@code files} and {@code archives} entries are {@code path[#alias]} (see DistributedFile).
   */
  public record YarnFlags(String driverCores, String queue, List<String> jars, List<String> files,
      List<String> archives, String maxAppAttempts, String tags, boolean noWait, String numExecutors,
      String executorMemory, String executorCores) {
    static final YarnFlags NONE = new YarnFlags(null, null, List.of(), List.of(), List.of(), null, null, false, null,
        null, null);

    /** The spindle.* keys these flags set (they win over --conf, as in spark-submit). */
    public Map<String, String> asConf() {
      Map<String, String> c = new LinkedHashMap<>();
      putIf(c, YarnConfigs.DRIVER_CORES, driverCores);
      putIf(c, YarnConfigs.QUEUE, queue);
      putIf(c, YarnConfigs.MAX_APP_ATTEMPTS, maxAppAttempts);
      putIf(c, YarnConfigs.TAGS, tags);
      putIf(c, YarnConfigs.DIST_JARS, jars.isEmpty() ? null : String.join(",", jars));
      putIf(c, YarnConfigs.DIST_FILES, files.isEmpty() ? null : String.join(",", files));
      putIf(c, YarnConfigs.DIST_ARCHIVES, archives.isEmpty() ? null : String.join(",", archives));
      putIf(c, YarnConfigs.EXECUTOR_INSTANCES, numExecutors);
      putIf(c, YarnConfigs.EXECUTOR_MEMORY, executorMemory);
      putIf(c, YarnConfigs.EXECUTOR_CORES, executorCores);
      return c;
    }

    private static void putIf(Map<String, String> c, ConfigEntry<?> key, String value) {
      if (value != null) {
        c.put(key.key(), value);
      }
    }
  }

  /** A command line that cannot be run; the message names the problem. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  static Options options() {
    Options o = new Options();
    o.addOption(Option.builder().longOpt("master").hasArg().argName("master")
        .desc("local, local[N] or local[*] (default local[*]): N task threads in this JVM;"
            + " local-cluster[N,cores,memoryMiB]: N executor JVMs on this machine; or yarn: submit to the"
            + " ResourceManager of HADOOP_CONF_DIR / YARN_CONF_DIR").get());
    o.addOption(Option.builder().longOpt("class").hasArg().argName("class")
        .desc("the application's main class (required)").get());
    o.addOption(Option.builder().longOpt("name").hasArg().argName("name")
        .desc("application name (spindle.app.name)").get());
    o.addOption(Option.builder().longOpt("conf").hasArg().argName("key=value")
        .desc("a spindle.* configuration value; repeatable; wins over --properties-file").get());
    o.addOption(Option.builder().longOpt("properties-file").hasArg().argName("file")
        .desc("a file of spindle.* properties; wins over conf/spindle-defaults.conf").get());
    o.addOption(Option.builder().longOpt("driver-memory").hasArg().argName("size")
        .desc("heap of the driver JVM, e.g. 2g (default 1g; applied by bin/spindle-submit; yarn: the heap of the"
            + " ApplicationMaster, which runs the driver)")
        .get());
    o.addOption(Option.builder().longOpt("driver-cores").hasArg().argName("n")
        .desc("yarn: virtual cores of the ApplicationMaster, which runs the driver (default 1)").get());
    o.addOption(Option.builder().longOpt("queue").hasArg().argName("queue")
        .desc("yarn: the queue to submit to (default: default)").get());
    o.addOption(Option.builder().longOpt("jars").hasArg().argName("a.jar,b.jar")
        .desc("yarn: more jars (local files) for the class path of the driver and of every executor;"
            + " ignored in local mode").get());
    o.addOption(Option.builder().longOpt("files").hasArg().argName("f1[#alias],f2")
        .desc("yarn: files (local or hdfs://...) placed in the working dir of the driver and every executor;"
            + " ignored in local mode").get());
    o.addOption(Option.builder().longOpt("archives").hasArg().argName("a1[#alias],a2")
        .desc("yarn: archives (zip, tar, tar.gz, tgz, jar) unpacked into a dir of the working dir of the driver"
            + " and every executor; ignored in local mode").get());
    o.addOption(Option.builder().longOpt("max-app-attempts").hasArg().argName("n")
        .desc("yarn: ApplicationMaster attempts (default: the cluster's)").get());
    o.addOption(Option.builder().longOpt("tags").hasArg().argName("t1,t2")
        .desc("yarn: application tags").get());
    o.addOption(Option.builder().longOpt("no-wait")
        .desc("yarn: print the application id and exit 0 once submitted").get());
    o.addOption(Option.builder().longOpt("num-executors").hasArg().argName("n")
        .desc("yarn: executor containers to run the tasks in (default 2; 0 runs them on threads inside the"
            + " ApplicationMaster)").get());
    o.addOption(Option.builder().longOpt("executor-memory").hasArg().argName("size")
        .desc("yarn: heap of each executor, e.g. 2g (default 1g; its container gets max(384m, 10%) more)").get());
    o.addOption(Option.builder().longOpt("executor-cores").hasArg().argName("n")
        .desc("yarn: virtual cores of each executor container, and its task threads (default 1)").get());
    o.addOption(Option.builder().longOpt("principal").hasArg().argName("principal")
        .desc("yarn, Kerberos: log in as this principal, with --keytab (spindle.kerberos.principal); the AM"
            + " renews the job's delegation tokens from the keytab. Default: the ticket cache (kinit)").get());
    o.addOption(Option.builder().longOpt("keytab").hasArg().argName("file")
        .desc("yarn, Kerberos: the keytab of --principal (spindle.kerberos.keytab)").get());
    o.addOption(Option.builder().longOpt("proxy-user").hasArg().argName("user")
        .desc("run the application as this user on behalf of the one submitting (spindle.submit.proxyUser); the"
            + " cluster must allow the impersonation (hadoop.proxyuser.*). Not with --principal/--keytab").get());
    o.addOption(Option.builder().longOpt("status").hasArg().argName("application id")
        .desc("yarn: print an application's state, final status, progress, tracking URL and diagnostics;"
            + " exit 0 if the ResourceManager knows it").get());
    o.addOption(Option.builder().longOpt("kill").hasArg().argName("application id")
        .desc("yarn: kill an application, wait until YARN confirms, and remove its staging directory").get());
    o.addOption(Option.builder("h").longOpt("help").desc("print this help and exit 0").get());
    return o;
  }

  public static SubmitArguments parse(String[] args) throws UsageException {
    CommandLine cl;
    try {
      // stopAtNonOption: the first non-option is the jar; what follows is the application's.
      cl = DefaultParser.builder().get().parse(options(), args, true);
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
    if (cl.hasOption("help")) {
      return new SubmitArguments(null, null, null, Map.of(), null, null, null, List.of(), true, YarnFlags.NONE,
          null, null);
    }
    if (cl.hasOption("status") || cl.hasOption("kill")) {
      if (cl.hasOption("status") && cl.hasOption("kill")) {
        throw new UsageException("--status and --kill exclude each other");
      }
      return new SubmitArguments("yarn", null, null, Map.of(), last(cl, "properties-file"), null, null,
          List.of(), false, YarnFlags.NONE, last(cl, "status"), last(cl, "kill"));
    }
    List<String> rest = new ArrayList<>(cl.getArgList());
    if (!rest.isEmpty() && rest.get(0).startsWith("-")) {
      throw new UsageException("Unrecognized option: " + rest.get(0));
    }
    Map<String, String> conf = new LinkedHashMap<>();
    for (String kv : cl.getOptionValues("conf") == null ? new String[0] : cl.getOptionValues("conf")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("--conf expects key=value, got '" + kv + "'");
      }
      conf.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
    }
    // Like the flags of YarnFlags, --principal/--keytab win over --conf.
    if (cl.hasOption("principal")) {
      conf.put(YarnConfigs.KERBEROS_PRINCIPAL.key(), last(cl, "principal"));
    }
    if (cl.hasOption("keytab")) {
      conf.put(YarnConfigs.KERBEROS_KEYTAB.key(), last(cl, "keytab"));
    }
    if (cl.hasOption("proxy-user")) {
      conf.put(YarnConfigs.PROXY_USER.key(), last(cl, "proxy-user"));
    }
    if (!cl.hasOption("class")) {
      throw new UsageException("Missing --class: name the application's main class");
    }
    if (rest.isEmpty()) {
      throw new UsageException("Missing application jar");
    }
    return new SubmitArguments(last(cl, "master"), last(cl, "class"), last(cl, "name"),
        conf, last(cl, "properties-file"), last(cl, "driver-memory"), rest.get(0),
        List.copyOf(rest.subList(1, rest.size())), false, yarnFlags(cl), null, null);
  }

  private static YarnFlags yarnFlags(CommandLine cl) {
    return new YarnFlags(last(cl, "driver-cores"), last(cl, "queue"), list(cl, "jars"),
        list(cl, "files"), list(cl, "archives"), last(cl, "max-app-attempts"),
        last(cl, "tags"), cl.hasOption("no-wait"), last(cl, "num-executors"),
        last(cl, "executor-memory"), last(cl, "executor-cores"));
  }

  /**
   * A flag's value; given more than once, the last one (as spark-submit and most command lines: a
   * wrapper script's defaults come first, what is added after them wins). commons-cli's
   * getOptionValue would return the first.
   */
  private static String last(CommandLine cl, String option) {
    String[] values = cl.getOptionValues(option);
    return values == null || values.length == 0 ? null : values[values.length - 1];
  }

  private static List<String> list(CommandLine cl, String option) {
    String v = last(cl, option);
    if (v == null || v.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String s : v.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return List.copyOf(out);
  }

  public boolean isYarn() {
    return "yarn".equals(master == null ? null : master.trim());
  }

  public static String helpText() {
    java.io.StringWriter out = new java.io.StringWriter();
    try (java.io.PrintWriter pw = new java.io.PrintWriter(out)) {
      new HelpFormatter().printHelp(pw, 100, USAGE, "\nRuns a Spindle application.\n\nOptions:", options(), 2, 3,
          "\nExit codes: 0 success, 1 application failed, 2 usage error, 3 invalid configuration,"
              + " 4 input path missing, 5 output path exists, 6 job failed; yarn: 7 application failed without a"
              + " driver exception, 8 killed, 9 submission failed or refused (also: Kerberos on and no credentials),"
              + " 10 stuck in ACCEPTED, 11 the delegation tokens expired (submit with --principal/--keytab).", false);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "SubmitArguments" + Arrays.asList(master, mainClass, appJar, appArgs);
  }
}
