package dev.portcullis.server.cli;

import picocli.CommandLine.Command;

/** {@code portcullis users …} over the admin API. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Users: list, show one, set roles, log out everywhere.",
    subcommands = {UsersListCommand.class, UsersShowCommand.class, UsersRolesCommand.class, UsersForceLogoutCommand.class})
public final class UsersCommand extends GroupCommand {}
