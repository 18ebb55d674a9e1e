package io.spindle.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import io.spindle.SpindleContext;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.classification.InterfaceAudience;
import org.junit.jupiter.api.Test;

/**
 * The module and package boundaries of issue 13 as rules that fail the build (see the package
 * documentation of {@code io.spindle} for the API/engine rule). The rules are plain methods over a
 * {@link Layout}, so each is evaluated twice: on core's real classes, where it must hold, and on
 * the fixture under {@code fixture/}, which breaks every rule once, where it must fail — so a rule
 * that cannot bite is noticed.
 */
class ArchitectureTest {

  /**
   * Where a code base's boundaries are: its root package, its API packages (the rest below the root
   * is engine), the API packages that must depend on {@code java.*} only, and the facades — the only
   * API classes allowed to use, and (in members marked {@code @InterfaceAudience.Private}) expose,
   * engine types.
   */
  record Layout(String root, Set<String> apiPackages, Set<String> leafApiPackages, Set<String> facades) {
    boolean inRoot(String pkg) {
      return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    /** An engine type: below the root but not in an API package, or marked private in one. */
    boolean isInternal(JavaClass type) {
      JavaClass base = type.getBaseComponentType();
      return inRoot(base.getPackageName())
          && (!apiPackages.contains(base.getPackageName()) || base.isAnnotatedWith(InterfaceAudience.Private.class));
    }

    String[] enginePackagesOf(JavaClasses classes) {
      return packagesOf(classes).stream().filter(p -> inRoot(p) && !apiPackages.contains(p)).toArray(String[]::new);
    }
  }

  static final Layout CORE = new Layout("io.spindle",
      Set.of("io.spindle", "io.spindle.function", "io.spindle.accumulator"),
      Set.of("io.spindle.function", "io.spindle.accumulator"),
      Set.of("io.spindle.SpindleContext", "io.spindle.SpindleConf", "io.spindle.Rdd", "io.spindle.PairRdd", "io.spindle.DoubleRdd", "io.spindle.PortableDataStream", "io.spindle.JobFuture",
          "io.spindle.Broadcast"));

  private static final String FIXTURE_ROOT = "io.spindle.architecture.fixture";
  static final Layout FIXTURE = new Layout(FIXTURE_ROOT,
      Set.of(FIXTURE_ROOT, FIXTURE_ROOT + ".function"),
      Set.of(FIXTURE_ROOT + ".function"),
      Set.of(FIXTURE_ROOT + ".Facade"));

  /** What core must not know: the cluster manager (YARN) and the modules built on core. */
  static final String[] OUTSIDE_CORE = {"org.apache.hadoop.yarn..", "io.spindle.am..", "io.spindle.client..",
      "io.spindle.containerexecutor.."};

  // ---------------------------------------------------------------- the rules

  /** Each package below the layout's root, the root itself included, is one slice. */
  static SliceAssignment packagesBelow(Layout layout) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String pkg = javaClass.getPackageName();
        return layout.inRoot(pkg) ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "the packages of " + layout.root() + " (itself included)";
      }
    };
  }

  /** Rule 1: no package cycles among the layout's packages, the root package included. */
  static ArchRule noPackageCycles(Layout layout) {
    return SlicesRuleDefinition.slices().assignedFrom(packagesBelow(layout)).should().beFreeOfCycles();
  }

  /** Rule 1 spelt out for the root: engine packages never import the root (facade) package. */
  static ArchRule engineDoesNotImportTheRoot(Layout layout) {
    return noClasses().that(inEnginePackage(layout)).should().dependOnClassesThat().resideInAPackage(layout.root())
        .because("the root package holds the facades, which use the engine; engine types go elsewhere");
  }

  /** Rule 2: classes depend on no class of the given packages. */
  static ArchRule dependOnNone(String... packagePatterns) {
    return noClasses().should().dependOnClassesThat().resideInAnyPackage(packagePatterns);
  }

  /** Rule 3: an engine-free module's classes depend on no class of core's packages. */
  static ArchRule engineFree(String... corePackages) {
    return noClasses().should().dependOnClassesThat().resideInAnyPackage(corePackages)
        .because("hdfs-io and shuffle-service are used by core and by the NodeManager, without an engine");
  }

  /** Rule 4a: the leaf API depends on java.* and itself only (the audience annotations aside). */
  static ArchRule leafApiIsJavaOnly(Layout layout) {
    List<String> allowed = new ArrayList<>(List.of("java..", "org.apache.hadoop.classification.."));
    allowed.addAll(layout.leafApiPackages());
    return classes().that().resideInAnyPackage(layout.leafApiPackages().toArray(String[]::new))
        .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new));
  }

  /**
   * Rule 4b/c: public and protected members of API classes name no internal type; the facades'
   * members may, when marked {@code @InterfaceAudience.Private} (the engine bridge).
   */
  static ArchRule apiExposesNoInternalType(Layout layout) {
    return classes().that(inApiPackage(layout)).should(exposeNoInternalType(layout));
  }

  /**
   * Every package below the root says whether it is API or engine: a package-info annotated
   * {@code @InterfaceAudience.Public} (API packages) or {@code @InterfaceAudience.Private} (engine).
   */
  static ArchRule everyPackageIsMarked(Layout layout) {
    return classes().that(new DescribedPredicate<JavaClass>("are in " + layout.root() + " or below") {
      @Override
      public boolean test(JavaClass c) {
        return layout.inRoot(c.getPackageName());
      }
    }).should(new ArchCondition<JavaClass>("live in a package whose package-info carries its audience") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        Class<? extends java.lang.annotation.Annotation> expected = layout.apiPackages().contains(c.getPackageName())
            ? InterfaceAudience.Public.class : InterfaceAudience.Private.class;
        boolean marked = c.getPackage().getClasses().stream()
            .anyMatch(x -> x.getSimpleName().equals("package-info") && x.isAnnotatedWith(expected));
        events.add(new SimpleConditionEvent(c, marked, c.getName() + ": package " + c.getPackageName()
            + " needs a package-info.java annotated @InterfaceAudience." + expected.getSimpleName()));
      }
    });
  }

  private static DescribedPredicate<JavaClass> inEnginePackage(Layout layout) {
    return new DescribedPredicate<>("are in an engine package of " + layout.root()) {
      @Override
      public boolean test(JavaClass c) {
        return layout.inRoot(c.getPackageName()) && !layout.apiPackages().contains(c.getPackageName());
      }
    };
  }

  private static DescribedPredicate<JavaClass> inApiPackage(Layout layout) {
    return new DescribedPredicate<>("are public API classes of " + layout.root()) {
      @Override
      public boolean test(JavaClass c) {
        return layout.apiPackages().contains(c.getPackageName()) && c.getModifiers().contains(JavaModifier.PUBLIC)
            && !c.isAnnotatedWith(InterfaceAudience.Private.class);
      }
    };
  }

  private static ArchCondition<JavaClass> exposeNoInternalType(Layout layout) {
    return new ArchCondition<>("expose no internal type in public or protected signatures (facades: unless "
        + "the member is @InterfaceAudience.Private)") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        boolean facade = layout.facades().contains(c.getName());
        if (!facade) {
          Set<JavaClass> supertypes = new LinkedHashSet<>(c.getRawInterfaces());
          c.getRawSuperclass().ifPresent(supertypes::add);
          for (JavaClass s : supertypes) {
            if (layout.isInternal(s)) {
              events.add(SimpleConditionEvent.violated(c, c.getName() + " extends internal " + s.getName()));
            }
          }
        }
        List<JavaMember> members = new ArrayList<>();
        members.addAll(c.getFields());
        members.addAll(c.getCodeUnits());
        for (JavaMember m : members) {
          Set<JavaModifier> mods = m.getModifiers();
          boolean visible = mods.contains(JavaModifier.PUBLIC) || mods.contains(JavaModifier.PROTECTED);
          if (!visible || mods.contains(JavaModifier.SYNTHETIC) || mods.contains(JavaModifier.BRIDGE)
              || (facade && m.isAnnotatedWith(InterfaceAudience.Private.class))) {
            continue;
          }
          for (JavaClass t : typesIn(m)) {
            if (layout.isInternal(t)) {
              events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes internal " + t.getName()));
            }
          }
        }
      }
    };
  }

  private static Set<JavaClass> typesIn(JavaMember member) {
    Set<JavaClass> types = new LinkedHashSet<>();
    if (member instanceof JavaField f) {
      types.addAll(f.getType().getAllInvolvedRawTypes());
    } else if (member instanceof JavaCodeUnit unit) {
      types.addAll(unit.getReturnType().getAllInvolvedRawTypes());
      for (JavaType p : unit.getParameterTypes()) {
        types.addAll(p.getAllInvolvedRawTypes());
      }
    }
    return types;
  }

  // ---------------------------------------------------------------- the classes

  private static JavaClasses core;

  /** Core's main classes, from the directory (or jar) SpindleContext was loaded from. */
  static synchronized JavaClasses core() {
    if (core == null) {
      core = importFrom(SpindleContext.class);
    }
    return core;
  }

  /** The main classes of the module {@code someClass} comes from (its target/classes dir or jar). */
  static JavaClasses importFrom(Class<?> someClass) {
    try {
      URL location = someClass.getProtectionDomain().getCodeSource().getLocation();
      ClassFileImporter importer = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests());
      if (location.getPath().endsWith(".jar")) {
        return importer.importUrl(new URL("jar:" + location + "!/"));
      }
      return importer.importPath(Path.of(location.toURI()));
    } catch (URISyntaxException | MalformedURLException e) {
      throw new IllegalStateException("Cannot locate the classes of " + someClass, e);
    }
  }

  static JavaClasses fixture() {
    return new ClassFileImporter().importPackages(FIXTURE_ROOT);
  }

  private static Set<String> packagesOf(JavaClasses classes) {
    Set<String> packages = new TreeSet<>();
    classes.forEach(c -> packages.add(c.getPackageName()));
    return packages;
  }

  // ---------------------------------------------------------------- core obeys the rules

  @Test
  void coreImportsItsOwnClassesOnly() {
    Set<String> packages = packagesOf(core());
    assertTrue(packages.contains("io.spindle") && packages.contains("io.spindle.scheduler"), packages.toString());
    assertFalse(packages.contains("io.spindle.io") || packages.contains("io.spindle.shuffle.client")
        || packages.contains("io.spindle.architecture"), "hdfs-io, shuffle-service or tests leaked in: " + packages);
  }

  @Test
  void theRootPackageIsOneOfTheSlices() {
    JavaClass context = core().get(SpindleContext.class);
    assertEquals(SliceIdentifier.of("io.spindle"), packagesBelow(CORE).getIdentifierOf(context));
  }

  @Test
  void corePackagesFormNoCycle() {
    noPackageCycles(CORE).check(core());
  }

  @Test
  void engineDoesNotImportTheRootPackage() {
    engineDoesNotImportTheRoot(CORE).check(core());
  }

  @Test
  void coreKnowsNoClusterManagerAndNoModuleBuiltOnIt() {
    dependOnNone(OUTSIDE_CORE).check(core());
  }

  @Test
  void hdfsIoAndShuffleServiceKnowNoEngine() {
    String[] corePackages = packagesOf(core()).toArray(String[]::new);
    JavaClasses hdfsIo = importFrom(io.spindle.io.Codecs.class);
    JavaClasses shuffleService = importFrom(io.spindle.shuffle.client.ShuffleClient.class);
    assertTrue(packagesOf(hdfsIo).contains("io.spindle.io"));
    assertTrue(packagesOf(shuffleService).contains("io.spindle.shuffle.protocol"));
    assertFalse(packagesOf(shuffleService).contains("io.spindle.shuffle"), "core's shuffle package is core's");
    engineFree(corePackages).check(hdfsIo);
    engineFree(corePackages).check(shuffleService);
  }

  @Test
  void theLeafApiDependsOnJavaOnly() {
    leafApiIsJavaOnly(CORE).check(core());
  }

  @Test
  void apiSignaturesExposeNoEngineType() {
    apiExposesNoInternalType(CORE).check(core());
  }

  @Test
  void everyCorePackageSaysWhetherItIsApiOrEngine() {
    everyPackageIsMarked(CORE).check(core());
  }

  // ---------------------------------------------------------------- the rules bite

  @Test
  void aCycleThroughTheRootPackageIsReported() {
    assertViolation(noPackageCycles(FIXTURE), "fixture.engine");
    assertViolation(engineDoesNotImportTheRoot(FIXTURE), "Engine");
  }

  @Test
  void aDependencyOnAnOuterModuleIsReported() {
    assertViolation(dependOnNone(FIXTURE_ROOT + ".outer.."), "ClusterManagerThing");
  }

  @Test
  void anEngineFreeModuleUsingTheEngineIsReported() {
    JavaClasses fixture = fixture();
    JavaClasses outerModule = fixture.that(new DescribedPredicate<>("are in the outer module") {
      @Override
      public boolean test(JavaClass c) {
        return c.getPackageName().equals(FIXTURE_ROOT + ".outer");
      }
    });
    EvaluationResult result = engineFree(FIXTURE.enginePackagesOf(fixture)).evaluate(outerModule);
    assertTrue(result.hasViolation(), "an outer module depending on the engine must be reported");
    assertTrue(result.getFailureReport().toString().contains("Engine"), result.getFailureReport().toString());
  }

  @Test
  void aLeafApiDependingOnTheEngineIsReported() {
    assertViolation(leafApiIsJavaOnly(FIXTURE), "LeakyApi");
  }

  @Test
  void internalTypesInApiSignaturesAreReported() {
    String report = assertViolation(apiExposesNoInternalType(FIXTURE), "LeakyApi.engine()");
    assertTrue(report.contains("Facade.engine()"), "a facade member not marked private is a leak too: " + report);
  }

  @Test
  void anUnmarkedPackageIsReported() {
    assertViolation(everyPackageIsMarked(FIXTURE), "package " + FIXTURE_ROOT + ".engine needs a package-info");
  }

  private static String assertViolation(ArchRule rule, String expectedInReport) {
    EvaluationResult result = rule.evaluate(fixture());
    String report = result.getFailureReport().toString();
    assertTrue(result.hasViolation(), "the fixture breaks this rule, so it must fail: " + rule.getDescription());
    assertTrue(report.contains(expectedInReport), "expected " + expectedInReport + " in " + report);
    return report;
  }
}
