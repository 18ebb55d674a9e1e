package io.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.HadoopKerberosName;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A driver's warm-up sets up Hadoop's login with the driver's configuration only where nothing set it
 * up before. What shows which configuration the login took: its auth_to_local rules, which Hadoop's
 * login installs from it.
 */
class FileSystemWarmupTest {
  private static final String RULES_KEY = "hadoop.security.auth_to_local";

  @BeforeEach
  @AfterEach
  void noLoginYet() {
    UserGroupInformation.reset(); // as in a fresh JVM; later tests set it up again on first use
  }

  @Test
  void aFreshLoginIsSetUpWithTheDriversConfigurationOnTheWarmUpThread() throws InterruptedException {
    assertFalse(UserGroupInformation.isInitialized());
    Configuration driver = new Configuration();
    driver.set(RULES_KEY, "RULE:[1:$1@$0](.*@DRIVER\\.EXAMPLE)s/.*/driver/ DEFAULT");
    Thread warmup = FileSystemWarmup.startLoginIfFirst(driver);
    driver.set(RULES_KEY, "DEFAULT"); // later changes to the driver's configuration are not the login's
    warmup.join(120_000);
    assertFalse(warmup.isAlive(), "the warm-up ended");
    assertTrue(UserGroupInformation.isInitialized());
    assertEquals("RULE:[1:$1@$0](.*@DRIVER\\.EXAMPLE)s/.*/driver/ DEFAULT", HadoopKerberosName.getRules().replaceAll("\\s+", " "));
  }

  @Test
  void aLoginSetUpBeforeKeepsItsConfiguration() throws InterruptedException {
    Configuration program = new Configuration();
    program.set(RULES_KEY, "RULE:[1:$1@$0](.*@PROGRAM\\.EXAMPLE)s/.*/program/ DEFAULT");
    UserGroupInformation.setConfiguration(program); // e.g. a program that logs in from a keytab first
    Configuration driver = new Configuration();
    driver.set(RULES_KEY, "RULE:[1:$1@$0](.*@DRIVER\\.EXAMPLE)s/.*/driver/ DEFAULT");
    Thread warmup = FileSystemWarmup.startLoginIfFirst(driver);
    warmup.join(120_000);
    assertFalse(warmup.isAlive(), "the warm-up ended");
    assertEquals("RULE:[1:$1@$0](.*@PROGRAM\\.EXAMPLE)s/.*/program/ DEFAULT", HadoopKerberosName.getRules().replaceAll("\\s+", " "));
  }

  /** Counts the clients Hadoop creates for the scheme {@code warmtest}. */
  public static final class CountingFileSystem extends org.apache.hadoop.fs.RawLocalFileSystem {
    static final java.util.concurrent.atomic.AtomicInteger CREATED = new java.util.concurrent.atomic.AtomicInteger();

    public CountingFileSystem() {
      CREATED.incrementAndGet();
    }

    @Override
    public String getScheme() {
      return "warmtest";
    }

    @Override
    public java.net.URI getUri() {
      return java.net.URI.create("warmtest:///");
    }
  }

  /**
   * An executor's warm-up creates the default filesystem's client, and a task that waited for its
   * thread (ExecutorProcess does) finds that client in Hadoop's cache instead of creating another.
   */
  @Test
  void anExecutorsWarmUpCreatesTheClientThatTasksThenFindInTheCache() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "warmtest:///");
    conf.set("fs.warmtest.impl", CountingFileSystem.class.getName());
    CountingFileSystem.CREATED.set(0);
    org.apache.hadoop.fs.FileSystem.closeAll();
    Thread warmup = FileSystemWarmup.startWithLogin(() -> conf);
    warmup.join(120_000);
    assertFalse(warmup.isAlive(), "the warm-up ended");
    assertTrue(UserGroupInformation.isInitialized(), "the warm-up logged in");
    assertEquals(1, CountingFileSystem.CREATED.get(), "the warm-up created the client");
    org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.get(conf);
    assertTrue(fs instanceof CountingFileSystem, fs.getClass().getName());
    assertEquals(1, CountingFileSystem.CREATED.get(), "the task's FileSystem.get found it in the cache");
    org.apache.hadoop.fs.FileSystem.closeAll();
  }
}
