package dev.portcullis.server.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** What a failed readiness check logs: why it failed, never a credential. */
class HealthRoutesTest {
  @Test
  void theReasonNamesTheExceptionItsMessageAndTheRootCause() {
    SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused.", "08001");
    String reason = HealthRoutes.reason(new SQLTransientConnectionException(
        "portcullis - Connection is not available, request timed out after 3000ms.", "08001",
        new RuntimeException("wrapper", refused)));
    assertThat(reason).isEqualTo("SQLTransientConnectionException: portcullis - Connection is not available, "
        + "request timed out after 3000ms. (Connection to 127.0.0.1:5432 refused.)");
    assertThat(HealthRoutes.reason(new IllegalStateException("down"))).isEqualTo("IllegalStateException: down");
  }

  @Test
  void aUrlInTheMessageLosesItsUserInfoAndPassword() {
    String reason = HealthRoutes.reason(new IllegalStateException(
        "cannot reach redis://default:s3cret-1@cache:6379/0 nor rediss://:s3cret-2@cache:6380 nor "
            + "jdbc:postgresql://db:5432/auth?user=pcl&password=s3cret-3&ssl=true nor Password=s3cret-4;Host=x",
        new RuntimeException("postgres://pcl:s3cret-5@db/auth")));
    assertThat(reason).doesNotContain("s3cret").contains("redis://cache:6379/0", "rediss://cache:6380",
        "jdbc:postgresql://db:5432/auth?user=pcl&password=***&ssl=true", "Password=***;Host=x", "postgres://db/auth");
  }
}
