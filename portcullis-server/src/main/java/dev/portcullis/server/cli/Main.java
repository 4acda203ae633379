package dev.portcullis.server.cli;

import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code portcullis} command line: the server, its store, the advisers and the admin API client. */
@Command(
    name = "portcullis",
    mixinStandardHelpOptions = true,
    version = "portcullis 0.1.0",
    description = "Authentication server: browser sessions, tokens for apps and services.",
    footer = {"", "Exit codes: 0 done, 1 a problem found (token invalid, doctor FAIL), 2 usage error, "
        + "3 server unreachable, 4 server refused the request. See docs/cli.md."},
    subcommands = {ServeCommand.class, MigrateCommand.class, AdviseCommand.class, JwtCommand.class,
        DoctorCommand.class, UsersCommand.class, SessionsCommand.class, ClientsCommand.class,
        KeysCommand.class, ApiKeysCommand.class, AuditCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    // before the first logger exists: PORTCULLIS_LOG_FORMAT=json picks the JSON log configuration
    if ("json".equalsIgnoreCase(System.getenv("PORTCULLIS_LOG_FORMAT"))
        && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    int code = cli(CliContext.system()).execute(args);
    if (code != 0 || args.length == 0 || !"serve".equals(args[0])) {
      System.exit(code);
    }
  }

  /** The command line with {@code environment} and otherwise a script's context (see {@link CliContext#of}). */
  public static CommandLine cli(Function<String, String> environment) {
    return cli(CliContext.of(environment));
  }

  /**
   * The command line as {@link #main} runs it. The context is where commands read secrets
   * (key-encryption key, admin token, passwords), stdin and the clock; tests pass their own.
   */
  public static CommandLine cli(CliContext context) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine cli = new CommandLine(new Main(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        K command = defaults.create(cls);
        if (command instanceof ServeCommand serve) {
          serve.environment = context.environment();
        } else if (command instanceof MigrateCommand migrate) {
          migrate.environment = context.environment();
        } else if (command instanceof CliContext.Aware aware) {
          aware.context(context);
        }
        return command;
      }
    });
    // a failure (port taken, store unreachable, bad input, server down) is one clear line, not a stack trace
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof CliFailure f) {
        commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + f.getMessage());
        return f.exitCode();
      }
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
