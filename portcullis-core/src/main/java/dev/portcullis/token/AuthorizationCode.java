package dev.portcullis.token;

import java.time.Instant;
import java.util.Set;

/**
 * One authorization code (RFC 6749 §4.1.2) as stored: only the SHA-256 of the code, what it was
 * issued for, and what became of it. A code is single-use: the first redemption marks it used and
 * names the refresh family it starts; any later presentation is a replay that revokes that family
 * (RFC 6749 §4.1.2, RFC 9700 §4.5).
 *
 * @param codeChallenge the PKCE S256 challenge (RFC 7636 §4.2) the verifier must answer
 * @param tokenVersion the account's token version when the user signed in: a password change or
 *     forced logout before the exchange makes the code worthless
 * @param expiresAt the end of the code's validity (a minute: RFC 6749 §4.1.2 recommends at most ten)
 * @param retainUntil when the store may forget it; later than {@code expiresAt}, so that a replay
 *     shortly after expiry is still recognised and revokes what the code issued
 * @param usedAt when it was redeemed, null before
 * @param familyId the refresh family its redemption started, null before
 * @param replayedAt when it was first presented again after being used, null if never
 */
public record AuthorizationCode(
    String codeHash,
    String clientId,
    String userId,
    String redirectUri,
    String codeChallenge,
    Set<String> scopes,
    long tokenVersion,
    Instant createdAt,
    Instant expiresAt,
    Instant retainUntil,
    Instant usedAt,
    String familyId,
    Instant replayedAt) {

  public AuthorizationCode {
    scopes = Set.copyOf(scopes);
  }

  public boolean used() {
    return usedAt != null;
  }

  /** This code as its winning redemption at {@code at}, starting family {@code familyId}, leaves it. */
  public AuthorizationCode redeemed(Instant at, String familyId) {
    return new AuthorizationCode(codeHash, clientId, userId, redirectUri, codeChallenge, scopes, tokenVersion, createdAt,
        expiresAt, retainUntil, at, familyId, replayedAt);
  }

  /** This code once presented again at {@code at}. */
  public AuthorizationCode replayed(Instant at) {
    return new AuthorizationCode(codeHash, clientId, userId, redirectUri, codeChallenge, scopes, tokenVersion, createdAt,
        expiresAt, retainUntil, usedAt, familyId, at);
  }

  @Override
  public String toString() {
    return "AuthorizationCode[client=" + clientId + ", user=" + userId + ", used=" + used() + "]";
  }
}
