package io.spindle.am;

/**
 * The application outlived its delegation tokens and the AM had no keytab to obtain new ones. The
 * AM names it in its diagnostics' cause chain; the client exits with {@code ExitCodes.TOKENS_EXPIRED}.
 */
public final class DelegationTokensExpiredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DelegationTokensExpiredException(String message) {
    super(message);
  }
}
