package dev.portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.crypto.Tokens;
import dev.portcullis.server.cli.Main;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.PostgresScratchDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The key rule at start-up (issue 7, item 13): a server on PostgreSQL refuses to keep private keys
 * in clear unless the operator opts out by name, the embedded store warns, and a copy of the
 * database made without the key-encryption key yields neither the signing key nor the CSRF key.
 */
@Timeout(value = 120)
class KeysAtRestIT {
  static final String IN_CLEAR = "stored in clear";
  static final String INSECURE = "INSECURE (--insecure-plaintext-keys)";

  final MutableClock clock = new MutableClock();
  PostgresScratchDatabase db;
  final LogCapture logs = new LogCapture();

  @BeforeEach
  void createDatabase() throws SQLException {
    db = PostgresScratchDatabase.create();
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    logs.close();
    db.close();
  }

  private ServerConfig.Builder onPostgres(String url) {
    return ServerConfig.builder(ServerHarness.newDataDir()).host("127.0.0.1").port(0).dev(true)
        .adminToken(ServerHarness.ADMIN_TOKEN).postgresUrl(url);
  }

  @Test
  void embeddedStoreWithoutAKekStartsAndWarnsThatKeysAreInClearAndHowToFixIt() {
    try (ServerHarness h = ServerHarness.dev()) {
      assertThat(h.browser().get("/readyz").status()).isEqualTo(200);
      assertThat(logs.warnings()).filteredOn(w -> w.contains(IN_CLEAR)).singleElement().satisfies(w -> assertThat(w)
          .contains(h.dataDir.toString(), "PORTCULLIS_KEY_ENCRYPTION_KEY", "openssl rand -base64 32", "portcullis migrate"));
    }
  }

  @Test
  void embeddedStoreWithAKekDoesNotWarn() {
    try (ServerHarness h = new ServerHarness(b -> b.keyEncryptionKey(ServerHarness.KEY_ENCRYPTION_KEY))) {
      assertThat(h.browser().get("/readyz").status()).isEqualTo(200);
      assertThat(logs.warnings()).noneMatch(w -> w.contains(IN_CLEAR));
    }
  }

  @Test
  void postgresWithoutAKekRefusesToStartInOneLineAndTouchesNothing() throws Exception {
    assertThatThrownBy(() -> PortcullisServer.start(onPostgres(db.url()).build(), clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PORTCULLIS_KEY_ENCRYPTION_KEY")
        .hasMessageContaining("openssl rand -base64 32")
        .hasMessageContaining("--insecure-plaintext-keys")
        .hasMessageNotContaining("\n");
    // refused before the store was opened: no connection, not even the schema
    assertThat(db.openConnections()).isZero();
    assertThat(tables(db.url())).isEmpty();
  }

  @Test
  void postgresWithTheOptOutStartsAndWarnsAtEveryStart() {
    for (int start = 1; start <= 2; start++) {
      try (ServerHarness h = new ServerHarness(b -> b.postgresUrl(db.url()).insecurePlaintextKeys(true))) {
        assertThat(h.browser().get("/readyz").status()).isEqualTo(200);
        assertThat(logs.warningsContaining(INSECURE)).as("start %d", start).isEqualTo(start);
      }
    }
    assertThat(logs.warnings()).filteredOn(w -> w.contains(INSECURE)).first().satisfies(w -> assertThat(w)
        .contains("copy or backup", "PORTCULLIS_KEY_ENCRYPTION_KEY", "openssl rand -base64 32", "portcullis migrate"));
  }

  @Test
  void serveCommandOnPostgresWithoutAKekPrintsOneLineAndExits1() {
    StringWriter err = new StringWriter();
    int code = Main.cli(Map.<String, String>of()::get).setErr(new PrintWriter(err, true))
        .execute("serve", "--host", "127.0.0.1", "--port", "0", "--data", ServerHarness.newDataDir().toString(),
            "--postgres-url", db.url());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip()).doesNotContain("\n").doesNotContain("Exception")
        .startsWith("portcullis: refusing to store private keys in clear in PostgreSQL")
        .contains("PORTCULLIS_KEY_ENCRYPTION_KEY", "openssl rand -base64 32", "--insecure-plaintext-keys");
  }

  @Test
  void serveCommandWithTheOptOutGetsPastTheKeyRule() throws Exception {
    // a taken port stops the start right after the key rule, so serve returns instead of running on
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      StringWriter err = new StringWriter();
      int code = Main.cli(Map.<String, String>of()::get).setErr(new PrintWriter(err, true))
          .execute("serve", "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()),
              "--data", ServerHarness.newDataDir().toString(), "--postgres-url", db.url(), "--insecure-plaintext-keys");
      assertThat(code).isEqualTo(1);
      assertThat(err.toString()).doesNotContain("refusing to store private keys");
      assertThat(logs.warningsContaining(INSECURE)).isEqualTo(1);
    }
  }

  @Test
  void aDatabaseCopyWithoutTheKekYieldsNeitherThePrivateKeyNorTheCsrfKey() throws Exception {
    String csrfKey;
    String publicModulus;
    OutageChecks.Baseline before;
    try (ServerHarness h = new ServerHarness(ServerHarness.onPostgres(db.url()))) {
      before = OutageChecks.signedIn(h);
      csrfKey = h.server.registry().stores().secrets().getOrCreate("csrf-hmac-key", Tokens.secret256());
      List<Map<String, Object>> jwks = h.server.registry().tokens().signingKeys().publicJwks();
      publicModulus = (String) jwks.get(0).get("n"); // an RSA private JWK in clear would repeat it
    }
    List<String> privateKeys = column(db.url(), "SELECT private_key FROM signing_keys");
    assertThat(privateKeys).singleElement().satisfies(k -> assertThat(k)
        .startsWith("aesgcm:").doesNotContain(publicModulus).doesNotContain("\"d\""));
    assertThat(column(db.url(), "SELECT secret FROM server_secrets")).singleElement().satisfies(s -> assertThat(s)
        .startsWith("enc:v1:").doesNotContain(csrfKey));

    awaitNoConnections(db);
    try (PostgresScratchDatabase copy = db.copy()) {
      assertThatThrownBy(() -> PortcullisServer.start(onPostgres(copy.url()).insecurePlaintextKeys(true).build(), clock))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("server secret csrf-hmac-key is encrypted; set PORTCULLIS_KEY_ENCRYPTION_KEY to the key it was sealed with");
      awaitNoConnections(copy);
      String otherKek = Base64.getEncoder().encodeToString(new byte[32]);
      assertThatThrownBy(() -> PortcullisServer.start(onPostgres(copy.url()).keyEncryptionKey(otherKek).build(), clock))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("was encrypted under key-encryption key");
      awaitNoConnections(copy);

      // the copy itself is whole: with the key, it accepts the token issued before the copy
      try (ServerHarness onCopy = new ServerHarness(ServerHarness.onPostgres(copy.url()))) {
        assertThat(new OAuth(onCopy).me(before.access()).status()).isEqualTo(200);
      }
    }
  }

  /** A refusal after the store was opened closes it again (PostgreSQL ends the sessions soon after). */
  static void awaitNoConnections(PostgresScratchDatabase database) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (database.openConnections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(database.openConnections()).as("connections left open to %s", database.name()).isZero();
  }

  static List<String> tables(String url) throws SQLException {
    return column(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
  }

  static List<String> column(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
