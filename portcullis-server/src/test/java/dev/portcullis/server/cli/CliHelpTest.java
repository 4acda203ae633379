package dev.portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers --help, and every leaf command documents its exit codes. */
class CliHelpTest {
  static void collect(CommandLine c, List<String> path, List<List<String>> out) {
    for (Map.Entry<String, CommandLine> sub : c.getSubcommands().entrySet()) {
      if (sub.getKey().equals("help")) {
        continue;
      }
      List<String> p = new ArrayList<>(path);
      p.add(sub.getKey());
      out.add(p);
      collect(sub.getValue(), p, out);
    }
  }

  @Test
  void everyCommandHasHelpAndEveryLeafItsExitCodes() {
    List<List<String>> commands = new ArrayList<>();
    collect(Main.cli(CliContext.of(Map.<String, String>of()::get)), List.of(), commands);
    assertThat(commands).hasSizeGreaterThan(25);
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      CliRun.Result r = CliRun.exec(args.toArray(String[]::new));
      assertThat(r.code()).as(String.join(" ", command)).isZero();
      assertThat(r.out()).as(String.join(" ", command)).contains("Usage: portcullis " + String.join(" ", command));
      CommandLine leaf = Main.cli(CliContext.of(Map.<String, String>of()::get));
      for (String name : command) {
        leaf = leaf.getSubcommands().get(name);
      }
      boolean documented = !command.get(0).equals("serve") && !command.get(0).equals("migrate");
      if (leaf.getSubcommands().isEmpty() && documented) {
        assertThat(r.out()).as(String.join(" ", command)).contains("Exit codes:");
      }
    }
    assertThat(CliRun.exec("--help").out()).contains("Exit codes: 0 done");
  }
}
