package io.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.UndeclaredThrowableException;
import java.security.PrivilegedActionException;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.junit.jupiter.api.Test;

/** A failed submission's one line names the cause under Java's wrappers, not the wrapper. */
class YarnLauncherDescribeTest {
  private static final YarnException REFUSED = new YarnException("submitted by user alice to unknown queue: nightly");

  @Test
  void theCauseUnderDoAsWrappersIsDescribed() {
    String expected = YarnException.class.getName() + ": submitted by user alice to unknown queue: nightly";
    assertEquals(expected, YarnLauncher.describe(new UndeclaredThrowableException(REFUSED)));
    assertEquals(expected, YarnLauncher.describe(new UndeclaredThrowableException(new PrivilegedActionException(REFUSED))));
    assertEquals(expected, YarnLauncher.describe(REFUSED));
  }

  @Test
  void aWrapperWithoutCauseIsDescribedAsItIs() {
    UndeclaredThrowableException bare = new UndeclaredThrowableException(null, "no cause");
    assertEquals(bare.toString(), YarnLauncher.describe(bare));
  }
}
