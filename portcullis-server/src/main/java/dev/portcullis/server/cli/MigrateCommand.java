package dev.portcullis.server.cli;

import dev.portcullis.store.jdbc.JdbcDatabase;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Applies the schema migrations to the configured database and exits. {@code serve} migrates at
 * start-up too; this lets an operator do it as a separate, visible step before rolling instances.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Apply database migrations (PostgreSQL with --postgres-url, else the embedded store under --data).")
public final class MigrateCommand implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "${env:PORTCULLIS_DATA:-./data}", description = "Embedded database directory (default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--postgres-url", defaultValue = "${env:PORTCULLIS_POSTGRES_URL}", description = "jdbc:postgresql://… to migrate instead of the embedded store.")
  String postgresUrl;

  @Override
  public Integer call() {
    boolean pg = postgresUrl != null && !postgresUrl.isBlank();
    if (pg && !postgresUrl.startsWith("jdbc:postgresql://")) {
      System.err.println("migrate: --postgres-url must start with jdbc:postgresql://");
      return 2;
    }
    try (JdbcDatabase db = pg ? JdbcDatabase.of(postgresUrl.trim()) : JdbcDatabase.embedded(data)) {
      System.out.println("migrate: schema is at version " + db.schemaVersion() + " ("
          + (pg ? "PostgreSQL" : "embedded store in " + data) + ")");
      return 0;
    } catch (RuntimeException e) {
      System.err.println("migrate: failed: " + e.getMessage());
      return 1;
    }
  }
}
