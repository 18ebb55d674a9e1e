package io.spindle.it.yarn.extra;

/** Shipped in its own jar with --jars, to show that the driver and its tasks load classes from it. */
public final class Greeting {
  private Greeting() {}

  public static String greet(String name) {
    return "hello, " + name;
  }
}
