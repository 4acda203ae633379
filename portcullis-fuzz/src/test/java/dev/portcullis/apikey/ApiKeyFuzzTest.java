package dev.portcullis.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The API-key wire form ({@link ApiKeyFormat}): the parser refuses everything that is not a key it
 * could have made, with {@link InvalidApiKeyException} and nothing else, and the checksum catches
 * every single-character change and every swap of two neighbours, so typos never reach the store.
 */
class ApiKeyFuzzTest {
  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  @FuzzTest
  void parseAcceptsExactlyTheKeysFormatMakes(byte[] data) {
    String presented = new String(data, StandardCharsets.UTF_8);
    ApiKeyFormat.Parts parts;
    try {
      parts = ApiKeyFormat.parse(presented);
    } catch (InvalidApiKeyException e) {
      assertThat(e.code()).isEqualTo("invalid_token");
      assertThat(e.reason()).isIn(InvalidApiKeyException.Reason.MALFORMED, InvalidApiKeyException.Reason.WRONG_CHECKSUM);
      return;
    }
    // accepted: it is byte for byte what format() makes of its parts, and its toString hides the secret
    assertThat(ApiKeyFormat.format(parts.id(), parts.secret())).isEqualTo(presented);
    assertThat(parts.toString()).doesNotContain(parts.secret());
  }

  /**
   * Input: bytes that pick an id and a secret, then a position and a replacement character (or a
   * swap). The key made from them parses; the changed one must not.
   */
  @FuzzTest
  void checksumCatchesEverySingleCharacterChangeAndNeighbourSwap(byte[] data) {
    String id = ApiKeyFormat.ID_PREFIX + base62(data, 0, ApiKeyFormat.ID_CHARS);
    String secret = base62(data, ApiKeyFormat.ID_CHARS, ApiKeyFormat.SECRET_CHARS);
    String key = ApiKeyFormat.format(id, secret);
    assertThat(ApiKeyFormat.parse(key)).isEqualTo(new ApiKeyFormat.Parts(id, secret));

    int at = ApiKeyFormat.PREFIX.length() + Math.floorMod(byteAt(data, 48) * 256 + byteAt(data, 49),
        ApiKeyFormat.LENGTH - ApiKeyFormat.PREFIX.length());
    char[] changed = key.toCharArray();
    if (byteAt(data, 50) % 2 == 0 && at + 1 < changed.length) {
      char c = changed[at];
      changed[at] = changed[at + 1];
      changed[at + 1] = c;
    } else {
      changed[at] = BASE62.charAt(Math.floorMod(BASE62.indexOf(changed[at]) + 1 + byteAt(data, 51) % 61, 62));
      if (changed[at] == '_' || key.charAt(at) == '_') {
        changed[at] = '-'; // the separator: any change of it is malformed
      }
    }
    String typo = new String(changed);
    if (typo.equals(key)) {
      return; // swapped two equal characters: nothing changed
    }
    assertThatThrownBy(() -> ApiKeyFormat.parse(typo)).as("a one-character typo of %s", key)
        .isInstanceOf(InvalidApiKeyException.class);
  }

  private static int byteAt(byte[] data, int i) {
    return i < data.length ? data[i] & 0xff : i * 31;
  }

  private static String base62(byte[] data, int from, int chars) {
    StringBuilder b = new StringBuilder(chars);
    for (int i = 0; i < chars; i++) {
      b.append(BASE62.charAt(byteAt(data, from + i) % 62));
    }
    return b.toString();
  }
}
