package io.spindle.it.yarn;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.ssl.KeyStoreTestUtil;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.kerby.kerberos.kerb.client.KrbClient;
import org.apache.kerby.kerberos.kerb.type.ticket.TgtTicket;

/**
 * A Kerberos-secured {@link MiniSpindleCluster}, after the recipe of Hadoop's own secure tests
 * (SaslDataTransferTestCase, TestSecureNNWithQJM): a {@link MiniKdc}; HDFS with Kerberos, block
 * access tokens, SASL data-transfer protection and HTTPS-only web UIs (keystores from Hadoop's
 * {@link KeyStoreTestUtil}); YARN with Kerberos principals for the ResourceManager and the
 * NodeManagers, which run the {@code spindle_shuffle} aux service. One per test class.
 *
 * <p>All services share one principal, {@code hadoop/localhost}: they run in one JVM, where a
 * Kerberos login is process-wide, so each service's login replaces the last; with one principal
 * they all agree. Its short name {@code hadoop} is the HDFS superuser and the ResourceManager's
 * renewer name. The user who submits is {@code alice@EXAMPLE.COM} (short name {@code alice},
 * home {@code /user/alice}). Containers find the KDC as on a real cluster's nodes: through a
 * krb5.conf (here the MiniKdc's, passed as {@code JAVA_TOOL_OPTIONS} in the NodeManagers' admin env).
 *
 * <p>{@link #close()} resets Hadoop's process-wide login state so that tests after it in the same
 * JVM see simple authentication again.
 */
public final class SecureMiniSpindleCluster implements AutoCloseable {
  public static final String USER = "alice";

  private final MiniKdc kdc;
  private final MiniSpindleCluster cluster;
  private final Path userKeytab;
  private final Path krb5Conf;

  private SecureMiniSpindleCluster(MiniKdc kdc, MiniSpindleCluster cluster, Path userKeytab, Path krb5Conf) {
    this.kdc = kdc;
    this.cluster = cluster;
    this.userKeytab = userKeytab;
    this.krb5Conf = krb5Conf;
  }

  /**
   * Starts the KDC, then both clusters. {@code extra} goes under both clusters' configuration (e.g.
   * short delegation token lifetimes).
   */
  public static SecureMiniSpindleCluster start(String name, int nodeManagers, Path workDir,
      Map<String, String> extra) throws Exception {
    Path kdcDir = Files.createDirectories(workDir.resolve("kdc"));
    Properties kdcConf = MiniKdc.createConf();
    MiniKdc kdc = new MiniKdc(kdcConf, kdcDir.toFile());
    kdc.start();
    try {
      String realm = kdc.getRealm();
      File serviceKeytab = kdcDir.resolve("hadoop.keytab").toFile();
      kdc.createPrincipal(serviceKeytab, "hadoop/localhost", "HTTP/localhost");
      Path userKeytab = kdcDir.resolve(USER + ".keytab");
      kdc.createPrincipal(userKeytab.toFile(), USER);
      String service = "hadoop/localhost@" + realm;
      String spnego = "HTTP/localhost@" + realm;

      Configuration conf = new Configuration();
      SecurityUtil.setAuthenticationMethod(UserGroupInformation.AuthenticationMethod.KERBEROS, conf);
      Map<String, String> client = new LinkedHashMap<>();
      client.put("hadoop.security.authentication", "kerberos");
      client.put("dfs.namenode.kerberos.principal", service);
      client.put("dfs.datanode.kerberos.principal", service);
      client.put("dfs.data.transfer.protection", "authentication");
      client.put("dfs.block.access.token.enable", "true");
      client.put(YarnConfiguration.RM_PRINCIPAL, service);
      client.put(YarnConfiguration.NM_PRINCIPAL, service);
      client.forEach(conf::set);
      conf.set("dfs.namenode.keytab.file", serviceKeytab.getAbsolutePath());
      conf.set("dfs.datanode.keytab.file", serviceKeytab.getAbsolutePath());
      conf.set("dfs.web.authentication.kerberos.principal", spnego);
      conf.set("dfs.web.authentication.kerberos.keytab", serviceKeytab.getAbsolutePath());
      conf.set("dfs.http.policy", "HTTPS_ONLY");
      conf.set("dfs.namenode.https-address", "localhost:0");
      conf.set("dfs.datanode.https.address", "localhost:0");
      conf.setInt("ipc.client.connect.max.retries.on.sasl", 10);
      conf.set(YarnConfiguration.RM_KEYTAB, serviceKeytab.getAbsolutePath());
      conf.set(YarnConfiguration.NM_KEYTAB, serviceKeytab.getAbsolutePath());
      Path keystores = Files.createDirectories(workDir.resolve("keystores"));
      KeyStoreTestUtil.setupSSLConfig(keystores.toString(), KeyStoreTestUtil.getClasspathDir(
          SecureMiniSpindleCluster.class), conf, false);
      conf.set("dfs.client.https.keystore.resource", KeyStoreTestUtil.getClientSSLConfigFileName());
      conf.set("dfs.https.server.keystore.resource", KeyStoreTestUtil.getServerSSLConfigFileName());
      Path krb5Conf = kdc.getKrb5conf().toPath().toAbsolutePath();
      conf.set(MiniSpindleCluster.EXTRA_ADMIN_ENV, "JAVA_TOOL_OPTIONS=-Djava.security.krb5.conf=" + krb5Conf);
      extra.forEach(conf::set);
      client.putAll(extra);
      // Hadoop code in this JVM that makes its own new Configuration() must see the cluster's security
      // too: the NodeManagers' in-process localizers read HDFS with one, and without
      // dfs.data.transfer.protection they would talk plain to SASL-only DataNodes (connection reset).
      // A default resource under a name only this fixture adds (safe if left on the class path).
      // One name per test class: the Kerberos ITs may run at the same time (failsafe forkCount 2).
      String defaultResource = "spindle-secure-it-" + name + "-site.xml";
      Configuration site = new Configuration(false);
      client.forEach(site::set);
      try (java.io.OutputStream out = Files.newOutputStream(Path.of(KeyStoreTestUtil.getClasspathDir(
          SecureMiniSpindleCluster.class), defaultResource))) {
        site.writeXml(out);
      }
      Configuration.addDefaultResource(defaultResource);
      UserGroupInformation.setConfiguration(conf);

      MiniSpindleCluster cluster = MiniSpindleCluster.start(name, nodeManagers, workDir, conf, client);
      try {
        // As an admin would: the user's home, owned by the user (the services' login is the superuser).
        FileSystem fs = cluster.fileSystem();
        org.apache.hadoop.fs.Path home = new org.apache.hadoop.fs.Path("/user/" + USER);
        fs.mkdirs(home, new FsPermission((short) 0755));
        fs.setOwner(home, USER, USER);
        return new SecureMiniSpindleCluster(kdc, cluster, userKeytab, krb5Conf);
      } catch (Exception | Error e) {
        cluster.close();
        throw e;
      }
    } catch (Exception | Error e) {
      kdc.stop();
      UserGroupInformation.reset();
      throw e;
    }
  }

  public MiniSpindleCluster cluster() {
    return cluster;
  }

  /** {@code alice@<realm>}. */
  public String userPrincipal() {
    return USER + "@" + kdc.getRealm();
  }

  public Path userKeytab() {
    return userKeytab;
  }

  /** The KDC's krb5.conf, for {@code -Djava.security.krb5.conf} of client JVMs. */
  public Path krb5Conf() {
    return krb5Conf;
  }

  /** What {@code kinit -kt alice.keytab alice} does: a TGT in the ticket cache {@code cache} (for KRB5CCNAME). */
  public void kinit(Path cache) throws Exception {
    KrbClient krb = new KrbClient(krb5Conf.getParent().toFile()); // reads the KDC's krb5.conf there
    krb.init();
    TgtTicket tgt = krb.requestTgt(userPrincipal(), userKeytab.toFile());
    krb.storeTicket(tgt, cache.toFile());
  }

  /** The user's login from the keytab (for the test's own calls as the user). */
  public UserGroupInformation loginUser() throws Exception {
    return UserGroupInformation.loginUserFromKeytabAndReturnUGI(userPrincipal(), userKeytab.toString());
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } finally {
      kdc.stop();
      UserGroupInformation.reset();
      UserGroupInformation.setConfiguration(new Configuration());
    }
  }
}
