package dev.portcullis.server.cli;

import picocli.CommandLine.Command;

/** {@code portcullis keys …}: the signing keys. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Signing keys: list the published ones, rotate.",
    subcommands = {KeysListCommand.class, KeysRotateCommand.class})
public final class KeysCommand extends GroupCommand {}
