package dev.portcullis.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** DELETE /v1/admin/api-keys/{id}. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = {"Revoke an API key: refused at its next request on every instance.",
        "Exit codes: 0 revoked, 2 bad flags, 3 unreachable, 4 refused or unknown key."})
public final class ApiKeysRevokeCommand extends AdminCommand {
  @Parameters(paramLabel = "KEY_ID", description = "The key's id (from api-keys list), not the key itself.")
  String keyId;

  @Override
  int run(AdminApi api, PrintWriter out) throws Exception {
    if (keyId.trim().startsWith("pcl_ak_") && keyId.trim().length() > 40) {
      throw CliFailure.usage("that looks like a whole key, a secret: pass its id from `portcullis api-keys list`");
    }
    api.delete("/v1/admin/api-keys/" + AdminApi.seg(keyId));
    return print(out, null, () -> out.println("revoked API key " + keyId.trim()));
  }
}
