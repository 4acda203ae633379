package dev.portcullis.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every command but {@code serve} and {@code migrate} shares: its {@link CliContext} (set by
 * {@link Main}'s factory), {@code --json}, and where to print.
 */
abstract class CliCommand implements Callable<Integer>, CliContext.Aware {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON, for scripts.")
  boolean json;

  CliContext context = CliContext.of(System::getenv);

  @Override
  public void context(CliContext context) {
    this.context = context;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  Style style() {
    return new Style(context.colour());
  }
}
