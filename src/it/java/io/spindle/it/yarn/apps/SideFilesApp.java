package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import io.spindle.it.yarn.extra.Greeting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the file named by args[0] from the working dir (shipped with --files) and greets each of
 * its lines in tasks with a class from a --jars jar; fails unless the result is as expected.
 */
public final class SideFilesApp {
  private SideFilesApp() {}

  public static void main(String[] args) throws IOException {
    List<String> names = Files.readAllLines(Path.of(args[0]));
    List<String> expected = new ArrayList<>();
    for (String n : names) {
      expected.add("hello, " + n);
    }
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("side-files"))) {
      List<String> greeted = ctx.parallelize(names, 2).map(n -> Greeting.greet(n)).collect();
      if (!greeted.equals(expected)) {
        throw new AssertionError("expected " + expected + ", got " + greeted);
      }
    }
  }
}
