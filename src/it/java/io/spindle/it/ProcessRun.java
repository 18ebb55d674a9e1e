package io.spindle.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A finished child process of a test (spindle-submit, yarn jar, tar...): its exit code and its
 * stdout and stderr merged, in order.
 */
public record ProcessRun(int code, String output) {

  /**
   * Starts {@code pb} with stderr merged into stdout, collects the output as it comes (so a chatty
   * process never blocks on a full pipe), and fails the test if the process has not ended within
   * {@code timeout}, showing what it printed. {@code echo}, unless null, heads a copy of the output
   * in the test's log.
   */
  public static ProcessRun run(ProcessBuilder pb, Duration timeout, String echo)
      throws IOException, InterruptedException {
    Process p = pb.redirectErrorStream(true).start();
    StringBuilder out = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        r.lines().forEach(l -> {
          synchronized (out) {
            out.append(l).append('\n');
          }
        });
      } catch (IOException ignored) {
        // process gone
      }
    });
    reader.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      synchronized (out) {
        fail(pb.command() + " did not end within " + timeout + ":\n" + out);
      }
    }
    reader.join(10_000);
    synchronized (out) {
      if (echo != null) {
        System.out.println(echo + "\n" + out);
      }
      return new ProcessRun(p.exitValue(), out.toString());
    }
  }
}
