package dev.portcullis.server.cli;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.portcullis.token.VerificationKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JWK set from a URL or a file, turned into the keys the server's rules accept
 * ({@link VerificationKey#ofPublished}); keys it refuses are kept with the reason, for the report.
 */
record JwksSource(String location, Map<String, VerificationKey> keys, List<String> refused) {

  static JwksSource load(String location, Web web) {
    String text;
    if (location.startsWith("http://") || location.startsWith("https://")) {
      URI uri = URI.create(Web.base("--jwks", location).toString());
      HttpResponse<String> r = web.send(web.request(uri).header("Accept", "application/json").GET().build());
      if (r.statusCode() != 200) {
        throw new CliFailure(ExitCodes.REFUSED, "--jwks: " + uri + " answered " + r.statusCode() + ", not 200");
      }
      text = r.body();
    } else {
      try {
        text = Files.readString(Path.of(location));
      } catch (NoSuchFileException e) {
        throw CliFailure.usage("--jwks: no file " + location + " (give a URL like https://auth.example.com/.well-known/jwks.json, or a file)");
      } catch (IOException | RuntimeException e) {
        throw CliFailure.usage("--jwks: cannot read " + location + ": " + e.getMessage());
      }
    }
    return of(location, text);
  }

  static JwksSource of(String location, String text) {
    JWKSet set;
    try {
      set = JWKSet.parse(text);
    } catch (ParseException e) {
      throw CliFailure.usage(location + " is not a JWK set (RFC 7517 section 5): " + e.getMessage());
    }
    Map<String, VerificationKey> keys = new LinkedHashMap<>();
    List<String> refused = new ArrayList<>();
    for (JWK jwk : set.getKeys()) {
      if (jwk.isPrivate()) {
        refused.add("key " + jwk.getKeyID() + " is PRIVATE or secret (" + jwk.getKeyType()
            + "): anyone who read this JWKS can sign tokens; rotate at once");
        continue;
      }
      try {
        VerificationKey key = VerificationKey.ofPublished(jwk);
        if (keys.putIfAbsent(key.kid(), key) != null) {
          refused.add("kid " + key.kid() + " appears twice: only the first is used");
        }
      } catch (IllegalArgumentException e) {
        refused.add(e.getMessage());
      }
    }
    if (set.getKeys().isEmpty()) {
      refused.add("the set holds no keys");
    }
    return new JwksSource(location, keys, refused);
  }
}
