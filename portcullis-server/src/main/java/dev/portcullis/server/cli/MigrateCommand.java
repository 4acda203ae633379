package dev.portcullis.server.cli;

import dev.portcullis.crypto.SealedSecretStore;
import dev.portcullis.store.jdbc.JdbcDatabase;
import dev.portcullis.store.jdbc.JdbcKeysAtRest;
import dev.portcullis.token.SigningKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Applies the schema migrations to the configured database and exits. {@code serve} migrates at
 * start-up too; this lets an operator do it as a separate, visible step before rolling instances.
 * With {@code PORTCULLIS_KEY_ENCRYPTION_KEY} set it also encrypts the private keys still stored in
 * clear (written before there was a key), which {@code serve} only reads.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {"Apply database migrations (PostgreSQL with --postgres-url, else the embedded store under --data).",
        "With PORTCULLIS_KEY_ENCRYPTION_KEY in the environment, also encrypt the signing keys and server secrets stored in clear."})
public final class MigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", defaultValue = "${env:PORTCULLIS_DATA:-./data}", description = "Embedded database directory (default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--postgres-url", defaultValue = "${env:PORTCULLIS_POSTGRES_URL}", description = "jdbc:postgresql://… to migrate instead of the embedded store.")
  String postgresUrl;

  /** Where the key-encryption key is read: the process environment, or a test's stand-in (see Main). */
  Function<String, String> environment = System::getenv;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean pg = postgresUrl != null && !postgresUrl.isBlank();
    if (pg && !postgresUrl.startsWith("jdbc:postgresql://")) {
      err.println("migrate: --postgres-url must start with jdbc:postgresql://");
      return 2;
    }
    String kekText = environment.apply("PORTCULLIS_KEY_ENCRYPTION_KEY");
    byte[] kek;
    try {
      kek = kekText == null || kekText.isBlank() ? null : SigningKeys.parseKeyEncryptionKey(kekText);
    } catch (IllegalArgumentException e) {
      err.println("migrate: " + e.getMessage());
      return 2;
    }
    out.println("migrate: opening " + (pg ? "PostgreSQL" : "the embedded store in " + data) + " and applying migrations…");
    out.flush();
    try (JdbcDatabase db = pg ? JdbcDatabase.of(postgresUrl.trim()) : JdbcDatabase.embedded(data)) {
      out.println("migrate: schema is at version " + db.schemaVersion() + " ("
          + (pg ? "PostgreSQL" : "embedded store in " + data) + ")");
      JdbcKeysAtRest keys = new JdbcKeysAtRest(db.dataSource());
      if (kek != null) {
        JdbcKeysAtRest.Count sealed = keys.seal(kek);
        out.println("migrate: encrypted " + describe(sealed) + " stored in clear, under key-encryption key "
            + SealedSecretStore.keyId(kek));
      } else {
        JdbcKeysAtRest.Count clear = keys.inClear();
        out.println(clear.total() == 0 ? "migrate: no private key is stored in clear; nothing to encrypt"
            : "migrate: " + describe(clear) + " stored in clear, left as they are: set"
                + " PORTCULLIS_KEY_ENCRYPTION_KEY (generate one with: openssl rand -base64 32) and run migrate"
                + " again to encrypt them");
      }
      return 0;
    } catch (RuntimeException e) {
      err.println("migrate: failed: " + e.getMessage());
      return 1;
    }
  }

  private static String describe(JdbcKeysAtRest.Count n) {
    return n.signingKeys() + (n.signingKeys() == 1 ? " signing key" : " signing keys") + " and "
        + n.secrets() + (n.secrets() == 1 ? " server secret" : " server secrets");
  }
}
