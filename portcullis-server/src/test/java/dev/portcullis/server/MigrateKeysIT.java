package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.server.cli.Main;
import dev.portcullis.store.jdbc.JdbcDatabase;
import dev.portcullis.testkit.PostgresScratchDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code portcullis migrate} with {@code PORTCULLIS_KEY_ENCRYPTION_KEY} in the environment encrypts
 * the private keys a server stored in clear, once, on the embedded store and on PostgreSQL; a server
 * started after it, with that key, still accepts the access tokens and CSRF tokens issued before.
 */
@Timeout(value = 180)
class MigrateKeysIT {
  static final Map<String, String> WITH_KEK = Map.of("PORTCULLIS_KEY_ENCRYPTION_KEY", ServerHarness.KEY_ENCRYPTION_KEY);
  static final Map<String, String> WITHOUT_KEK = Map.of();

  /** One store, embedded or PostgreSQL, that servers and migrate runs open in turn. */
  private interface Store extends AutoCloseable {
    ServerHarness server(UnaryOperator<ServerConfig.Builder> keys);

    UnaryOperator<ServerConfig.Builder> inClear();

    String[] migrate();

    JdbcDatabase open();

    static Store of(String kind) throws SQLException {
      if (kind.equals("embedded")) {
        Path dir = ServerHarness.newDataDir();
        return new Store() {
          public ServerHarness server(UnaryOperator<ServerConfig.Builder> keys) { return new ServerHarness(dir, keys); }
          public UnaryOperator<ServerConfig.Builder> inClear() { return b -> b; }
          public String[] migrate() { return new String[] {"migrate", "--data", dir.toString()}; }
          public JdbcDatabase open() { return JdbcDatabase.embedded(dir); }
          public void close() {}
        };
      }
      PostgresScratchDatabase db = PostgresScratchDatabase.create();
      return new Store() {
        public ServerHarness server(UnaryOperator<ServerConfig.Builder> keys) {
          return new ServerHarness(b -> keys.apply(b.postgresUrl(db.url())));
        }
        public UnaryOperator<ServerConfig.Builder> inClear() { return b -> b.insecurePlaintextKeys(true); }
        public String[] migrate() { return new String[] {"migrate", "--postgres-url", db.url()}; }
        public JdbcDatabase open() { return JdbcDatabase.of(db.url()); }
        public void close() throws SQLException { db.close(); }
      };
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"embedded", "postgres"})
  void migrateEncryptsKeysStoredInClearOnceAndTokensIssuedBeforeStillWork(String kind) throws Exception {
    try (Store store = Store.of(kind)) {
      OutageChecks.Baseline before;
      try (ServerHarness h = store.server(store.inClear())) {
        before = OutageChecks.signedIn(h);
      }
      assertThat(column(store, "SELECT private_key FROM signing_keys")).singleElement()
          .satisfies(k -> assertThat(k).startsWith("plain:"));
      String csrfKeyInClear = column(store, "SELECT secret FROM server_secrets").get(0);

      assertThat(migrate(WITHOUT_KEK, store.migrate()))
          .contains("1 signing key and 1 server secret stored in clear, left as they are")
          .contains("PORTCULLIS_KEY_ENCRYPTION_KEY", "openssl rand -base64 32");
      assertThat(column(store, "SELECT secret FROM server_secrets")).containsExactly(csrfKeyInClear);

      assertThat(migrate(WITH_KEK, store.migrate())).contains("encrypted 1 signing key and 1 server secret stored in clear");
      assertThat(migrate(WITH_KEK, store.migrate())).as("idempotent")
          .contains("encrypted 0 signing keys and 0 server secrets");
      assertThat(migrate(WITHOUT_KEK, store.migrate())).contains("no private key is stored in clear");
      assertThat(column(store, "SELECT private_key FROM signing_keys")).singleElement()
          .satisfies(k -> assertThat(k).startsWith("aesgcm:").doesNotContain("\"d\""));
      assertThat(column(store, "SELECT secret FROM server_secrets")).singleElement()
          .satisfies(s -> assertThat(s).startsWith("enc:v1:").doesNotContain(csrfKeyInClear));

      try (LogCapture logs = new LogCapture();
          ServerHarness after = store.server(b -> b.keyEncryptionKey(ServerHarness.KEY_ENCRYPTION_KEY))) {
        assertThat(logs.warnings()).noneMatch(w -> w.contains("portcullis migrate"));
        assertThat(new OAuth(after).me(before.access()).status()).as("access token from before").isEqualTo(200);
        Browser browser = before.browser().at(after.base);
        assertThat(browser.get("/v1/me").status()).isEqualTo(200);
        assertThat(browser.postJson("/v1/session/logout", Map.of(), "X-CSRF-Token", "forged").status()).isEqualTo(403);
        assertThat(browser.postCsrf("/v1/session/logout", null).status()).as("CSRF token from before").isEqualTo(204);
      }
    }
  }

  @Test
  void migrateWithAMalformedKekSaysSoInOneLineAndExits2() {
    StringWriter err = new StringWriter();
    int code = Main.cli(Map.of("PORTCULLIS_KEY_ENCRYPTION_KEY", "c2hvcnQ")::get).setErr(new PrintWriter(err, true))
        .execute("migrate", "--data", ServerHarness.newDataDir().toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("migrate: PORTCULLIS_KEY_ENCRYPTION_KEY must be 32 bytes in base64");
  }

  private static String migrate(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.cli(environment::get).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(args);
    assertThat(code).as("migrate: %s%s", out, err).isZero();
    return out.toString();
  }

  private static List<String> column(Store store, String sql) throws SQLException {
    try (JdbcDatabase db = store.open(); Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
