package io.spindle.status;

/**
 * A minimal streaming JSON writer (no dependency): objects, arrays, strings, numbers, booleans.
 * Commas are placed by the writer; strings are escaped per RFC 8259 (quote, backslash, control
 * characters as {@code \}u00XX or their short forms), plus U+2028/U+2029 so the text is also safe
 * inside a script. Other characters, surrogate pairs included, pass through unchanged: the HTTP
 * response is UTF-8. A null string value is written as JSON null.
 */
public final class JsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out;
  /** Per open container: true until its first element is written. */
  private boolean[] first = new boolean[8];
  private int depth;
  private boolean afterName;

  public JsonWriter() {
    this(new StringBuilder());
  }

  public JsonWriter(StringBuilder out) {
    this.out = out;
  }

  public JsonWriter beginObject() {
    beforeValue();
    out.append('{');
    push();
    return this;
  }

  public JsonWriter endObject() {
    pop();
    out.append('}');
    return this;
  }

  public JsonWriter beginArray() {
    beforeValue();
    out.append('[');
    push();
    return this;
  }

  public JsonWriter endArray() {
    pop();
    out.append(']');
    return this;
  }

  /** The next member's name; the value follows with one of the value methods. */
  public JsonWriter name(String name) {
    if (depth == 0) {
      throw new IllegalStateException("a name outside an object");
    }
    separate();
    quote(name);
    out.append(':');
    afterName = true;
    return this;
  }

  public JsonWriter value(String s) {
    beforeValue();
    if (s == null) {
      out.append("null");
    } else {
      quote(s);
    }
    return this;
  }

  public JsonWriter value(long n) {
    beforeValue();
    out.append(n);
    return this;
  }

  /** A finite number; NaN and infinities (not JSON) become null. */
  public JsonWriter value(double d) {
    beforeValue();
    if (Double.isFinite(d)) {
      out.append(d);
    } else {
      out.append("null");
    }
    return this;
  }

  public JsonWriter value(boolean b) {
    beforeValue();
    out.append(b);
    return this;
  }

  /** Shorthands for a member: {@code name(n).value(v)}. */
  public JsonWriter field(String name, String value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, long value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, boolean value) {
    return name(name).value(value);
  }

  /** A member only if {@code value} is not null (Spark's API leaves absent values out). */
  public JsonWriter optionalField(String name, String value) {
    return value == null ? this : field(name, value);
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void beforeValue() {
    if (afterName) {
      afterName = false;
    } else if (depth > 0) {
      separate();
    }
  }

  private void separate() {
    if (first[depth - 1]) {
      first[depth - 1] = false;
    } else {
      out.append(',');
    }
  }

  private void push() {
    if (depth == first.length) {
      first = java.util.Arrays.copyOf(first, depth * 2);
    }
    first[depth++] = true;
  }

  private void pop() {
    if (depth == 0) {
      throw new IllegalStateException("no open object or array");
    }
    depth--;
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
