package dev.portcullis.store.jdbc;

import dev.portcullis.consent.ConsentStore;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Consents in table {@code consents} (migration V7): one row per allowed scope, plus one with the
 * empty scope that records the Allow itself (a request may ask for no scope). Rows are only ever
 * inserted, each unless already there, so concurrent Allows need no lock.
 */
public final class JdbcConsentStore implements ConsentStore {
  private static final String ALLOWED = "";

  private final Jdbc jdbc;
  private final Clock clock;

  public JdbcConsentStore(DataSource ds, Clock clock) {
    this.jdbc = new Jdbc(ds);
    this.clock = clock;
  }

  @Override
  public void grant(String userId, String clientId, Set<String> scopes) {
    Set<String> rows = new HashSet<>(scopes);
    rows.add(ALLOWED);
    jdbc.withConnection("grant consent", c -> { // auto-commit: see insertUnlessDuplicate
      for (String scope : rows) {
        Jdbc.insertUnlessDuplicate(c, "INSERT INTO consents (user_id, client_id, scope, granted_at) VALUES (?, ?, ?, ?)",
            userId, clientId, scope, clock.instant());
      }
      return null;
    });
  }

  @Override
  public boolean covers(String userId, String clientId, Set<String> scopes) {
    Set<String> granted = new HashSet<>(jdbc.query("read consent",
        "SELECT scope FROM consents WHERE user_id = ? AND client_id = ?", rs -> rs.getString("scope"), userId, clientId));
    return granted.contains(ALLOWED) && granted.containsAll(scopes);
  }
}
