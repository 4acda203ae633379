package dev.portcullis.server.cli;

import dev.portcullis.apikey.ApiKeyPolicy;
import dev.portcullis.check.ForwardAuthPolicy;
import dev.portcullis.server.Durations;
import dev.portcullis.server.ServerConfig;
import dev.portcullis.session.SessionPolicy;
import dev.portcullis.throttle.LoginThrottle;
import dev.portcullis.throttle.RegistrationThrottle;
import dev.portcullis.token.SigningAlgorithm;
import dev.portcullis.token.TokenPolicy;
import java.util.Arrays;
import java.util.ListResourceBundle;
import java.util.stream.Collectors;

/**
 * The defaults and limits {@code serve --help} shows (as {@code ${bundle:…}} in the option
 * descriptions), read from the records that own them: the flags leave unset values to those
 * records, and the help cannot drift from them. A resource bundle because picocli's annotations
 * take only constants.
 */
public final class ServeDefaults extends ListResourceBundle {
  @Override
  protected Object[][] getContents() {
    LoginThrottle.Limits login = LoginThrottle.Limits.DEFAULT;
    return new Object[][] {
        {"default.host", ServerConfig.DEFAULT_HOST},
        {"default.port", String.valueOf(ServerConfig.DEFAULT_PORT)},
        {"min.admin-token", String.valueOf(ServerConfig.MIN_ADMIN_TOKEN_LENGTH)},
        {"default.access-ttl", Durations.format(TokenPolicy.DEFAULT_ACCESS_TTL)},
        {"max.access-ttl", Durations.format(TokenPolicy.MAX_ACCESS_TTL)},
        {"default.session-idle", Durations.format(SessionPolicy.DEFAULT.idle())},
        {"default.session-absolute", Durations.format(SessionPolicy.DEFAULT.absolute())},
        {"default.refresh-ttl", Durations.format(TokenPolicy.DEFAULT_REFRESH_ABSOLUTE)},
        {"default.refresh-idle", Durations.format(TokenPolicy.DEFAULT_REFRESH_IDLE)},
        {"default.refresh-grace", Durations.format(TokenPolicy.DEFAULT_REFRESH_GRACE)},
        {"max.refresh-grace", Durations.format(TokenPolicy.MAX_REFRESH_GRACE)},
        {"default.cookie-samesite", ServerConfig.DEFAULT_COOKIE_SAMESITE},
        {"default.redis-prefix", ServerConfig.DEFAULT_REDIS_PREFIX},
        {"default.login-limit-account", String.valueOf(login.perAccount())},
        {"default.login-limit-ip", String.valueOf(login.perIp())},
        {"default.login-window", Durations.format(login.window())},
        {"default.register-limit-ip", String.valueOf(RegistrationThrottle.Limit.DEFAULT.perIp())},
        {"default.api-key-rate", ApiKeyPolicy.DEFAULT.rateLimit().requests() + "/"
            + Durations.format(ApiKeyPolicy.DEFAULT.rateLimit().window())},
        {"default.check-methods", ForwardAuthPolicy.DEFAULT_METHODS},
        {"default.audit-log-lines", ServerConfig.DEFAULT_AUDIT_LOG_LINES ? "on" : "off"},
        {"min.audit-retention", Durations.format(ServerConfig.MIN_AUDIT_RETENTION)},
        {"register-window", Durations.format(RegistrationThrottle.Limit.DEFAULT.window())},
        {"default.signing-alg", TokenPolicy.DEFAULT_ALGORITHM.jws().getName()},
        {"choices.signing-alg", Arrays.stream(SigningAlgorithm.values()).map(a -> a.jws().getName())
            .collect(Collectors.joining(", "))},
    };
  }
}
