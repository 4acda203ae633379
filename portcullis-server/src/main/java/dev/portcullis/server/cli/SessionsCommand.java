package dev.portcullis.server.cli;

import picocli.CommandLine.Command;

/** {@code portcullis sessions …}: a user's browser sessions and app logins. */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "A user's browser sessions and app logins.",
    subcommands = {SessionsListCommand.class, SessionsRevokeCommand.class})
public final class SessionsCommand extends GroupCommand {}
