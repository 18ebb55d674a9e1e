package io.spindle.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.am.YarnConfigs;
import io.spindle.config.ConfigEntry;
import io.spindle.config.SpindleConfigs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds {@code spindle-submit --help} (and the README's and docs/yarn.md's flag lists) against what
 * the client does: every flag the parser accepts has a help line, the line of a flag that changes
 * the submission does not call it missing, defaults the help states are the configuration's, and
 * both documents name every flag.
 */
class SubmitHelpTest {
  /** Phrases that would say a flag does nothing yet. */
  private static final List<String> NOT_THERE = List.of("not there yet", "recorded only", "not implemented",
      "not yet", "ignored on yarn", "no effect", "unsupported", "todo");

  /** Flags that do not submit anything, so a parse with them does not change the submission. */
  private static final List<String> COMMANDS = List.of("help", "status", "kill");

  private static String help() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SpindleSubmit.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(ExitCodes.SUCCESS, code);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Each option's help entry, from its {@code --name} to the next option (help wraps long lines). */
  private static String entryOf(String help, String longOpt) {
    Matcher m = Pattern.compile("(?m)^ {0,5}(?:-\\w,)?--" + Pattern.quote(longOpt) + "\\b(.*(?:\\n\\s{10,}.*)*)")
        .matcher(help);
    assertTrue(m.find(), "--help has no entry for --" + longOpt + ":\n" + help);
    return m.group(1).replaceAll("\\s+", " ").trim();
  }

  @Test
  void everyFlagHasAHelpLineThatDoesNotCallItMissing() {
    String help = help();
    for (Option o : SubmitArguments.options().getOptions()) {
      String entry = entryOf(help, o.getLongOpt());
      assertTrue(entry.length() > 15, "--" + o.getLongOpt() + " needs a description: " + entry);
      for (String phrase : NOT_THERE) {
        assertFalse(entry.toLowerCase(Locale.ROOT).contains(phrase), "--" + o.getLongOpt() + ": '" + entry
            + "' says '" + phrase + "'");
      }
    }
    assertTrue(help.contains("Exit codes:"), help);
  }

  @TempDir
  Path tmp;
  private Path propertiesFile;

  /** The flags implemented: each changes what is submitted (a field of the parse or a configuration value). */
  @Test
  void everyFlagChangesTheSubmission() throws Exception {
    propertiesFile = Files.writeString(tmp.resolve("p.properties"), "spindle.from.file=1\n");
    String[] base = {"--master", "yarn", "--class", "a.B", "app.jar", "in"};
    SubmitArguments plain = SubmitArguments.parse(base);
    Map<String, String> plainConf = SpindleSubmit.configuration(plain);
    for (Option o : SubmitArguments.options().getOptions()) {
      if (COMMANDS.contains(o.getLongOpt())) {
        continue;
      }
      // After the base's flags (a flag given twice takes its last value), before the jar and its arguments.
      List<String> args = new ArrayList<>(List.of(base).subList(0, base.length - 2));
      args.add("--" + o.getLongOpt());
      if (o.hasArg()) {
        args.add(sampleValue(o.getLongOpt()));
      }
      args.addAll(List.of(base).subList(base.length - 2, base.length));
      SubmitArguments with = SubmitArguments.parse(args.toArray(new String[0]));
      if (o.getLongOpt().equals("master")) { // overrides the base's yarn: compare with local
        assertEquals("local[3]", SpindleSubmit.configuration(with).get(SpindleConfigs.MASTER.key()));
        continue;
      }
      boolean changed = !SpindleSubmit.configuration(with).equals(plainConf) || !with.equals(plain);
      assertTrue(changed, "--" + o.getLongOpt() + " is documented but changes nothing");
    }
  }

  private String sampleValue(String flag) {
    return switch (flag) {
      case "master" -> "local[3]";
      case "conf" -> "spindle.x=y";
      case "properties-file" -> propertiesFile.toString();
      case "jars" -> "x.jar";
      case "files" -> "f.txt#alias";
      case "archives" -> "a.zip";
      case "driver-memory", "executor-memory" -> "3g";
      case "queue", "name", "tags" -> "v";
      default -> "3";
    };
  }

  /** "(default X" in a flag's help is the default of the key the flag sets. */
  @Test
  void statedDefaultsAreTheConfigurationDefaults() {
    String help = help();
    Map<String, ConfigEntry<?>> keys = Map.of("num-executors", YarnConfigs.EXECUTOR_INSTANCES,
        "executor-memory", YarnConfigs.EXECUTOR_MEMORY, "executor-cores", YarnConfigs.EXECUTOR_CORES,
        "driver-cores", YarnConfigs.DRIVER_CORES, "driver-memory", YarnConfigs.DRIVER_MEMORY,
        "queue", YarnConfigs.QUEUE, "master", SpindleConfigs.MASTER);
    Pattern stated = Pattern.compile("\\(default:? ([^;,)\\s]+)");
    for (Map.Entry<String, ConfigEntry<?>> e : keys.entrySet()) {
      Matcher m = stated.matcher(entryOf(help, e.getKey()));
      assertTrue(m.find(), "--" + e.getKey() + " states its default");
      assertEquals(e.getValue().defaultValue(), m.group(1), "--" + e.getKey() + "'s stated default");
    }
  }

  /** README.md's flag tables and docs/yarn.md name every flag, and neither calls one missing. */
  @Test
  void readmeAndYarnDocNameEveryFlag() throws Exception {
    for (String doc : List.of("README.md", "docs/yarn.md")) {
      Path file = Path.of("..").resolve(doc);
      assertTrue(Files.isRegularFile(file), file.toAbsolutePath() + " (the test runs in client/)");
      String text = Files.readString(file);
      for (Option o : SubmitArguments.options().getOptions()) {
        assertTrue(text.contains("`--" + o.getLongOpt()), doc + " does not name `--" + o.getLongOpt() + "`");
      }
      for (String flag : List.of("num-executors", "executor-memory", "executor-cores")) {
        Matcher m = Pattern.compile("(?im)^.*`--" + flag + "`.*$").matcher(text);
        while (m.find()) {
          for (String phrase : NOT_THERE) {
            assertFalse(m.group().toLowerCase(Locale.ROOT).contains(phrase), doc + ": " + m.group());
          }
        }
      }
    }
    assertNotEquals(0, SubmitArguments.options().getOptions().size());
  }
}
