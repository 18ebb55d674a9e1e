package io.spindle.client;

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
    String propertiesFile, String driverMemory, String appJar, List<String> appArgs, boolean help) {

  public static final String USAGE =
      "spindle-submit [--master local[N]] --class <main class> [--conf key=value]... app.jar [app args]";

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
        .desc("local, local[N] or local[*] (default local[*]): N task threads in this JVM").get());
    o.addOption(Option.builder().longOpt("class").hasArg().argName("class")
        .desc("the application's main class").get());
    o.addOption(Option.builder().longOpt("name").hasArg().argName("name")
        .desc("application name (spindle.app.name)").get());
    o.addOption(Option.builder().longOpt("conf").hasArg().argName("key=value")
        .desc("a spindle.* configuration value; repeatable; wins over --properties-file").get());
    o.addOption(Option.builder().longOpt("properties-file").hasArg().argName("file")
        .desc("a file of spindle.* properties; wins over conf/spindle-defaults.conf").get());
    o.addOption(Option.builder().longOpt("driver-memory").hasArg().argName("size")
        .desc("heap of the driver JVM, e.g. 2g (default 1g; applied by bin/spindle-submit)").get());
    o.addOption(Option.builder("h").longOpt("help").desc("print this help").get());
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
      return new SubmitArguments(null, null, null, Map.of(), null, null, null, List.of(), true);
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
    if (!cl.hasOption("class")) {
      throw new UsageException("Missing --class: name the application's main class");
    }
    if (rest.isEmpty()) {
      throw new UsageException("Missing application jar");
    }
    return new SubmitArguments(cl.getOptionValue("master"), cl.getOptionValue("class"), cl.getOptionValue("name"),
        conf, cl.getOptionValue("properties-file"), cl.getOptionValue("driver-memory"), rest.get(0),
        List.copyOf(rest.subList(1, rest.size())), false);
  }

  public static String helpText() {
    java.io.StringWriter out = new java.io.StringWriter();
    try (java.io.PrintWriter pw = new java.io.PrintWriter(out)) {
      new HelpFormatter().printHelp(pw, 100, USAGE, "\nRuns a Spindle application.\n\nOptions:", options(), 2, 3,
          "\nExit codes: 0 success, 1 application failed, 2 usage error, 3 invalid configuration,"
              + " 4 input path missing, 5 output path exists, 6 job failed.", false);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "SubmitArguments" + Arrays.asList(master, mainClass, appJar, appArgs);
  }
}
