package dev.portcullis.bench;

import dev.portcullis.account.Argon2idEngine;
import dev.portcullis.account.Argon2idEngines;
import dev.portcullis.account.PasswordHasher;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Argon2id at the default parameters (m=19456 KiB, t=2, p=1): the cost of every registration,
 * login and password change. Hash and verify should cost the same; verify also parses the PHC
 * string. {@code engine}: {@code native} (libargon2 through argon2-jvm) or {@code java} (Bouncy
 * Castle, the fallback). One thread by default, the latency of one login; with {@code -t 2 -bm thrpt
 * -tu s} the hashes per second two cores give, which is the server's login capacity.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class PasswordHashBenchmark {
  private static final String PASSWORD = "correct horse battery staple";

  @Param({"native", "java"})
  public String engine;

  private PasswordHasher hasher;
  private String stored;

  @Setup
  public void setUp() {
    Argon2idEngine chosen = engine.equals("native") ? Argon2idEngines.nativeEngine() : Argon2idEngines.java();
    hasher = new PasswordHasher(PasswordHasher.DEFAULT, chosen);
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
