package dev.portcullis.server.cli;

import picocli.CommandLine.Command;

/** {@code portcullis users …} over the admin API. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Users: show one, set roles, log out everywhere.",
    subcommands = {UsersShowCommand.class, UsersRolesCommand.class, UsersForceLogoutCommand.class})
public final class UsersCommand extends GroupCommand {}
