package io.spindle.it.yarn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.it.ProcessRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.yarn.api.records.ApplicationId;

/**
 * What the Kerberos ITs share: runs of bin/spindle-submit against a {@link SecureMiniSpindleCluster}
 * (a client JVM that finds the KDC through its krb5.conf, as on a gateway host), the AM's and
 * executors' logs, the job's output, and the secrets a test must not find in any of them.
 */
final class SecureClient {
  static final Pattern APP_ID = Pattern.compile("(?m)^Application id: (application_\\d+_\\d+)$");

  private final SecureMiniSpindleCluster secure;
  private final String home;
  private final String clusterName;
  private final Path work;
  /** Every client output of this class, for the secrets check. */
  final List<String> outputs = new ArrayList<>();

  SecureClient(SecureMiniSpindleCluster secure, String home, String clusterName, Path work) {
    this.secure = secure;
    this.home = home;
    this.clusterName = clusterName;
    this.work = work;
  }

  /** One run of the client: exit code and output. */
  record Run(int code, String output) {
    ApplicationId appId() {
      Matcher m = APP_ID.matcher(output);
      assertTrue(m.find(), "no 'Application id:' line in\n" + output);
      return ApplicationId.fromString(m.group(1));
    }
  }

  /**
   * spindle-submit --master yarn with a small AM; {@code env} adds to (or, with a null value,
   * removes from) the client's environment. KRB5CCNAME points at an empty cache unless {@code env}
   * names one, so a ticket cache of the machine's user never counts.
   */
  Run submit(Map<String, String> env, String... args) throws Exception {
    List<String> command = YarnItSupport.spindleSubmitOnYarn(home, 1);
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> e = pb.environment();
    e.remove("YARN_CONF_DIR");
    e.remove("HADOOP_TOKEN_FILE_LOCATION");
    e.put("HADOOP_CONF_DIR", secure.cluster().confDir().toString());
    e.put("JAVA_HOME", System.getProperty("java.home"));
    e.put("SPINDLE_CLIENT_MEMORY", "256m");
    e.put("SPINDLE_SUBMIT_OPTS", "-Djava.security.krb5.conf=" + secure.krb5Conf());
    e.put("KRB5CCNAME", "FILE:" + work.resolve("no-such-ticket-cache"));
    Map<String, String> extra = new LinkedHashMap<>(env);
    extra.forEach((k, v) -> {
      if (v == null) {
        e.remove(k);
      } else {
        e.put(k, v);
      }
    });
    ProcessRun finished = ProcessRun.run(pb, java.time.Duration.ofMinutes(4), "$ spindle-submit " + String.join(" ", args));
    outputs.add(finished.output());
    return new Run(finished.code(), finished.output());
  }

  String examplesJar() {
    Path jar = Path.of(home, "examples", "target", "spindle-examples.jar");
    assertTrue(Files.isRegularFile(jar), jar + " not built");
    return jar.toString();
  }

  /** The stderr of the application's containers (AM and executors), each file's tail. */
  String containerLogs(String appId) {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.walk(nodeManagerDir())) {
      files.filter(f -> f.toString().contains(appId) && f.getFileName().toString().equals("stderr"))
          .forEach(f -> {
            try {
              String s = Files.readString(f);
              sb.append("\n--- ").append(f).append(":\n").append(s.length() > 20000 ? s.substring(s.length() - 20000) : s);
            } catch (IOException ex) {
              sb.append("\n(cannot read ").append(f).append(')');
            }
          });
    } catch (IOException | RuntimeException ex) {
      sb.append("\n(no container logs: ").append(ex).append(')');
    }
    return sb.toString();
  }

  /** MiniYARNCluster keeps its NodeManagers' local and log dirs under target/test/data/<name>. */
  Path nodeManagerDir() {
    return Path.of("target", "test", "data", clusterName);
  }

  /** The lines of the part files of {@code dir}; fails unless _SUCCESS is there. */
  static List<String> outputLines(FileSystem fs, String dir) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean success = false;
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(dir))) {
      String name = f.getPath().getName();
      success |= name.equals("_SUCCESS");
      if (name.startsWith("part-")) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
          r.lines().forEach(lines::add);
        }
      }
    }
    assertTrue(success, "_SUCCESS in " + dir);
    return lines;
  }

  /**
   * The secrets of this class's applications, as they could be printed: the raw bytes (as
   * ISO-8859-1 text), hex, base64 and URL-safe base64 of each container's token identifiers and
   * passwords and secret keys (read from the NodeManagers' private copies of the containers'
   * credentials, kept by the cluster's delete delay) and of {@code more} (e.g. the keytab's bytes).
   */
  Map<String, String> secretForms(List<byte[]> more) throws IOException {
    List<byte[]> secrets = new ArrayList<>(more);
    try (Stream<Path> files = Files.walk(nodeManagerDir())) {
      // The NodeManagers' copies of each container's launch-context credentials (nmPrivate/.../<container>.tokens).
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".tokens")
          && !f.getFileName().toString().startsWith(".")).toList()) {
        Credentials c = new Credentials();
        try (java.io.DataInputStream in = new java.io.DataInputStream(Files.newInputStream(f))) {
          c.readTokenStorageStream(in);
        }
        for (Token<? extends TokenIdentifier> t : c.getAllTokens()) {
          secrets.add(t.getIdentifier());
          secrets.add(t.getPassword());
        }
        for (Text alias : c.getAllSecretKeys()) {
          secrets.add(c.getSecretKey(alias));
        }
      }
    }
    Map<String, String> forms = new LinkedHashMap<>();
    for (byte[] s : secrets) {
      if (s == null || s.length < 8) {
        continue;
      }
      forms.put(HexFormat.of().formatHex(s), "hex");
      forms.put(HexFormat.of().withUpperCase().formatHex(s), "HEX");
      forms.put(Base64.getEncoder().withoutPadding().encodeToString(s), "base64");
      forms.put(Base64.getUrlEncoder().withoutPadding().encodeToString(s), "url-safe base64");
      if (s.length >= 16) {
        forms.put(new String(s, StandardCharsets.ISO_8859_1), "raw bytes");
      }
    }
    return forms;
  }

  /** Every log file of the NodeManagers' log dirs (containers' stdout, stderr, launch scripts, ...). */
  List<Path> logFiles() throws IOException {
    try (Stream<Path> files = Files.walk(nodeManagerDir())) {
      return files.filter(Files::isRegularFile).filter(f -> f.toString().contains("-logDir-")).toList();
    }
  }

  static String read(Path f) {
    try {
      return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  /** A jar of the secureapps package (the job's classes), built from the test classes. */
  static Path secureAppsJar(Path jar) throws Exception {
    return YarnItSupport.buildJar("io/spindle/it/yarn/secureapps", jar);
  }

}
