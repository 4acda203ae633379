package dev.portcullis.server.cli;

import java.util.function.Function;
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
    // before the first logger exists: PORTCULLIS_LOG_FORMAT=json picks the JSON log configuration
    if ("json".equalsIgnoreCase(System.getenv("PORTCULLIS_LOG_FORMAT"))
        && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    int code = cli(System::getenv).execute(args);
    if (code != 0 || args.length == 0 || !"serve".equals(args[0])) {
      System.exit(code);
    }
  }

  /**
   * The command line as {@link #main} runs it. {@code environment} is where {@code serve} and
   * {@code migrate} read the key-encryption key (a secret, so never a flag); tests pass their own.
   */
  public static CommandLine cli(Function<String, String> environment) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine cli = new CommandLine(new Main(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        K command = defaults.create(cls);
        if (command instanceof ServeCommand serve) {
          serve.environment = environment;
        } else if (command instanceof MigrateCommand migrate) {
          migrate.environment = environment;
        }
        return command;
      }
    });
    // a failure to start (port taken, store unreachable, no key) is one clear line, not a stack trace
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      String detail = e instanceof dev.portcullis.error.AuthException ae ? ae.logDetail() : e.getMessage();
      commandLine.getErr().println("portcullis: " + (detail == null ? e.getClass().getSimpleName() : detail));
      return 1;
    });
    return cli;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
