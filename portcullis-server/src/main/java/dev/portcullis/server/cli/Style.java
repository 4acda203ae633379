package dev.portcullis.server.cli;

/** ANSI colour for a terminal, plain text otherwise (see {@link CliContext#colour()}). */
public record Style(boolean colour) {
  public String pass(String s) {
    return paint("32", s);
  }

  public String warn(String s) {
    return paint("33", s);
  }

  public String fail(String s) {
    return paint("31", s);
  }

  public String bold(String s) {
    return paint("1", s);
  }

  public String dim(String s) {
    return paint("2", s);
  }

  private String paint(String code, String s) {
    return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }
}
