package dev.portcullis.store.jdbc;

import dev.portcullis.client.Client;
import dev.portcullis.client.ClientType;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;

/** Inserts the client rows that refresh families reference through their foreign key. */
final class TestClients {
  /** The client every contract family is issued to. */
  static final String CLIENT_ID = "c_contract";

  private TestClients() {}

  static void insert(DataSource dataSource, String clientId) {
    new JdbcClientStore(dataSource, Clock.systemUTC())
        .create(new Client(clientId, "Contract app", ClientType.MOBILE, null, null, Set.of("read", "write"),
            Instant.EPOCH));
  }
}
