package io.spindle.client;

import io.spindle.am.YarnConfigs;
import io.spindle.function.JobFailedException;
import io.spindle.client.SubmitArguments.UsageException;
import io.spindle.client.yarn.YarnLauncher;
import io.spindle.config.SpindleConfigs;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Entry point of {@code bin/spindle-submit}: parses the command line, assembles the
 * configuration (conf/spindle-defaults.conf &lt; --properties-file &lt; --conf), loads the
 * application jar and runs its main class with the configuration as {@code spindle.*} system
 * properties, which every {@code new SpindleConf()} picks up. With {@code --master yarn} (and for
 * {@code --status} / {@code --kill}) it hands over to {@link YarnLauncher}, which submits the
 * application to run with its driver in the YARN ApplicationMaster. Exits with a code from
 * {@link ExitCodes}.
 */
public final class SpindleSubmit {
  private static final int STACK_FRAMES_SHOWN = 10;

  private SpindleSubmit() {}

  public static void main(String[] args) {
    if (System.getProperty("spindle.home") == null) {
      String home = homeOfClientJar();
      if (home != null) { // started as `yarn jar <home>/lib/spindle-client-<version>.jar …`, not by bin/spindle-submit
        System.setProperty("spindle.home", home);
      }
    }
    int code = run(args, System.out, System.err);
    if (code == 0) { // bin/spindle-submit's class-data archive of the YARN client, if it asked for one (quietly)
      io.spindle.cluster.ClassDataArchive.atOrderlyEnd();
    }
    System.exit(code);
  }

  /**
   * The Spindle home this class was loaded from: {@code <home>/lib/spindle-client-<version>.jar} of
   * an unpacked distribution or {@code <home>/client/target/spindle-client.jar} of a checkout
   * (bin/spindle-submit sets spindle.home itself; {@code yarn jar} does not), else null.
   */
  static String homeOfClientJar() {
    Path home = SpindleHome.homeOfThisClass(SpindleSubmit.class);
    return home == null ? null : home.toString();
  }

  /** Runs the command and returns its exit code (the application's own System.exit aside). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    SubmitArguments parsed;
    Map<String, String> conf;
    Class<?> mainClass;
    try {
      parsed = SubmitArguments.parse(args);
      if (parsed.help()) {
        out.print(SubmitArguments.helpText());
        return ExitCodes.SUCCESS;
      }
      conf = configuration(parsed);
      if (parsed.isYarn()) {
        return new YarnLauncher(System.getenv(), out, err).run(parsed, conf);
      }
      // What a YARN submission refuses before staging is refused here too, before the main runs: a
      // job tried locally first learns of a malformed value (an executor size, a YARN or dynamic
      // allocation setting local mode does not use) before it reaches a cluster. Settings made in code
      // are checked where they are used, as before.
      io.spindle.SpindleConf settings = new io.spindle.SpindleConf(false);
      conf.forEach(settings::set);
      io.spindle.am.YarnSettingsCheck.check(settings);
      ProxyUser.checkCombination(conf);
      mainClass = loadMainClass(parsed);
    } catch (UsageException e) {
      err.println("spindle-submit: " + e.getMessage());
      err.println("Usage: " + SubmitArguments.USAGE + " (--help for more)");
      return ExitCodes.USAGE;
    } catch (io.spindle.config.InvalidConfigException e) {
      err.println("spindle-submit: " + e.getMessage());
      return ExitCodes.INVALID_CONFIG;
    }
    conf.forEach(System::setProperty);
    try {
      invokeMain(findMain(mainClass), parsed.appArgs().toArray(new String[0]), ProxyUser.of(conf));
      return ExitCodes.SUCCESS;
    } catch (InvocationTargetException e) {
      Throwable failure = e.getCause();
      int code = ExitCodes.classify(failure);
      report(failure, code, err);
      return code;
    } catch (IllegalAccessException | UsageException e) {
      err.println("spindle-submit: cannot run " + mainClass.getName() + ".main: " + e.getMessage());
      return ExitCodes.USAGE;
    }
  }

  /**
   * Runs the main, as {@code proxyUser} on behalf of this process's login when one is given (local
   * mode's --proxy-user: the driver's Hadoop calls, e.g. reading HDFS, are made as that user).
   */
  private static void invokeMain(Method main, String[] args, String proxyUser)
      throws InvocationTargetException, IllegalAccessException {
    if (proxyUser == null) {
      main.invoke(null, (Object) args);
      return;
    }
    try {
      ProxyUser.impersonate(proxyUser).doAs((java.security.PrivilegedExceptionAction<Void>) () -> {
        main.invoke(null, (Object) args);
        return null;
      });
    } catch (java.io.IOException | InterruptedException e) { // the main's own, or the login's
      throw new InvocationTargetException(e);
    } catch (java.lang.reflect.UndeclaredThrowableException e) { // doAs wraps what the action threw
      if (e.getCause() instanceof IllegalAccessException iae) {
        throw iae;
      }
      throw e.getCause() instanceof InvocationTargetException ite ? ite : new InvocationTargetException(e.getCause());
    }
  }

  /** The merged configuration, lowest precedence first. */
  static Map<String, String> configuration(SubmitArguments args) throws UsageException {
    Map<String, String> conf = new TreeMap<>();
    String home = System.getProperty("spindle.home");
    if (home != null) {
      Path defaults = Paths.get(home, "conf", "spindle-defaults.conf");
      if (Files.isRegularFile(defaults)) {
        conf.putAll(load(defaults));
      }
    }
    if (args.propertiesFile() != null) {
      Path file = Paths.get(args.propertiesFile());
      if (!Files.isRegularFile(file)) {
        throw new UsageException("Properties file not found: " + file.toAbsolutePath());
      }
      conf.putAll(load(file));
    }
    for (Map.Entry<String, String> e : args.conf().entrySet()) {
      if (!e.getKey().startsWith("spindle.")) {
        throw new UsageException("--conf key '" + e.getKey() + "' is not a Spindle setting: keys start with 'spindle.'"
            + " (Hadoop settings: spindle.hadoop.<key>)");
      }
      conf.put(e.getKey(), e.getValue());
    }
    String master = SpindleConfigs.MASTER.key();
    conf.put(master, args.master() != null ? args.master() : conf.getOrDefault(master, SpindleConfigs.MASTER.defaultValue()));
    if (args.name() != null) {
      conf.put(SpindleConfigs.APP_NAME.key(), args.name());
    }
    if (args.driverMemory() != null) {
      conf.put(YarnConfigs.DRIVER_MEMORY.key(), args.driverMemory());
    }
    conf.putAll(args.yarn().asConf());
    return conf;
  }

  private static Map<String, String> load(Path file) throws UsageException {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      props.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("Cannot read properties file " + file + ": " + e.getMessage());
    }
    Map<String, String> out = new TreeMap<>();
    for (String key : props.stringPropertyNames()) {
      if (key.startsWith("spindle.")) {
        out.put(key, props.getProperty(key).trim());
      }
    }
    return out;
  }

  private static Class<?> loadMainClass(SubmitArguments args) throws UsageException {
    File jar = new File(args.appJar());
    if (!jar.isFile()) {
      throw new UsageException("Application jar not found: " + jar.getAbsolutePath());
    }
    try {
      URLClassLoader loader = new URLClassLoader(new URL[] {jar.toURI().toURL()},
          SpindleSubmit.class.getClassLoader());
      Thread.currentThread().setContextClassLoader(loader);
      return Class.forName(args.mainClass(), false, loader);
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      throw new UsageException("Class " + args.mainClass() + " not found in " + jar + " (check --class)");
    } catch (IOException e) {
      throw new UsageException("Cannot read application jar " + jar + ": " + e.getMessage());
    }
  }

  private static Method findMain(Class<?> c) throws UsageException {
    try {
      Method main = c.getMethod("main", String[].class);
      if (!Modifier.isStatic(main.getModifiers())) {
        throw new UsageException(c.getName() + ".main is not static");
      }
      return main;
    } catch (NoSuchMethodException e) {
      throw new UsageException(c.getName() + " has no public static void main(String[])");
    }
  }

  /** One clear line, then for a failed job the user's exception and the first frames of its stack. */
  static void report(Throwable failure, int code, PrintStream err) {
    switch (code) {
      case ExitCodes.INVALID_CONFIG, ExitCodes.INPUT_MISSING, ExitCodes.OUTPUT_EXISTS ->
          err.println("spindle-submit: " + rootMessage(failure, code));
      case ExitCodes.JOB_FAILED -> {
        err.println("spindle-submit: job failed: " + failure.getMessage());
        Throwable user = failure instanceof JobFailedException ? failure.getCause() : null;
        if (user != null) {
          err.println("Caused by: " + user);
          StackTraceElement[] frames = user.getStackTrace();
          for (int i = 0; i < Math.min(STACK_FRAMES_SHOWN, frames.length); i++) {
            err.println("\tat " + frames[i]);
          }
          if (frames.length > STACK_FRAMES_SHOWN) {
            err.println("\t... " + (frames.length - STACK_FRAMES_SHOWN) + " more");
          }
        }
      }
      default -> {
        err.println("spindle-submit: the application failed: " + failure);
        failure.printStackTrace(err);
      }
    }
  }

  /** The message of the classified exception in the cause chain. */
  private static String rootMessage(Throwable failure, int code) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (ExitCodes.classify(c) == code && (c.getCause() == null || ExitCodes.classify(c.getCause()) != code)) {
        return c.getMessage();
      }
    }
    return String.valueOf(failure.getMessage());
  }
}
