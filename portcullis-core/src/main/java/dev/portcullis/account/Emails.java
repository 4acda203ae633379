package dev.portcullis.account;

import dev.portcullis.error.InvalidRequestException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email normalisation (trim, NFKC, lower-case) and a deliberately plain validity check. */
public final class Emails {
  private static final Pattern LOCAL = Pattern.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~.-]{1,64}");
  private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?");

  private Emails() {}

  /** Returns the normalised address or throws {@link InvalidRequestException}. */
  public static String normalize(String raw) {
    if (raw == null) {
      throw new InvalidRequestException("email is required.");
    }
    String email = Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    if (email.length() > 254 || !valid(email)) {
      throw new InvalidRequestException("email is not a valid address.");
    }
    return email;
  }

  private static boolean valid(String email) {
    int at = email.lastIndexOf('@');
    if (at <= 0 || at != email.indexOf('@') || at == email.length() - 1) {
      return false;
    }
    String local = email.substring(0, at);
    String domain = email.substring(at + 1);
    if (!LOCAL.matcher(local).matches() || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      return false;
    }
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
