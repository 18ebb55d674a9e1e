package io.spindle.rdd;

import io.spindle.task.EngineTaskContext;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.StringTokenizer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code rdd.pipe(command)} for one partition, as Spark's PipedRDD does it: the command runs once
 * per partition with the task's environment plus the given variables; a thread writes each element's
 * {@code toString()} and a newline to its stdin; its stdout lines are the partition's output; its
 * stderr is copied to this process's stderr line by line. When stdout ends the exit status is
 * checked: non-zero fails the task with "Subprocess exited with status N. Command ran: …". A failure
 * of the writer thread (e.g. the input's own exception) fails the task too. The process is killed
 * when the task ends early (an exception, a {@code take}, a cancelled job).
 */
public final class PipedCommand implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> command;
  private final Map<String, String> env;
  private final int bufferSize;
  private final String encoding;

  public PipedCommand(List<String> command, Map<String, String> env, int bufferSize, String encoding) {
    if (command == null || command.isEmpty()) {
      throw new IllegalArgumentException("pipe: the command is empty; give the program and its arguments");
    }
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.bufferSize = bufferSize;
    this.encoding = encoding;
    Charset.forName(encoding); // an unknown encoding is refused on the driver
  }

  /** Spark's tokenization of a command string: split on whitespace, no quoting. */
  public static List<String> tokenize(String command) {
    List<String> words = new ArrayList<>();
    StringTokenizer tok = new StringTokenizer(command);
    while (tok.hasMoreTokens()) {
      words.add(tok.nextToken());
    }
    return words;
  }

  private String commandLine() {
    return String.join(" ", command);
  }

  public <T> Iterator<String> run(Iterator<T> input, EngineTaskContext context) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("pipe: cannot start the command '" + commandLine() + "': " + e.getMessage(), e);
    }
    Charset charset = Charset.forName(encoding);
    AtomicReference<Throwable> childFailure = new AtomicReference<>();
    if (context != null) {
      context.addTaskCompletionListener(() -> {
        if (process.isAlive()) {
          process.destroy();
        }
      });
    }
    Thread stderr = new Thread(() -> copyStderr(process.getErrorStream(), charset), "stderr reader for " + commandLine());
    stderr.setDaemon(true);
    stderr.start();
    Thread stdin = new Thread(() -> {
      try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), charset),
          bufferSize)) {
        while (input.hasNext()) {
          out.write(String.valueOf(input.next()));
          out.write('\n');
        }
      } catch (IOException e) {
        // The command closed its stdin (e.g. `head`): not an error of ours; its exit status says.
      } catch (Throwable t) {
        childFailure.set(t);
        process.destroy();
      }
    }, "stdin writer for " + commandLine());
    stdin.setDaemon(true);
    stdin.start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), charset), bufferSize);
    return new Iterator<>() {
      private String next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next != null) {
          return true;
        }
        if (done) {
          return false;
        }
        try {
          next = lines.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException("pipe: reading the output of '" + commandLine() + "'", e);
        }
        if (next == null) {
          done = true;
          finish();
          return false;
        }
        return true;
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        String line = next;
        next = null;
        return line;
      }

      private void finish() {
        int status;
        try {
          status = process.waitFor();
          stdin.join();
          stderr.join();
        } catch (InterruptedException e) {
          process.destroy();
          Thread.currentThread().interrupt();
          throw new IllegalStateException("pipe: interrupted waiting for '" + commandLine() + "'", e);
        }
        Throwable failure = childFailure.get();
        if (failure != null) {
          throw io.spindle.util.Exceptions.sneakyThrow(failure);
        }
        if (status != 0) {
          throw new IllegalStateException("Subprocess exited with status " + status + ". Command ran: " + commandLine());
        }
      }
    };
  }

  private static void copyStderr(InputStream err, Charset charset) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(err, charset))) {
      String line;
      while ((line = in.readLine()) != null) {
        System.err.println(line);
      }
    } catch (IOException e) {
      // the process is gone; nothing more to copy
    }
  }
}
