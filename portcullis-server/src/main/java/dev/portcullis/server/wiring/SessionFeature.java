package dev.portcullis.server.wiring;

import dev.portcullis.crypto.Hmac;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.csrf.OriginPolicy;
import dev.portcullis.server.ServerConfig;
import dev.portcullis.session.ContextWatch;
import dev.portcullis.session.SessionService;
import java.time.Clock;

/**
 * Browser sessions, their CSRF tokens and the Origin check of unsafe requests; {@code formCsrfKey}
 * signs the pre-session CSRF tokens of the sign-in and sign-up forms. {@code contextWatch} is the one
 * watch ({@code --session-context-change}) for sessions on every face (the server's routes, forward
 * auth) and for app refresh families: it remembers what it already recorded.
 */
public record SessionFeature(SessionService service, OriginPolicy origins, Hmac formCsrfKey, ContextWatch contextWatch) {
  /** Where the CSRF key is kept among the server secrets (sealed under the key-encryption key). */
  static final String CSRF_KEY = "csrf-hmac-key";
  /**
   * The form key is derived from the CSRF key (HMAC as a PRF, like HKDF-Expand with one block), so
   * no second secret is stored, and a pre-session form token can never pass for a session's token.
   */
  static final String FORM_CSRF_KEY_LABEL = "portcullis form-csrf-key v1";

  /**
   * Reads the CSRF key (the first instance to start creates it); throws if it is sealed under
   * another key-encryption key. Sessions end with their account's credentials.
   */
  public static SessionFeature create(ServerConfig config, Stores stores, AccountFeature accounts, Clock clock) {
    String csrfSecret = stores.secrets().getOrCreate(CSRF_KEY, Tokens.secret256());
    Hmac csrfKey = Hmac.fromBase64(csrfSecret);
    SessionService sessions = new SessionService(stores.sessions(), stores.accounts(), stores.audit(), clock,
        config.sessionPolicy(), csrfKey);
    accounts.service().addRevocationListener(sessions);
    return new SessionFeature(sessions, new OriginPolicy(config.allowedOrigins(), config.publicOrigin()),
        Hmac.fromBase64(Hmac.fromBase64(csrfSecret).sign(FORM_CSRF_KEY_LABEL)),
        new ContextWatch(config.sessionContextChange(), stores.sessions(), stores.audit(), clock));
  }
}
