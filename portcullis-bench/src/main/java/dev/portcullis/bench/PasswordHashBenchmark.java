package dev.portcullis.bench;

import dev.portcullis.account.PasswordHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Argon2id at the default parameters (m=19456 KiB, t=2, p=1): the cost of every registration,
 * login and password change. Hash and verify should cost the same; verify also parses the PHC
 * string. One thread: the figure is the latency of one login, not the server's capacity.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class PasswordHashBenchmark {
  private static final String PASSWORD = "correct horse battery staple";

  private PasswordHasher hasher;
  private String stored;

  @Setup
  public void setUp() {
    hasher = new PasswordHasher(PasswordHasher.DEFAULT);
    stored = hasher.hash(PASSWORD);
    if (!hasher.verify(PASSWORD, stored)) {
      throw new IllegalStateException("the stored hash does not verify");
    }
  }

  @Benchmark
  public String hash() {
    return hasher.hash(PASSWORD);
  }

  @Benchmark
  public boolean verify() {
    return hasher.verify(PASSWORD, stored);
  }
}
