package io.spindle.shuffle.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** `jar tf` of the NodeManager jar: relocated Netty only, no natives, no Hadoop. */
class ShadedJarContentsIT {
  @Test
  void nettyIsRelocatedAndNativesAndHadoopAreLeftOut() throws Exception {
    try (JarFile jar = new JarFile(ShadedJarShuffleServiceMiniYarnIT.nmJar().toFile())) {
      List<String> names = jar.stream().map(JarEntry::getName).toList();
      assertEquals(List.of(), names.stream().filter(n -> n.startsWith("io/netty/")).toList());
      assertEquals(List.of(), names.stream().filter(n -> n.startsWith("META-INF/native/")).toList());
      assertEquals(List.of(), names.stream().filter(n -> n.startsWith("org/apache/hadoop/")).toList());
      assertTrue(names.contains("io/spindle/shaded/io/netty/channel/Channel.class"));
      assertTrue(names.contains("io/spindle/shuffle/yarn/SpindleShuffleService.class"));
    }
  }
}
