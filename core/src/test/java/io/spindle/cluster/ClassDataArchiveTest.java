package io.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassDataArchiveTest {
  /** The shape of JDK 17's {@code VM.class_hierarchy} output (taken from a real run). */
  @Test
  void theLoadedClassNamesAreReadFromTheClassHierarchyLeavingHiddenClassesOut() {
    String hierarchy = String.join("\n",
        "java.lang.Object/null",
        "|--jdk.internal.platform.Container/null",
        "|--com.sun.source.doctree.IdentifierTree/0x00007f2724126e10 (intf)",
        "|--com.sun.tools.javac.comp.Operators$$Lambda$188/0x00007f26a412d798/0x00007f2724126e10",
        "|--java.lang.invoke.LambdaForm$MH/0x00007f26a4141000/null",
        "|  |  |--com.sun.tools.javac.comp.Attr$ExpressionLambdaReturnContext/0x00007f2724126e10",
        "");
    assertEquals(List.of("java.lang.Object", "jdk.internal.platform.Container", "com.sun.source.doctree.IdentifierTree",
        "com.sun.tools.javac.comp.Attr$ExpressionLambdaReturnContext"), ClassDataArchive.loadedClassNames(hierarchy));
    assertEquals(List.of(), ClassDataArchive.loadedClassNames(""));
  }

  /** In this JVM: every class it loaded is looked at, at least those a JUnit run needs. */
  @Test
  void linkingLooksAtTheClassesThisJvmLoaded() throws Exception {
    int linked = ClassDataArchive.linkLoadedClasses();
    assertTrue(linked > 1000, "a JVM running JUnit has loaded thousands of classes: " + linked);
  }
}
