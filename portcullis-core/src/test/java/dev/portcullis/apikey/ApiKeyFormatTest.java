package dev.portcullis.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.apikey.InvalidApiKeyException.Reason;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {
  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  /** The pattern docs/architecture.md gives secret scanners. */
  private static final Pattern SCANNER = Pattern.compile("pcl_ak_[0-9A-Za-z]{16}_[0-9A-Za-z]{38}");

  private static String newKey() {
    return ApiKeyFormat.format(ApiKeyFormat.newId(), ApiKeyFormat.newSecret());
  }

  private static Reason reasonOf(String presented) {
    return catchThrowableOfType(InvalidApiKeyException.class, () -> ApiKeyFormat.parse(presented)).reason();
  }

  @Test
  void formattedKeyParsesBackToItsIdAndSecret() {
    String id = ApiKeyFormat.newId();
    String secret = ApiKeyFormat.newSecret();
    String key = ApiKeyFormat.format(id, secret);
    assertThat(key).startsWith("pcl_" + id + "_" + secret).hasSize(ApiKeyFormat.LENGTH).matches(SCANNER);
    assertThat(ApiKeyFormat.parse(key)).isEqualTo(new ApiKeyFormat.Parts(id, secret));
    assertThat(ApiKeyFormat.isId(id)).isTrue();
    assertThat(ApiKeyFormat.looksLikeApiKey(key)).isTrue();
  }

  @Test
  void secretHasAtLeast160BitsOfBase62AndIdsAndSecretsDoNotRepeat() {
    assertThat(ApiKeyFormat.SECRET_CHARS * Math.log(62) / Math.log(2)).isGreaterThanOrEqualTo(160);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.add(ApiKeyFormat.newId())).isTrue();
      assertThat(seen.add(ApiKeyFormat.newSecret())).isTrue();
    }
    assertThat(String.join("", seen)).matches("[a-zA-Z0-9_]+");
  }

  @Test
  void everySingleCharacterTypoIsRefused() {
    String key = newKey();
    String alphabet = BASE62 + "_-.~+/= é\u0000";
    int tried = 0;
    for (int i = 0; i < key.length(); i++) {
      for (char c : alphabet.toCharArray()) {
        if (c == key.charAt(i)) {
          continue;
        }
        String typo = key.substring(0, i) + c + key.substring(i + 1);
        assertThatThrownBy(() -> ApiKeyFormat.parse(typo)).as("typo at %d", i).isInstanceOf(InvalidApiKeyException.class);
        tried++;
      }
    }
    assertThat(tried).isGreaterThan(60 * 60);
  }

  @Test
  void aTypoInsideTheIdOrSecretIsAWrongChecksumNotJustMalformed() {
    String key = newKey();
    int inSecret = ApiKeyFormat.PREFIX.length() + ApiKeyFormat.ID_CHARS + 5;
    char swapped = key.charAt(inSecret) == 'a' ? 'b' : 'a';
    String typo = key.substring(0, inSecret) + swapped + key.substring(inSecret + 1);
    InvalidApiKeyException e = catchThrowableOfType(InvalidApiKeyException.class, () -> ApiKeyFormat.parse(typo));
    assertThat(e.reason()).isEqualTo(Reason.WRONG_CHECKSUM);
    assertThat(e.keyId()).isEqualTo(ApiKeyFormat.parse(key).id());
    assertThat(e.logDetail()).doesNotContain(ApiKeyFormat.parse(key).secret());
  }

  @Test
  void everySwapOfTwoNeighboursIsRefused() {
    String key = newKey();
    for (int i = 0; i + 1 < key.length(); i++) {
      if (key.charAt(i) == key.charAt(i + 1)) {
        continue;
      }
      String swapped = key.substring(0, i) + key.charAt(i + 1) + key.charAt(i) + key.substring(i + 2);
      assertThatThrownBy(() -> ApiKeyFormat.parse(swapped)).as("swap at %d", i).isInstanceOf(InvalidApiKeyException.class);
    }
  }

  @Test
  void randomWellShapedStringsFailTheChecksum() {
    Random random = new Random(42); // seeded: the same strings on every run
    for (int n = 0; n < 10_000; n++) {
      StringBuilder sb = new StringBuilder(ApiKeyFormat.PREFIX);
      for (int i = 0; i < ApiKeyFormat.ID_CHARS; i++) {
        sb.append(BASE62.charAt(random.nextInt(62)));
      }
      sb.append('_');
      for (int i = 0; i < ApiKeyFormat.SECRET_CHARS + ApiKeyFormat.CHECKSUM_CHARS; i++) {
        sb.append(BASE62.charAt(random.nextInt(62)));
      }
      assertThat(reasonOf(sb.toString())).isEqualTo(Reason.WRONG_CHECKSUM);
    }
  }

  @Test
  void wrongPrefixOrKindIsMalformed() {
    String key = newKey();
    String rest = key.substring(ApiKeyFormat.PREFIX.length());
    for (String prefix : new String[] {"pcl_cs_", "PCL_AK_", "pcl-ak-", "pcx_ak_", "ghp_ak_"}) {
      assertThat(reasonOf(prefix + rest)).isEqualTo(Reason.MALFORMED);
    }
    assertThat(ApiKeyFormat.looksLikeApiKey("pcl_cs_" + rest)).isFalse();
    assertThat(ApiKeyFormat.looksLikeApiKey("eyJhbGciOiJFUzI1NiJ9.e30.sig")).isFalse();
  }

  @Test
  void lengthLimitsAreEnforcedBeforeAnythingElse() {
    String key = newKey();
    assertThat(reasonOf(key.substring(0, key.length() - 1))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(key + "a")).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(key + key)).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(key.repeat(100_000))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf("")).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(null)).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(" " + key.substring(1))).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void noInputThrowsAnythingButTheDocumentedException() {
    Random random = new Random(7);
    String chars = BASE62 + "_-pclak \t\r\n\u0000é€\uD83D\uDE00\uD800\uDFFF";
    for (int n = 0; n < 20_000; n++) {
      int length = n % 3 == 0 ? ApiKeyFormat.LENGTH : random.nextInt(2 * ApiKeyFormat.LENGTH);
      StringBuilder sb = new StringBuilder(n % 2 == 0 ? ApiKeyFormat.PREFIX : "");
      while (sb.length() < length) {
        sb.append(chars.charAt(random.nextInt(chars.length())));
      }
      String input = sb.toString();
      assertThatThrownBy(() -> ApiKeyFormat.parse(input)).isExactlyInstanceOf(InvalidApiKeyException.class);
    }
  }

  @Test
  void hintShowsThePrefixAndIdThenTheLastFourCharacters() {
    String key = newKey();
    String id = ApiKeyFormat.parse(key).id();
    assertThat(ApiKeyFormat.hint(key)).isEqualTo("pcl_" + id + "_..." + key.substring(key.length() - 4));
  }

  @Test
  void idsAreRecognisedOnlyInTheirExactShape() {
    assertThat(ApiKeyFormat.isId(ApiKeyFormat.newId())).isTrue();
    assertThat(ApiKeyFormat.isId("ak_short")).isFalse();
    assertThat(ApiKeyFormat.isId("ak_0123456789abcde!")).isFalse();
    assertThat(ApiKeyFormat.isId("s_0123456789abcdef")).isFalse();
    assertThat(ApiKeyFormat.isId(null)).isFalse();
    assertThatThrownBy(() -> ApiKeyFormat.format("ak_short", ApiKeyFormat.newSecret()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
