package dev.portcullis.server.wiring;

import dev.portcullis.crypto.Hmac;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.csrf.OriginPolicy;
import dev.portcullis.server.ServerConfig;
import dev.portcullis.session.SessionService;
import java.time.Clock;

/**
 * Browser sessions, their CSRF tokens and the Origin check of unsafe requests; {@code formCsrfKey}
 * signs the pre-session CSRF tokens of the sign-in and sign-up forms.
 */
public record SessionFeature(SessionService service, OriginPolicy origins, Hmac formCsrfKey) {
  /** Where the CSRF key is kept among the server secrets (sealed under the key-encryption key). */
  static final String CSRF_KEY = "csrf-hmac-key";
  /** A key of its own, so a pre-session form token can never pass for a session's CSRF token. */
  static final String FORM_CSRF_KEY = "form-csrf-hmac-key";

  /**
   * Reads the CSRF key (the first instance to start creates it); throws if it is sealed under
   * another key-encryption key. Sessions end with their account's credentials.
   */
  public static SessionFeature create(ServerConfig config, Stores stores, AccountFeature accounts, Clock clock) {
    Hmac csrfKey = Hmac.fromBase64(stores.secrets().getOrCreate(CSRF_KEY, Tokens.secret256()));
    SessionService sessions = new SessionService(stores.sessions(), stores.accounts(), stores.audit(), clock,
        config.sessionPolicy(), csrfKey);
    accounts.service().addRevocationListener(sessions);
    return new SessionFeature(sessions, new OriginPolicy(config.allowedOrigins(), config.publicOrigin()),
        Hmac.fromBase64(stores.secrets().getOrCreate(FORM_CSRF_KEY, Tokens.secret256())));
  }
}
