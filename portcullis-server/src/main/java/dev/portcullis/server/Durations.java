package dev.portcullis.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The short duration form of the command line: {@code 30s}, {@code 10m}, {@code 7d}, {@code 12h}, {@code 0s}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  /** Largest first, so that {@link #format} picks the largest unit that divides exactly. */
  private static final List<Map.Entry<String, Duration>> UNITS = List.of(
      Map.entry("d", Duration.ofDays(1)), Map.entry("h", Duration.ofHours(1)), Map.entry("m", Duration.ofMinutes(1)),
      Map.entry("s", Duration.ofSeconds(1)), Map.entry("ms", Duration.ofMillis(1)));

  private Durations() {}

  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a duration is required (e.g. 30s, 10m, 7d)");
    }
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: use a whole number and a unit ms, s, m, h or d (e.g. 10m)");
    }
    long n = Long.parseLong(m.group(1));
    return UNITS.stream().filter(u -> u.getKey().equals(m.group(2))).findFirst().orElseThrow()
        .getValue().multipliedBy(n);
  }

  /** The form {@link #parse} reads back, in the largest unit that divides {@code d}: {@code 15m}, {@code 0s}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long ms = d.toMillis();
    for (Map.Entry<String, Duration> unit : UNITS) {
      if (ms % unit.getValue().toMillis() == 0) {
        return ms / unit.getValue().toMillis() + unit.getKey();
      }
    }
    throw new IllegalArgumentException("not a whole number of milliseconds: " + d);
  }
}
