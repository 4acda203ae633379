package dev.portcullis.bench;

import dev.portcullis.account.Argon2idEngine;
import dev.portcullis.account.Argon2idEngines;
import dev.portcullis.account.PasswordHasher;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The two Argon2id engines side by side in one process, on a machine too busy for wall-clock
 * figures: per hash, the CPU time of the hashing thread (what a login costs the machine, however
 * many other processes compete), and the wall time. Rounds alternate native and java so both see
 * the same machine state; {@code --threads 2} runs that many hashing threads at once, as the
 * server's pool does on two cores.
 *
 * <pre>java -cp portcullis-bench/target/benchmarks.jar dev.portcullis.bench.Argon2Compare [--rounds 20] [--threads 1]</pre>
 */
public final class Argon2Compare {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private Argon2Compare() {}

  public static void main(String[] args) throws Exception {
    int rounds = 20;
    int threads = 1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rounds" -> rounds = Math.min(200, Integer.parseInt(args[i + 1]));
        case "--threads" -> threads = Math.min(16, Integer.parseInt(args[i + 1]));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Argon2idEngine[] engines = {Argon2idEngines.nativeEngine(), Argon2idEngines.java()};
    long[][] cpu = new long[2][rounds * threads];
    long[][] wall = new long[2][rounds * threads];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int warm = 0; warm < 5; warm++) { // JIT for the Java engine, page cache for both
        for (Argon2idEngine e : engines) {
          hash(e);
        }
      }
      for (int r = 0; r < rounds; r++) {
        for (int e = 0; e < 2; e++) {
          Argon2idEngine engine = engines[(e + r) % 2]; // alternate which goes first
          int slot = (e + r) % 2;
          Future<?>[] running = new Future<?>[threads];
          for (int t = 0; t < threads; t++) {
            int index = r * threads + t;
            running[t] = pool.submit(() -> {
              long c0 = CPU.getCurrentThreadCpuTime();
              long w0 = System.nanoTime();
              hash(engine);
              wall[slot][index] = System.nanoTime() - w0;
              cpu[slot][index] = CPU.getCurrentThreadCpuTime() - c0;
            });
          }
          for (Future<?> f : running) {
            f.get();
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf("Argon2id m=%d KiB t=%d p=%d, %d rounds x %d thread(s), %s, load %s%n",
        PasswordHasher.DEFAULT.memoryKib(), PasswordHasher.DEFAULT.iterations(), PasswordHasher.DEFAULT.parallelism(),
        rounds, threads, System.getProperty("java.vm.version"), loadAverage());
    for (int e = 0; e < 2; e++) {
      System.out.printf("%-7s CPU ms/hash median %6.1f (p10 %6.1f, p90 %6.1f); wall ms/hash median %6.1f%n",
          engines[e].name(), pct(cpu[e], 50), pct(cpu[e], 10), pct(cpu[e], 90), pct(wall[e], 50));
    }
    System.out.printf("java/native CPU per hash: %.2f%n", pct(cpu[1], 50) / pct(cpu[0], 50));
  }

  private static void hash(Argon2idEngine engine) {
    engine.derive("correct horse battery staple".getBytes(StandardCharsets.UTF_8),
        "0123456789abcdef".getBytes(StandardCharsets.UTF_8), PasswordHasher.DEFAULT, 32);
  }

  private static double pct(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
  }

  private static String loadAverage() {
    return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
