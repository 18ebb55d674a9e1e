package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spindle.SpindleConf;
import org.junit.jupiter.api.Test;

class UiAccessPolicyTest {
  @Test
  void theOwnerAndListedUsersMayViewOthersGet403() {
    UiAccessPolicy policy = new UiAccessPolicy(true, "alice", " bob , carol", "ops");
    assertTrue(policy.canView("alice"));
    assertTrue(policy.canView("bob"));
    assertTrue(policy.canView("carol"));
    assertTrue(policy.canView("ops"), "admins view every application");
    assertFalse(policy.canView("mallory"));
    assertEquals(403, policy.status("mallory"));
    assertEquals(200, policy.status("alice"));
  }

  @Test
  void noUserFromTheProxyIsRefusedWhenEnforced() {
    UiAccessPolicy policy = new UiAccessPolicy(true, "alice", "*", null);
    assertFalse(policy.canView(null));
    assertFalse(policy.canView(" "));
  }

  @Test
  void aStarInEitherListLetsEveryAuthenticatedUserView() {
    assertTrue(new UiAccessPolicy(true, "alice", "*", null).canView("anyone"));
    assertTrue(new UiAccessPolicy(true, "alice", null, "*").canView("anyone"));
  }

  @Test
  void emptyListsLeaveOnlyTheOwner() {
    UiAccessPolicy policy = new UiAccessPolicy(true, "alice", " , ", "");
    assertTrue(policy.canView("alice"));
    assertFalse(policy.canView(""));
    assertFalse(policy.canView("bob"));
    assertFalse(policy.canView("alice2"), "names match whole");
  }

  @Test
  void withoutKerberosEveryoneMayView() {
    UiAccessPolicy policy = new UiAccessPolicy(false, "alice", "bob", null);
    assertTrue(policy.canView("mallory"));
    assertTrue(policy.canView(null));
  }

  @Test
  void readsTheAclsFromTheApplicationsConfiguration() {
    SpindleConf conf = new SpindleConf(false).set("spindle.ui.view.acls", "bob").set("spindle.admin.acls", "ops");
    UiAccessPolicy policy = UiAccessPolicy.of(conf, "alice", true);
    assertTrue(policy.canView("bob") && policy.canView("ops") && policy.canView("alice"));
    assertFalse(policy.canView("carol"));
  }
}
