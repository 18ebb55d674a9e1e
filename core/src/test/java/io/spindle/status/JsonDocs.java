package io.spindle.status;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Parses the REST API's answers in tests with Jackson, integers as Long (so tests compare with 0L, 7L, …). */
final class JsonDocs {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private JsonDocs() {}

  static Map<String, Object> object(String text) {
    return read(text, new TypeReference<>() {});
  }

  static List<Map<String, Object>> arrayOfObjects(String text) {
    return read(text, new TypeReference<>() {});
  }

  private static <T> T read(String text, TypeReference<T> type) {
    try {
      return MAPPER.readValue(text, type);
    } catch (IOException e) {
      throw new UncheckedIOException("not the expected JSON: " + text, e);
    }
  }
}
