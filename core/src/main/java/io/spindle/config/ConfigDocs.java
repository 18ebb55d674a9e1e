package io.spindle.config;

/**
 * Prints the table of {@link SpindleConfigs} as Markdown: docs/configuration.md is generated with
 * {@code java -cp core/target/classes io.spindle.config.ConfigDocs > docs/configuration.md}, and a
 * test fails when the file is out of date.
 */
public final class ConfigDocs {
  private ConfigDocs() {}

  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Configuration\n\n")
        .append("Generated from `io.spindle.config.SpindleConfigs` by `io.spindle.config.ConfigDocs`; do not edit.\n")
        .append("Set keys with `--conf key=value`, a `--properties-file`, `conf/spindle-defaults.conf` or ")
        .append("`SpindleConf.set`. Hadoop settings pass through as `spindle.hadoop.<hadoop key>`.\n")
        .append("Two Hadoop keys differ from Hadoop's defaults, and `spindle.hadoop.*` overrides both: ")
        .append("`fs.local.block.size` is 128 MiB (local files split like HDFS's blocks), and `fs.file.impl`, ")
        .append("unless Hadoop's XML names one, is `io.spindle.io.PosixLocalFileSystem` (Hadoop's local ")
        .append("filesystem, setting permissions without a `chmod` process per file and directory; ")
        .append("`spindle.hadoop.fs.file.impl=org.apache.hadoop.fs.LocalFileSystem` restores Hadoop's).\n\n")
        .append("| key | default | meaning |\n|---|---|---|\n");
    for (ConfigEntry<?> e : SpindleConfigs.ALL) {
      out.append("| `").append(e.key()).append("` | ")
          .append(e.defaultValue() == null ? "(unset)" : "`" + e.defaultValue() + "`").append(" | ")
          .append(e.doc().replace("|", "\\|")).append(" |\n");
    }
    return out.toString();
  }

  public static void main(String[] args) {
    System.out.print(markdown());
  }
}
