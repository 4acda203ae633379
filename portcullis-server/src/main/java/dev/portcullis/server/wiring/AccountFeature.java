package dev.portcullis.server.wiring;

import dev.portcullis.account.AccountService;
import dev.portcullis.account.HashingPool;
import dev.portcullis.account.PasswordHasher;
import dev.portcullis.server.ServerConfig;
import dev.portcullis.throttle.LoginThrottle;
import dev.portcullis.throttle.RegistrationThrottle;
import java.time.Clock;

/** Accounts: registration, passwords (hashed on their own pool) and the throttles guarding both. */
public record AccountFeature(HashingPool hashingPool, LoginThrottle loginThrottle, AccountService service) {

  /** Starts the hashing pool, registered in {@code opened}. */
  public static AccountFeature create(ServerConfig config, Stores stores, Clock clock, Opened opened) {
    HashingPool pool = opened.add(HashingPool.sizedForMachine());
    LoginThrottle login = new LoginThrottle(stores.throttles(), clock, config.loginLimits());
    RegistrationThrottle registration = new RegistrationThrottle(stores.throttles(), clock, config.registerLimit());
    return new AccountFeature(pool, login, new AccountService(stores.accounts(),
        new PasswordHasher(PasswordHasher.DEFAULT), pool, login, registration, stores.audit(), clock));
  }
}
