package io.spindle.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    String written = new JsonWriter().value("a\"b\\c\nd\re\tf\bg\fh\u0000i\u0001j\u001fk\u007fl").toString();
    assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0000i\\u0001j\\u001fk\\u007fl\"", written);
  }

  @Test
  void passesUnicodeThroughExceptLineSeparators() {
    String text = "café 日本語 emoji😀 Ελληνικά \u2028\u2029";
    String written = new JsonWriter().value(text).toString();
    assertEquals("\"café 日本語 emoji😀 Ελληνικά \\u2028\\u2029\"", written);
    assertEquals(text, TinyJson.parse(written));
  }

  @Test
  void everyCharBelowTheSurrogatesRoundTripsThroughAnIndependentParser() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0xd800; c++) {
      all.append(c);
    }
    assertEquals(all.toString(), TinyJson.parse(new JsonWriter().value(all.toString()).toString()));
  }

  @Test
  void placesCommasInNestedObjectsAndArrays() {
    JsonWriter w = new JsonWriter().beginArray();
    w.beginObject().field("id", "x").name("n").value(3).name("list").beginArray().value(1).value(2).endArray()
        .name("empty").beginObject().endObject().field("ok", true).name("none").value((String) null)
        .optionalField("absent", null).name("ratio").value(0.5).name("nan").value(Double.NaN).endObject();
    w.beginArray().endArray();
    w.endArray();
    String json = w.toString();
    assertEquals("[{\"id\":\"x\",\"n\":3,\"list\":[1,2],\"empty\":{},\"ok\":true,\"none\":null,\"ratio\":0.5,"
        + "\"nan\":null},[]]", json);
    List<?> parsed = (List<?>) TinyJson.parse(json);
    Map<?, ?> first = (Map<?, ?>) parsed.get(0);
    assertEquals(List.of(1L, 2L), first.get("list"));
    assertEquals(3L, first.get("n"));
  }

  @Test
  void namesAreEscapedToo() {
    String json = new JsonWriter().beginObject().field("we\"ird\n", 1).endObject().toString();
    assertEquals(Map.of("we\"ird\n", 1L), TinyJson.parse(json));
  }

  @Test
  void refusesNamesOutsideObjectsAndUnbalancedEnds() {
    assertThrows(IllegalStateException.class, () -> new JsonWriter().name("x"));
    assertThrows(IllegalStateException.class, () -> new JsonWriter().endArray());
  }
}
