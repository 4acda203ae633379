package dev.portcullis.server.web.dashboard;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountService;
import dev.portcullis.apikey.ApiKeyService;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.client.ClientService;
import dev.portcullis.client.ClientType;
import dev.portcullis.client.GrantType;
import dev.portcullis.device.DeviceService;
import dev.portcullis.error.InvalidRequestException;
import dev.portcullis.server.http.Access;
import dev.portcullis.server.http.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The administrator's pages: users (search, roles, devices, forced logout), OAuth clients, signing
 * keys and the audit log, over the use cases of the admin JSON API. Each needs a browser session of
 * an account with role {@code admin} (the admin token is for the API, not for pages).
 */
final class AdminPages {
  static final String USERS = "/admin/users";
  static final String CLIENTS = "/admin/clients";
  static final String KEYS = "/admin/keys";
  static final String AUDIT = "/admin/audit";
  static final int USERS_PER_PAGE = 50;
  static final int EVENTS_PER_PAGE = 50;
  private static final Pattern TYPE = Pattern.compile("[a-z_]{1,64}");

  private final Frames frames;
  private final AccountService accounts;
  private final DeviceService devices;
  private final ApiKeyService apiKeys;
  private final ClientService clients;
  private final dev.portcullis.token.SigningKeys signingKeys;
  private final AuditLog audit;
  private final Requests requests;
  private final ShownOnce shownOnce;

  AdminPages(Frames frames, AccountService accounts, DeviceService devices, ApiKeyService apiKeys,
      ClientService clients, dev.portcullis.token.SigningKeys signingKeys, AuditLog audit, Requests requests,
      ShownOnce shownOnce) {
    this.frames = frames;
    this.accounts = accounts;
    this.devices = devices;
    this.apiKeys = apiKeys;
    this.clients = clients;
    this.signingKeys = signingKeys;
    this.audit = audit;
    this.requests = requests;
    this.shownOnce = shownOnce;
  }

  void register(RoutesConfig r) {
    frames.get(r, USERS, this::users, Access.SESSION, Access.ADMIN);
    frames.get(r, USERS + "/{id}", this::user, Access.SESSION, Access.ADMIN);
    frames.post(r, USERS + "/{id}/roles", this::setRoles, Access.SESSION, Access.ADMIN);
    frames.post(r, USERS + "/{id}/logout", this::forceLogout, Access.SESSION, Access.ADMIN);
    frames.post(r, USERS + "/{id}/devices/{session_id}/revoke", this::revokeDevice, Access.SESSION, Access.ADMIN);
    frames.post(r, USERS + "/{id}/keys/{key_id}/revoke", this::revokeKey, Access.SESSION, Access.ADMIN);
    frames.get(r, CLIENTS, this::clients, Access.SESSION, Access.ADMIN);
    frames.post(r, CLIENTS, this::createClient, Access.SESSION, Access.ADMIN);
    frames.post(r, CLIENTS + "/{id}/delete", this::deleteClient, Access.SESSION, Access.ADMIN);
    frames.get(r, KEYS, this::signingKeys, Access.SESSION, Access.ADMIN);
    frames.post(r, KEYS + "/rotate", this::rotateSigningKey, Access.SESSION, Access.ADMIN);
    frames.get(r, AUDIT, this::audit, Access.SESSION, Access.ADMIN);
  }

  private void users(Context ctx) {
    String query = Frames.limited(ctx, "query", 254);
    String after = Frames.limited(ctx, "after", 254);
    List<Account> page = accounts.search(query, after, USERS_PER_PAGE);
    String next = page.size() < USERS_PER_PAGE ? null : page.get(page.size() - 1).email();
    frames.render(ctx, 200, "dashboard/users.jte",
        new Views.UsersView(frames.nav(ctx, "Users", "users"), query, page, next));
  }

  private void user(Context ctx) {
    Account user = accounts.get(ctx.pathParam("id")); // 404 page for an unknown id
    frames.render(ctx, 200, "dashboard/user.jte", new Views.UserView(frames.nav(ctx, user.email(), "users"), user,
        devices.listOf(user.id()).stream().map(Views.DeviceRow::new).toList(), apiKeys.list(user.id()),
        audit.page(user.id(), null, null, 10)));
  }

  /** The "admin" box and the other roles' field together are the user's whole new set of roles. */
  private void setRoles(Context ctx) {
    Set<String> roles = new LinkedHashSet<>();
    if (!Frames.field(ctx, "admin").isEmpty()) {
      roles.add("admin");
    }
    roles.addAll(Frames.words(Frames.field(ctx, "other_roles")));
    String id = ctx.pathParam("id");
    accounts.setRoles(id, roles, Requests.principal(ctx).userId(), requests.device(ctx));
    Frames.done(ctx, userPath(id), "roles_changed");
  }

  private void forceLogout(Context ctx) {
    String id = ctx.pathParam("id");
    accounts.forceLogout(id, Requests.principal(ctx).userId(), requests.device(ctx));
    Frames.done(ctx, userPath(id), "logged_out");
  }

  private void revokeDevice(Context ctx) {
    String id = ctx.pathParam("id");
    devices.revokeOf(id, ctx.pathParam("session_id"), requests.device(ctx));
    Frames.done(ctx, userPath(id), "device_revoked");
  }

  private void revokeKey(Context ctx) {
    String id = ctx.pathParam("id");
    apiKeys.revoke(Requests.principal(ctx), ctx.pathParam("key_id"), requests.device(ctx));
    Frames.done(ctx, userPath(id), "key_revoked");
  }

  private void clients(Context ctx) {
    ShownOnce.Secret shown = shownOnce.take(ctx, Requests.principal(ctx).sessionId(), CLIENTS).orElse(null);
    frames.render(ctx, 200, "dashboard/clients.jte",
        new Views.ClientsView(frames.nav(ctx, "Clients", "clients"), clients.list(), shown));
  }

  /** A confidential client's secret is shown once, on the page this answer leads to. */
  private void createClient(Context ctx) {
    ClientType type = ClientType.fromWire(Frames.field(ctx, "type"));
    String audience = Frames.field(ctx, "audience");
    // RFC 7591 metadata as on the JSON route; an empty field means the type's default
    Set<String> redirects = Frames.words(Frames.field(ctx, "redirect_uris"));
    Set<String> grants = Frames.words(Frames.field(ctx, "grant_types"));
    ClientService.Metadata metadata = new ClientService.Metadata(
        redirects.isEmpty() ? null : List.copyOf(redirects),
        GrantType.fromMetadata(grants.isEmpty() ? null : grants), null,
        !Frames.field(ctx, "first_party").isEmpty()); // a checkbox: absent when unticked
    ClientService.Registered r = clients.register(type, Frames.field(ctx, "name"),
        audience.isEmpty() ? null : audience, Frames.words(Frames.field(ctx, "scopes")), metadata);
    r.secret().ifPresent(secret -> shownOnce.put(ctx, Requests.principal(ctx).sessionId(), CLIENTS,
        "Secret of client " + r.client().id(), secret));
    Frames.done(ctx, CLIENTS, "client_created");
  }

  private void deleteClient(Context ctx) {
    clients.delete(ctx.pathParam("id"));
    Frames.done(ctx, CLIENTS, "client_deleted");
  }

  private void signingKeys(Context ctx) {
    frames.render(ctx, 200, "dashboard/signing-keys.jte",
        new Views.SigningKeysView(frames.nav(ctx, "Signing keys", "signing-keys"), signingKeys.inventory()));
  }

  /**
   * Routine: the new key is published now and signs later. Emergency (a compromised key) switches at
   * once and withdraws every other key, so it must be confirmed with a second box.
   */
  private void rotateSigningKey(Context ctx) {
    boolean emergency = !Frames.field(ctx, "emergency").isEmpty();
    if (emergency && Frames.field(ctx, "confirm").isEmpty()) {
      throw new InvalidRequestException("An emergency rotation signs every user's app out: tick the confirmation box.");
    }
    if (emergency) {
      signingKeys.rotateImmediately();
    } else {
      signingKeys.rotate();
    }
    Frames.done(ctx, KEYS, emergency ? "signing_key_switched" : "signing_key_rotated");
  }

  private void audit(Context ctx) {
    String userId = Frames.limited(ctx, "user_id", 128);
    String type = Frames.limited(ctx, "type", 64);
    if (type != null && !TYPE.matcher(type).matches()) {
      throw new InvalidRequestException("type must be an audit event type such as login_failed.");
    }
    String before = Frames.limited(ctx, "before", 64);
    List<AuditLog.Recorded> page = audit.page(userId, type, before == null ? null : AuditLog.Position.parse(before),
        EVENTS_PER_PAGE);
    frames.render(ctx, 200, "dashboard/audit.jte", new Views.EventsView(frames.nav(ctx, "Audit log", "audit"), page,
        AccountPages.older(page, EVENTS_PER_PAGE), userId, type));
  }

  static String userPath(String id) {
    return USERS + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }
}
