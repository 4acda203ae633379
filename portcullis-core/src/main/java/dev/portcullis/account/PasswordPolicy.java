package dev.portcullis.account;

import dev.portcullis.error.InvalidRequestException;

/** Length rules of NIST SP 800-63B: 8 to 128 characters, counted as code points. */
public final class PasswordPolicy {
  public static final int MIN = 8;
  public static final int MAX = 128;

  private PasswordPolicy() {}

  public static void check(String password) {
    if (password == null) {
      throw new InvalidRequestException("password is required.");
    }
    for (int i = 0; i < password.length(); i++) {
      char c = password.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < password.length()
            && Character.isLowSurrogate(password.charAt(i + 1));
        if (!paired) {
          // would be hashed as '?': two different invalid passwords must not collide
          throw new InvalidRequestException("password contains invalid Unicode.");
        }
        i++;
      }
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN || length > MAX) {
      throw new InvalidRequestException("password must be " + MIN + " to " + MAX + " characters long.");
    }
  }
}
