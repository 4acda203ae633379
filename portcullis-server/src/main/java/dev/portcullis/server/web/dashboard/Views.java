package dev.portcullis.server.web.dashboard;

import dev.portcullis.apikey.ApiKey;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.client.Client;
import dev.portcullis.device.SignedInDevice;
import dev.portcullis.server.web.PageFrame;
import dev.portcullis.token.SigningKeys;
import java.util.List;

/** What each dashboard template takes: one record per page, each with the {@link Nav} around it. */
public final class Views {
  private Views() {}

  /** The grants the client was registered with (RFC 7591 {@code grant_types}). */
  public static String grants(Client c) {
    String grants = c.grantTypes().stream().map(dev.portcullis.client.GrantType::wireName).sorted()
        .collect(java.util.stream.Collectors.joining(" "));
    return grants.isEmpty() ? "sessions only" : grants;
  }

  /** {@code name=value&} for each pair whose value is set, URL-encoded: the filters a next-page link repeats. */
  public static String query(String... namesAndValues) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        b.append(namesAndValues[i]).append('=')
            .append(java.net.URLEncoder.encode(namesAndValues[i + 1], java.nio.charset.StandardCharsets.UTF_8)).append('&');
      }
    }
    return b.toString();
  }

  /**
   * The dashboard's frame: the layout's {@link PageFrame}, the section links (the admin ones only
   * for an admin), the current section, and a one-line notice or error after an action.
   */
  public record Nav(PageFrame frame, boolean admin, String section, String notice, String error) {
    public String current(String s) {
      return s.equals(section) ? "page" : "false";
    }

    public String csrf() {
      return frame.csrfToken();
    }
  }

  /** One signed-in device as the list shows it. */
  public record DeviceRow(SignedInDevice device) {
    public String name() {
      String name = DeviceNames.of(device.userAgent());
      return device.kind() == SignedInDevice.Kind.APP ? "App " + device.clientId() + " · " + name : name;
    }

    public String kind() {
      return device.kind() == SignedInDevice.Kind.APP ? "App login" : "Browser";
    }
  }

  public record DevicesView(Nav nav, List<DeviceRow> devices) {}

  public record PasswordView(Nav nav) {}

  /** @param shown a key just created or rotated, shown this once; null otherwise */
  public record KeysView(Nav nav, List<ApiKey> keys, ShownOnce.Secret shown) {}

  /** @param older the {@code before} cursor of the next (older) page; null on the last page */
  public record EventsView(Nav nav, List<AuditLog.Recorded> events, String older, String userId, String type) {}

  /** @param next the {@code after} cursor of the next page; null on the last page */
  public record UsersView(Nav nav, String query, List<dev.portcullis.account.Account> users, String next) {}

  public record UserView(Nav nav, dev.portcullis.account.Account user, List<DeviceRow> devices, List<ApiKey> keys,
      List<AuditLog.Recorded> events) {}

  public record ClientsView(Nav nav, List<Client> clients, ShownOnce.Secret shown) {}

  public record SigningKeysView(Nav nav, List<SigningKeys.KeyInfo> keys) {}
}
