package dev.portcullis.server.cli;

/** One row of {@code portcullis doctor}: what was checked, the verdict, why, and how to fix it. */
record Finding(String check, Status status, String reason, String fix) {
  enum Status { PASS, WARN, FAIL }

  static Finding pass(String check, String reason) {
    return new Finding(check, Status.PASS, reason, "");
  }

  static Finding warn(String check, String reason, String fix) {
    return new Finding(check, Status.WARN, reason, fix);
  }

  static Finding fail(String check, String reason, String fix) {
    return new Finding(check, Status.FAIL, reason, fix);
  }
}
