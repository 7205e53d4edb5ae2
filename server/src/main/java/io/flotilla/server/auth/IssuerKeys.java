package io.flotilla.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The issuer's signing keys: its discovery document names the JWK set, fetched once and kept for an
 * hour. A token signed with a key the cached set lacks (the issuer rotated) fetches the set again,
 * at most once per {@link #REFETCH_AT_MOST_EVERY}, so a stream of tokens with made-up key ids
 * cannot make the service hammer the issuer.
 */
final class IssuerKeys {
  static final Duration REFETCH_AT_MOST_EVERY = Duration.ofSeconds(30);
  static final Duration KEEP = Duration.ofHours(1);
  private static final int MAX_DOCUMENT_BYTES = 512 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The issuer could not be asked: its discovery document or key set is unreachable or bad. */
  static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message, null, false, false);
    }
  }

  private final String issuer;
  private final HttpClient http;
  private final Clock clock;
  private URI jwksUri;
  private JsonNode discovery;
  private JWKSet keys;
  private Instant fetchedAt = Instant.MIN;
  private int fetches;

  IssuerKeys(String issuer, HttpClient http, Clock clock) {
    this.issuer = issuer;
    this.http = http;
    this.clock = clock;
  }

  /** The key with this id, refetching the set once when it is missing and the rule allows. */
  synchronized Optional<JWK> find(String kid) throws Unavailable {
    Instant now = clock.instant();
    if (keys == null || fetchedAt.plus(KEEP).isBefore(now)) {
      fetch(now);
    }
    Optional<JWK> found = lookup(kid);
    if (found.isEmpty() && !fetchedAt.plus(REFETCH_AT_MOST_EVERY).isAfter(now)) {
      fetch(now);
      found = lookup(kid);
    }
    return found;
  }

  /** How many times the key set was fetched (for tests and the bound's proof). */
  synchronized int fetches() {
    return fetches;
  }

  private Optional<JWK> lookup(String kid) {
    if (kid == null) {
      // a token without kid is accepted only when the issuer publishes a single key
      return keys.getKeys().size() == 1 ? Optional.of(keys.getKeys().get(0)) : Optional.empty();
    }
    return Optional.ofNullable(keys.getKeyByKeyId(kid));
  }

  private void fetch(Instant now) throws Unavailable {
    if (jwksUri == null) {
      jwksUri = jwksUri(discovery());
    }
    String body = getText(jwksUri, "JWK set");
    try {
      keys = JWKSet.parse(body);
    } catch (ParseException e) {
      throw new Unavailable(
          "the issuer's JWK set at " + jwksUri + " is not a valid JWK set: " + e.getMessage());
    }
    fetches++;
    fetchedAt = now;
  }

  /** The issuer's discovery document, fetched once. */
  synchronized JsonNode discovery() throws Unavailable {
    if (discovery == null) {
      discovery = discover();
    }
    return discovery;
  }

  private JsonNode discover() throws Unavailable {
    URI discovery =
        URI.create(
            (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration");
    JsonNode doc;
    try {
      doc = JSON.readTree(getText(discovery, "discovery document"));
    } catch (IOException e) {
      throw new Unavailable("the issuer's discovery document at " + discovery + " is not JSON");
    }
    if (!issuer.equals(doc.path("issuer").asText())) {
      // OpenID Connect Discovery 1.0 §4.3: the document must name the issuer it was fetched for
      throw new Unavailable(
          "the discovery document at "
              + discovery
              + " names issuer '"
              + doc.path("issuer").asText()
              + "', not '"
              + issuer
              + "'");
    }
    return doc;
  }

  /** The issuer's endpoint named {@code field} in the discovery document. */
  URI endpoint(String field) throws Unavailable {
    String url = discovery().path(field).asText("");
    if (url.isEmpty()) {
      throw new Unavailable("the issuer's discovery document has no " + field);
    }
    return URI.create(url);
  }

  private URI jwksUri(JsonNode doc) throws Unavailable {
    String jwks = doc.path("jwks_uri").asText("");
    if (jwks.isEmpty()) {
      throw new Unavailable("the issuer's discovery document has no jwks_uri");
    }
    return URI.create(jwks);
  }

  private String getText(URI uri, String what) throws Unavailable {
    Answer a =
        exchange(
            HttpRequest.newBuilder(uri).header("Accept", "application/json").GET().build(), what);
    if (a.status() != 200) {
      throw new Unavailable("the issuer's " + what + " at " + uri + " answered HTTP " + a.status());
    }
    return a.body();
  }

  /** An issuer's answer: its status and (bounded) body. */
  record Answer(int status, String body) {}

  /** Sends {@code request} to the issuer with the timeout, reading at most 512 KiB back. */
  Answer exchange(HttpRequest request, String what) throws Unavailable {
    URI uri = request.uri();
    try {
      HttpResponse<InputStream> r =
          http.send(
              HttpRequest.newBuilder(request, (k, v) -> true).timeout(TIMEOUT).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        byte[] bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
        if (bytes.length > MAX_DOCUMENT_BYTES) {
          throw new Unavailable("the issuer's " + what + " at " + uri + " is larger than 512 KiB");
        }
        return new Answer(r.statusCode(), new String(bytes, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new Unavailable(
          "the issuer's " + what + " at " + uri + " cannot be fetched (" + e + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while fetching the issuer's " + what);
    }
  }
}
