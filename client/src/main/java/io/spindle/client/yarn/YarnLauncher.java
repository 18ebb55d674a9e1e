package io.spindle.client.yarn;

import io.spindle.SpindleConf;
import io.spindle.am.YarnConfigs;
import io.spindle.client.ExitCodes;
import io.spindle.client.SubmitArguments;
import io.spindle.config.InvalidConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * spindle-submit's YARN mode: checks what it can locally (jar, main class in the jar, --jars,
 * --files, framework jars, config values), submits, then follows the application to its end
 * unless --no-wait. Also runs --status and --kill.
 */
public final class YarnLauncher {
  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  public YarnLauncher(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  public int run(SubmitArguments args, Map<String, String> conf) {
    SubmitTimeline timeline = new SubmitTimeline();
    timeline.mark("launcherStarted");
    if (!HadoopConfs.hasConfDir(env)) {
      // As spark-submit: without them the client would talk to 0.0.0.0:8032 and time out.
      err.println("spindle-submit: --master yarn needs HADOOP_CONF_DIR or YARN_CONF_DIR in the environment,"
          + " pointing at the cluster's *-site.xml files");
      return ExitCodes.USAGE;
    }
    YarnConfiguration hadoopConf = HadoopConfs.load(env, conf);
    // Before any Hadoop client exists: whether Kerberos is on comes from the cluster's files, not the class path.
    org.apache.hadoop.security.UserGroupInformation.setConfiguration(hadoopConf);
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      if (args.statusAppId() != null || args.killAppId() != null) {
        yarn.init(HadoopConfs.forResourceManager(hadoopConf));
        yarn.start();
        return args.statusAppId() != null ? YarnCommands.status(yarn, args.statusAppId(), out, err)
            : YarnCommands.kill(yarn, hadoopConf, conf, args.killAppId(), out, err);
      }
      List<Path> frameworkJars;
      long intervalMs;
      long acceptTimeoutMs;
      try {
        YarnFlagCheck.check(args); // a bad count or size given as a flag: exit 2, the flag named
        checkLocally(args);
        io.spindle.client.ProxyUser.checkCombination(conf);
        SpindleConf parsed = new SpindleConf(false);
        conf.forEach(parsed::set);
        // Malformed or out-of-range values fail here, before anything is uploaded, rather than in the AM.
        io.spindle.am.YarnSettingsCheck.check(parsed);
        intervalMs = Math.max(100, YarnConfigs.durationMillis(YarnConfigs.REPORT_INTERVAL.key(),
            parsed.get(YarnConfigs.REPORT_INTERVAL)));
        acceptTimeoutMs = YarnConfigs.durationMillis(YarnConfigs.ACCEPT_TIMEOUT.key(),
            parsed.get(YarnConfigs.ACCEPT_TIMEOUT));
      } catch (InvalidConfigException e) {
        err.println("spindle-submit: " + e.getMessage());
        return ExitCodes.INVALID_CONFIG;
      } catch (SubmitArguments.UsageException e) {
        err.println("spindle-submit: " + e.getMessage());
        return ExitCodes.USAGE;
      }
      org.apache.hadoop.security.UserGroupInformation submitter;
      try {
        KerberosLogin.Source login = KerberosLogin.login(hadoopConf, conf, env);
        submitter = KerberosLogin.submitter(login);
        if (login != KerberosLogin.Source.SIMPLE) {
          out.println("Kerberos: submitting as " + submitter.getUserName() + " ("
              + login.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
        }
        String proxyUser = io.spindle.client.ProxyUser.of(conf);
        if (proxyUser != null) {
          if (login == KerberosLogin.Source.TOKEN_FILE) {
            throw new SubmitArguments.UsageException("--proxy-user needs the real user's own login (kinit, or a"
                + " cluster without Kerberos), not only the tokens of " + KerberosLogin.TOKEN_FILE_ENV
                + ", which already name their user");
          }
          submitter = io.spindle.client.ProxyUser.impersonate(proxyUser, submitter);
          out.println("Submitting as " + proxyUser + ", a proxy user on behalf of "
              + submitter.getRealUser().getUserName());
        }
      } catch (KerberosLogin.NoCredentialsException e) {
        err.println("spindle-submit: " + e.getMessage());
        return ExitCodes.NO_KERBEROS_CREDENTIALS;
      } catch (SubmitArguments.UsageException e) {
        err.println("spindle-submit: " + e.getMessage());
        return ExitCodes.USAGE;
      } catch (IOException e) {
        err.println("spindle-submit: Kerberos login from the keytab failed: " + e.getMessage());
        return ExitCodes.NO_KERBEROS_CREDENTIALS;
      }
      // Staging needs the HDFS client (several hundred classes, ~0.2 s of one core): it loads on another
      // thread, as the submitter, while the checks below run and the YARN client starts and asks for an id.
      io.spindle.io.FileSystemWarmup.startAs(hadoopConf, submitter);
      try {
        // As the submitter: on a Kerberos cluster only its credentials reach HDFS.
        SpindleConf settings = new SpindleConf(false);
        conf.forEach(settings::set);
        submitter.doAs((java.security.PrivilegedExceptionAction<Void>) () -> {
          EventLogDirCheck.check(settings, hadoopConf);
          return null;
        });
      } catch (InvalidConfigException e) {
        err.println("spindle-submit: " + e.getMessage());
        return ExitCodes.INVALID_CONFIG;
      } catch (IOException | InterruptedException e) {
        String refused = io.spindle.client.ProxyUser.refusal(e, submitter);
        if (refused != null) {
          err.println("spindle-submit: " + refused);
          return ExitCodes.YARN_SUBMISSION_FAILED;
        }
        err.println("spindle-submit: cannot check spindle.eventLog.dir: " + e);
        return ExitCodes.INVALID_CONFIG;
      }
      try {
        frameworkJars = FrameworkJars.locate(conf, System.getProperty("spindle.home"));
      } catch (IOException e) {
        err.println("spindle-submit: cannot find the framework jars: " + e.getMessage());
        return ExitCodes.YARN_SUBMISSION_FAILED;
      }

      ApplicationId appId;
      timeline.mark("checked");
      try {
        // As the submitter: its Hadoop clients (the RM proxy made here, the filesystems) keep that user.
        appId = submitter.doAs((java.security.PrivilegedExceptionAction<ApplicationId>) () -> {
          yarn.init(HadoopConfs.forResourceManager(hadoopConf));
          yarn.start();
          timeline.mark("yarnClientStarted");
          return new YarnSubmission(args, conf, hadoopConf, frameworkJars, out, timeline).submit(yarn);
        });
        timeline.mark("submitted");
      } catch (InvalidConfigException e) { // a container larger than the cluster's largest: nothing staged
        err.println("spindle-submit: " + e.getMessage());
        return ExitCodes.INVALID_CONFIG;
      } catch (Exception e) {
        String refused = io.spindle.client.ProxyUser.refusal(e, submitter);
        err.println("spindle-submit: " + (refused != null ? refused : "submission to YARN failed: " + describe(e)));
        return ExitCodes.YARN_SUBMISSION_FAILED;
      }
      out.println("Application id: " + appId);
      if (args.yarn().noWait()) {
        out.println("Submitted; not waiting (--no-wait). Follow it with: bin/spindle-submit --status " + appId);
        return ExitCodes.SUCCESS;
      }
      ApplicationMonitor monitor = new ApplicationMonitor(yarn, out, err, intervalMs, acceptTimeoutMs);
      // Spark's progress bar, read from the AM's status API at each report; only on a terminal.
      YarnConsoleProgress progress = showConsoleProgress(conf) ? YarnConsoleProgress.onStderr() : null;
      if (progress != null) {
        monitor.onReport(progress::onReport);
      }
      int code;
      try {
        code = monitor.follow(appId);
      } finally {
        if (progress != null) {
          progress.stop();
        }
      }
      timeline.ended(monitor.lastReport());
      submitter.doAs((java.security.PrivilegedExceptionAction<Void>) () -> {
        removeStagingIfLeft(hadoopConf, conf, appId);
        return null;
      });
      return code;
    } catch (Exception e) {
      err.println("spindle-submit: lost touch with YARN: " + e);
      return ExitCodes.YARN_SUBMISSION_FAILED;
    }
  }

  /**
   * What went wrong, for one line: the cause under Java's wrappers ({@code doAs} wraps a checked
   * exception it does not declare, such as YARN's own {@code YarnException}, in an
   * UndeclaredThrowableException without a message), its class and message.
   */
  static String describe(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.lang.reflect.UndeclaredThrowableException
        || t instanceof java.security.PrivilegedActionException
        || t instanceof java.lang.reflect.InvocationTargetException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t.toString();
  }

  /** The AM removes the staging dir at unregister; an AM that crashed or was killed could not. */
  private void removeStagingIfLeft(YarnConfiguration hadoopConf, Map<String, String> conf, ApplicationId appId) {
    try {
      org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.get(hadoopConf);
      org.apache.hadoop.fs.Path staging = StagingDir.pathFor(fs, conf, appId.toString());
      // Outputs the dead AM was writing: without this their _temporary/ stays and a rerun fails with exit 5.
      for (String output : io.spindle.am.OutputJournal.cleanUncommitted(hadoopConf, staging.toString())) {
        err.println("spindle-submit: removed the uncommitted output " + output + " the failed application left");
      }
      StagingDir.remove(fs, staging);
    } catch (IOException e) {
      err.println("spindle-submit: warning: could not remove the staging dir of " + appId + ": " + e);
    }
  }

  /** What can be refused without a cluster round trip. */
  static void checkLocally(SubmitArguments args) throws SubmitArguments.UsageException {
    requireFile("The application jar", args.appJar());
    for (String f : args.yarn().jars()) {
      requireFile("--jars", f);
    }
    for (DistributedFile f : DistributedFile.parseAll(args.yarn().files(), args.yarn().archives(),
        YarnSubmission.shippedNames())) {
      f.checkLocal();
    }
    String entry = args.mainClass().replace('.', '/') + ".class";
    List<String> jars = new java.util.ArrayList<>(List.of(args.appJar()));
    jars.addAll(args.yarn().jars());
    for (String jar : jars) {
      try (JarFile jf = new JarFile(jar)) {
        if (jf.getEntry(entry) != null) {
          return;
        }
      } catch (IOException e) {
        throw new SubmitArguments.UsageException("Cannot read " + jar + " as a jar: " + e.getMessage());
      }
    }
    throw new SubmitArguments.UsageException("Class " + args.mainClass() + " not found in " + String.join(", ", jars)
        + " (check --class)");
  }

  private static void requireFile(String flag, String file) throws SubmitArguments.UsageException {
    if (!java.nio.file.Files.isRegularFile(Paths.get(file))) {
      throw new SubmitArguments.UsageException(flag + " " + Paths.get(file).toAbsolutePath()
          + " is not a readable file");
    }
  }

  /** {@code spindle.ui.showConsoleProgress} and stderr a terminal (bin/spindle-submit tells: SPINDLE_STDERR_IS_TTY). */
  static boolean showConsoleProgress(Map<String, String> conf) {
    SpindleConf settings = new SpindleConf(false);
    conf.forEach(settings::set);
    return settings.get(io.spindle.config.SpindleConfigs.UI_SHOW_CONSOLE_PROGRESS)
        && io.spindle.status.ConsoleProgressBar.stderrIsTerminal();
  }
}
