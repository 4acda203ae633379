package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.crypto.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link SecretStore} must show: the first writer wins, even in a race. */
public abstract class SecretStoreContract {
  protected SecretStore store;

  protected abstract SecretStore newStore();

  @BeforeEach
  void setUpSecretStore() {
    store = newStore();
  }

  protected static String name() {
    return "csrf-key-" + UUID.randomUUID();
  }

  @Test
  void getOrCreateStoresTheFirstCandidate() {
    String name = name();
    assertThat(store.getOrCreate(name, "first")).isEqualTo("first");
    assertThat(store.getOrCreate(name, "second")).isEqualTo("first");
  }

  @Test
  void namesAreIndependent() {
    String a = name();
    String b = name();
    assertThat(store.getOrCreate(a, "alpha")).isEqualTo("alpha");
    assertThat(store.getOrCreate(b, "beta")).isEqualTo("beta");
    assertThat(store.getOrCreate(a, "other")).isEqualTo("alpha");
  }

  @RepeatedTest(3)
  void racingFirstWritersAllGetTheSameWinner() throws Exception {
    String name = name();
    List<Callable<String>> tasks = new ArrayList<>();
    List<String> candidates = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String candidate = "candidate-" + i;
      candidates.add(candidate);
      tasks.add(() -> store.getOrCreate(name, candidate));
    }
    List<String> results = Race.run(tasks);
    assertThat(results).containsOnly(results.get(0));
    assertThat(candidates).contains(results.get(0));
    assertThat(store.getOrCreate(name, "late")).isEqualTo(results.get(0));
  }
}
