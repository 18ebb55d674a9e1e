package io.spindle.it.yarn.apps;

import io.spindle.SpindleConf;
import io.spindle.SpindleContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads each path in args (relative to the working dir: names given to --files / --archives,
 * aliases included) in the driver and, one task per path, in the executors; fails unless every
 * task saw the same contents as the driver, and prints what the driver read.
 */
public final class DistributedFilesApp {
  private DistributedFilesApp() {}

  public static void main(String[] args) throws IOException {
    List<String> expected = new ArrayList<>();
    for (String a : args) {
      expected.add(a + "=" + Files.readString(Path.of(a)).strip());
    }
    System.out.println("driver read " + expected);
    try (SpindleContext ctx = new SpindleContext(new SpindleConf().setAppName("distributed-files"))) {
      List<String> inTasks = ctx.parallelize(List.of(args), args.length).map(a -> {
        try {
          return a + "=" + Files.readString(Path.of(a)).strip();
        } catch (IOException e) {
          throw new UncheckedIOException("task cannot read " + a + " in " + Path.of("").toAbsolutePath(), e);
        }
      }).collect();
      if (!inTasks.equals(expected)) {
        throw new AssertionError("driver read " + expected + ", tasks read " + inTasks);
      }
    }
  }
}
