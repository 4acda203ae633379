package dev.portcullis.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code portcullis} command line: the server and the operations that open the store directly. */
@Command(
    name = "portcullis",
    mixinStandardHelpOptions = true,
    version = "portcullis 0.1.0",
    description = "Authentication server: browser sessions, tokens for apps and services.",
    subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0 || args.length == 0 || !"serve".equals(args[0])) {
      System.exit(code);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
