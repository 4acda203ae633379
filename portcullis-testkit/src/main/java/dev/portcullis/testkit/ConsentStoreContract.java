package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.consent.ConsentStore;
import dev.portcullis.crypto.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConsentStore} must do: remember the scopes a user allowed a client, accumulate
 * them, keep users and clients apart, and take concurrent Allows. {@link #clientId()} and
 * {@link #createUser} are for backends with foreign keys.
 */
public abstract class ConsentStoreContract {
  protected ConsentStore store;

  protected abstract ConsentStore newStore(MutableClock clock);

  protected String clientId() {
    return "c_contract";
  }

  protected void createUser(String userId) {}

  @BeforeEach
  void setUpStore() {
    store = newStore(new MutableClock());
  }

  private String user() {
    String id = Tokens.handle("u_");
    createUser(id);
    return id;
  }

  @Test
  void nothingIsCoveredBeforeAnAllowNotEvenNoScope() {
    assertThat(store.covers(user(), clientId(), Set.of())).isFalse();
  }

  @Test
  void anAllowCoversTheSameOrFewerScopesAndNoMore() {
    String u = user();
    store.grant(u, clientId(), Set.of("read", "write"));
    assertThat(store.covers(u, clientId(), Set.of("read", "write"))).isTrue();
    assertThat(store.covers(u, clientId(), Set.of("read"))).isTrue();
    assertThat(store.covers(u, clientId(), Set.of())).isTrue();
    assertThat(store.covers(u, clientId(), Set.of("read", "admin"))).isFalse();
    assertThat(store.covers(user(), clientId(), Set.of("read"))).as("another user").isFalse();
  }

  @Test
  void allowsAccumulateAndRepeatIdempotently() {
    String u = user();
    store.grant(u, clientId(), Set.of());
    assertThat(store.covers(u, clientId(), Set.of())).isTrue();
    assertThat(store.covers(u, clientId(), Set.of("read"))).isFalse();
    store.grant(u, clientId(), Set.of("read"));
    store.grant(u, clientId(), Set.of("read"));
    store.grant(u, clientId(), Set.of("write"));
    assertThat(store.covers(u, clientId(), Set.of("read", "write"))).isTrue();
  }

  /** Two tabs allowing at once: both succeed and the union is remembered. */
  @Test
  void concurrentAllowsAllLand() throws Exception {
    String u = user();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Set<String> scopes = i % 2 == 0 ? Set.of("read", "write") : Set.of("read", "s" + i);
        all.add(CompletableFuture.runAsync(() -> store.grant(u, clientId(), scopes), pool));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.covers(u, clientId(), Set.of("read", "write", "s1", "s15"))).isTrue();
  }
}
