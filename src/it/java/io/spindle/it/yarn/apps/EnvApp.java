package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Args: an output file, a variable name. Writes {@code driver=<value>} (the AM's environment) and
 * one {@code executor=<value>} line per distinct value its tasks saw ({@code null} when unset).
 */
public final class EnvApp {
  private EnvApp() {}

  public static void main(String[] args) throws Exception {
    String name = args[1];
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("env"))) {
      TreeSet<String> seen = new TreeSet<>(ctx.parallelize(List.of(1, 2, 3, 4), 4)
          .map(x -> String.valueOf(System.getenv(name))).collect());
      StringBuilder out = new StringBuilder("driver=" + System.getenv(name) + "\n");
      for (String value : seen) {
        out.append("executor=").append(value).append('\n');
      }
      try (FSDataOutputStream o = FileSystem.get(new Configuration()).create(new Path(args[0]))) {
        o.write(out.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
