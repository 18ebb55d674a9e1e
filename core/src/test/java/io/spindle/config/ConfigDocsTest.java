package io.spindle.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

  @Test
  void everyKeyConstantIsListedInAll() throws IllegalAccessException {
    for (Field f : SpindleConfigs.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigEntry.class) {
        assertTrue(SpindleConfigs.ALL.contains(f.get(null)), f.getName() + " is missing from SpindleConfigs.ALL");
      }
    }
  }

  @Test
  void docsConfigurationMdIsUpToDate() throws IOException {
    Path doc = Paths.get("..", "docs", "configuration.md");
    assertEquals(ConfigDocs.markdown(), Files.readString(doc, StandardCharsets.UTF_8),
        "Regenerate: java -cp core/target/classes io.spindle.config.ConfigDocs > docs/configuration.md");
  }
}
