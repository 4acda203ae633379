package dev.portcullis.store.jdbc;

import dev.portcullis.account.Account;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;

/** Inserts the account rows that sessions reference through their foreign key. */
final class TestAccounts {
  private TestAccounts() {}

  static void insert(DataSource dataSource, String userId) {
    new JdbcAccountStore(dataSource)
        .create(new Account(userId, userId.toLowerCase() + "@example.com", "h", Set.of(), 0, 0, Instant.EPOCH));
  }
}
