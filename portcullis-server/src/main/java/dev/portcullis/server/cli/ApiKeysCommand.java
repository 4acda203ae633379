package dev.portcullis.server.cli;

import picocli.CommandLine.Command;

/** {@code portcullis api-keys …}: users' API keys. */
@Command(name = "api-keys", mixinStandardHelpOptions = true, description = "API keys: list a user's, revoke any.",
    subcommands = {ApiKeysListCommand.class, ApiKeysRevokeCommand.class})
public final class ApiKeysCommand extends GroupCommand {}
