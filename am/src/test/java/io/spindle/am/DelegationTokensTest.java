package io.spindle.am;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.apache.hadoop.yarn.security.client.RMDelegationTokenIdentifier;
import org.junit.jupiter.api.Test;

/** Hadoop's own token classes: an AMRM token and ResourceManager delegation tokens with set dates. */
class DelegationTokensTest {
  private static Token<RMDelegationTokenIdentifier> delegationToken(String service, long issue, long max) {
    RMDelegationTokenIdentifier id = new RMDelegationTokenIdentifier(new Text("alice"), new Text("yarn"), new Text());
    id.setIssueDate(issue);
    id.setMaxDate(max);
    Token<RMDelegationTokenIdentifier> token = new Token<>(id.getBytes(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
        id.getKind(), new Text(service));
    return token;
  }

  private static Token<AMRMTokenIdentifier> amRmToken() {
    AMRMTokenIdentifier id = new AMRMTokenIdentifier(ApplicationAttemptId.newInstance(
        ApplicationId.newInstance(1, 1), 1), 7);
    return new Token<>(id.getBytes(), new byte[] {9, 9, 9, 9}, id.getKind(), new Text("rm:8030"));
  }

  @Test
  void executorsGetEverythingButTheAmRmToken() {
    Credentials am = new Credentials();
    am.addToken(new Text("rm:8030"), amRmToken());
    am.addToken(new Text("nn:8020"), delegationToken("nn:8020", 1_000, 9_000));
    am.addSecretKey(AppSecret.ALIAS, new byte[] {42});
    Credentials executor = DelegationTokens.withoutAmRmToken(am);
    assertEquals(1, executor.numberOfTokens());
    assertNull(executor.getToken(new Text("rm:8030")));
    assertEquals(am.getToken(new Text("nn:8020")), executor.getToken(new Text("nn:8020")));
    assertArrayEquals(new byte[] {42}, executor.getSecretKey(AppSecret.ALIAS));
  }

  @Test
  void theEarliestExpiryIsTheFirstMaxDateOrIssuePlusTheRenewalInterval() {
    Credentials c = new Credentials();
    c.addToken(new Text("a"), delegationToken("a", 1_000, 50_000));
    c.addToken(new Text("b"), delegationToken("b", 2_000, 30_000));
    c.addToken(new Text("rm:8030"), amRmToken()); // no dates: does not count
    assertEquals(30_000, DelegationTokens.earliestExpiry(c, -1));
    assertEquals(11_000, DelegationTokens.earliestExpiry(c, 10_000));
    assertEquals(Long.MAX_VALUE, DelegationTokens.earliestExpiry(new Credentials(), 10_000));
  }

  @Test
  void credentialsSurviveSerializationAndTheirDescriptionHoldsNoTokenBytes() throws Exception {
    Credentials c = new Credentials();
    Token<RMDelegationTokenIdentifier> token = delegationToken("nn:8020", 1_000, 9_000);
    c.addToken(new Text("nn:8020"), token);
    Credentials back = DelegationTokens.deserialize(DelegationTokens.serialize(c));
    assertEquals(token, back.getToken(new Text("nn:8020")));
    String text = DelegationTokens.describe(c);
    assertEquals("RM_DELEGATION_TOKEN for nn:8020", text);
    assertFalse(text.contains(HexFormat.of().formatHex(token.getPassword())));
    assertFalse(text.contains(HexFormat.of().formatHex(token.getIdentifier())));
    assertTrue(DelegationTokens.describe(new Credentials()).contains("no tokens"));
  }
}
