package dev.portcullis.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code portcullis} command line: the server and the operations that open the store directly. */
@Command(
    name = "portcullis",
    mixinStandardHelpOptions = true,
    version = "portcullis 0.1.0",
    description = "Authentication server: browser sessions, tokens for apps and services.",
    subcommands = {ServeCommand.class, MigrateCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Main());
    // a failure to start (port taken, store unreachable) is one clear line, not a stack trace
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      String detail = e instanceof dev.portcullis.error.AuthException ae ? ae.logDetail() : e.getMessage();
      commandLine.getErr().println("portcullis: " + (detail == null ? e.getClass().getSimpleName() : detail));
      return 1;
    });
    int code = cli.execute(args);
    if (code != 0 || args.length == 0 || !"serve".equals(args[0])) {
      System.exit(code);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
