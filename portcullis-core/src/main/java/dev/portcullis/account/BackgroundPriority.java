package dev.portcullis.account;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of the calling thread (Linux nice 10) so that CPU-heavy background
 * work, password hashing, yields the cores to request threads whenever both want them: a login
 * flood then takes only the CPU that session validation leaves idle. Java thread priorities are
 * ignored on Linux, so this calls libc's {@code setpriority} for the thread's own id through JNA,
 * which is present with the native Argon2id. Anywhere else (not Linux, no JNA, not permitted) it
 * does nothing: hashing then competes at normal priority, bounded by the pool's size. The system
 * property {@code portcullis.hashing.lowPriority=false} turns it off (for measurements).
 */
final class BackgroundPriority {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
  static final int NICE = 10;
  private static volatile boolean warned;

  private BackgroundPriority() {}

  /** True when the calling thread now runs at nice {@link #NICE}. */
  static boolean lowerCurrentThread() {
    try {
      if (!System.getProperty("os.name", "").startsWith("Linux")
          || "false".equals(System.getProperty("portcullis.hashing.lowPriority"))) {
        return false;
      }
      Class.forName("com.sun.jna.Native", false, BackgroundPriority.class.getClassLoader());
      // "/proc/thread-self" links to "<pid>/task/<tid>": the id setpriority takes for one thread
      Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
      int tid = Integer.parseInt(self.getFileName().toString());
      return Libc.setNice(tid, NICE);
    } catch (Exception | LinkageError e) {
      if (!warned) {
        warned = true;
        LOG.info("password hashing runs at normal priority (could not lower it: {})", e.toString());
      }
      return false;
    }
  }

  /** The nice value of the calling thread, from /proc (Linux only; for tests). */
  static int currentNice() throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(after[16]); // field 19 of proc(5), counted from field 3 (state)
  }

  /** Loaded only once JNA is known to be there. */
  private static final class Libc {
    private static final int PRIO_PROCESS = 0;

    interface C extends com.sun.jna.Library {
      int setpriority(int which, int who, int prio);
    }

    private static final C C_LIB = com.sun.jna.Native.load("c", C.class);

    static boolean setNice(int tid, int nice) {
      return C_LIB.setpriority(PRIO_PROCESS, tid, nice) == 0;
    }
  }
}
