package dev.portcullis.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.error.ConflictException;
import dev.portcullis.error.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlErrorsTest {
  @ParameterizedTest
  @ValueSource(strings = {"08000", "08001", "08003", "08006", "57P01", "57P02", "57P03"})
  void connectionClassStatesAreStoreUnavailable(String state) {
    assertThat(SqlErrors.translate("op", new SQLException("boom", state)))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void poolTimeoutIsStoreUnavailable() {
    assertThat(SqlErrors.translate("op", new SQLTransientConnectionException("pool timed out")))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void connectionFailureWrappedInAnotherExceptionIsStillUnavailable() {
    RuntimeException wrapped = new RuntimeException("flyway", new SQLException("down", "08001"));
    assertThat(SqlErrors.translate("op", wrapped)).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void otherFailuresAreIllegalStateNamingOnlyTheOperationAndState() {
    RuntimeException e = SqlErrors.translate("session create",
        new SQLException("Key (token_hash)=(hash-secret) already exists", "23505"));
    assertThat(e).isInstanceOf(IllegalStateException.class);
    assertThat(e.getMessage()).contains("session create", "23505").doesNotContain("hash-secret");
  }

  @Test
  void coreExceptionsPassThroughUnchanged() {
    ConflictException conflict = new ConflictException("taken");
    assertThat(SqlErrors.translate("op", conflict)).isSameAs(conflict);
  }
}
