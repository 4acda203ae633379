package dev.portcullis.server.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A noun ({@code users}, {@code keys}, …) run without a verb: a usage error listing the verbs. */
abstract class GroupCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), spec.qualifiedName() + " needs a subcommand: "
        + String.join(", ", spec.subcommands().keySet().stream().filter(s -> !s.equals("help")).toList()));
  }
}
