package dev.portcullis.server.cli;

import picocli.CommandLine.Command;

/** {@code portcullis audit …}: the audit trail. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit trail.",
    subcommands = {AuditTailCommand.class})
public final class AuditCommand extends GroupCommand {}
