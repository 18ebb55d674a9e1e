package io.spindle.shuffle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.AuxiliaryService;
import org.junit.jupiter.api.Test;

/**
 * The service loaded as on a real cluster: from the shaded -nm jar through
 * {@code yarn.nodemanager.aux-services.spindle_shuffle.classpath}, in its own class loader.
 */
class ShadedJarShuffleServiceMiniYarnIT extends AbstractMiniYarnShuffleIT {
  static Path nmJar() {
    String jar = System.getProperty("spindle.shuffle.nm.jar");
    assertTrue(jar != null && Files.isRegularFile(Path.of(jar)),
        "shaded jar not found (" + jar + "): run through `mvn verify`, after package");
    return Path.of(jar);
  }

  @Override
  void configureService(YarnConfiguration conf) {
    conf.set("yarn.nodemanager.aux-services." + SERVICE + ".class", serviceClass().getName());
    conf.set("yarn.nodemanager.aux-services." + SERVICE + ".classpath", nmJar().toString());
  }

  /** The NodeManager wraps services that have their own class loader. */
  private static AuxiliaryService unwrap(AuxiliaryService service) throws Exception {
    if (!service.getClass().getSimpleName().equals("AuxiliaryServiceWithCustomClassLoader")) {
      return service;
    }
    Field wrapped = service.getClass().getDeclaredField("wrapped");
    wrapped.setAccessible(true);
    return (AuxiliaryService) wrapped.get(service);
  }

  @Test
  void serviceComesFromTheShadedJarWithRelocatedNetty() throws Exception {
    for (int i = 0; i < 2; i++) {
      AuxiliaryService service = unwrap(serviceOf(i));
      assertEquals(serviceClass().getName(), service.getClass().getName());
      ClassLoader loader = service.getClass().getClassLoader();
      assertNotSame(serviceClass().getClassLoader(), loader, "loaded by the aux-service loader");
      loader.loadClass("io.spindle.shaded.io.netty.channel.Channel");
    }
  }
}
