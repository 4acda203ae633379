package dev.portcullis.server.cli;

import picocli.CommandLine.Command;

/** {@code portcullis clients …}: OAuth clients. */
@Command(name = "clients", mixinStandardHelpOptions = true, description = "OAuth clients: add, list, remove.",
    subcommands = {ClientsAddCommand.class, ClientsListCommand.class, ClientsRemoveCommand.class})
public final class ClientsCommand extends GroupCommand {}
