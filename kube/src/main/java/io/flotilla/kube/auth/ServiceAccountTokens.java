package io.flotilla.kube.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.GoText;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Bound service account tokens in the shape kube-apiserver issues them: RS256 JWTs with the {@code
 * kubernetes.io} claim naming the namespace, the service account (name and uid) and any object the
 * token is bound to (Pod, Secret, Node). The signing key lives in memory, so tokens do not survive
 * a restart; a token stops working when it expires, when its service account or bound object is
 * deleted or recreated, and it is accepted only for an audience the verifier wants.
 */
public final class ServiceAccountTokens {
  static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

  /** What kube-apiserver's --api-audiences defaults to: the issuer. */
  public static final List<String> API_AUDIENCES = List.of(ISSUER);

  private static final String EXTRA_PREFIX = "authentication.kubernetes.io/";
  private static final String CREDENTIAL_ID = EXTRA_PREFIX + "credential-id";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final Store store;
  private final Clock clock;
  private volatile KeyPair keys;
  private volatile String keyId;

  ServiceAccountTokens(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  private KeyPair keys() {
    KeyPair k = keys;
    if (k == null) {
      synchronized (this) {
        if (keys == null) {
          try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair generated = g.generateKeyPair();
            byte[] digest =
                MessageDigest.getInstance("SHA-256").digest(generated.getPublic().getEncoded());
            keyId = B64.encodeToString(digest);
            keys = generated;
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the service account signing key", e);
          }
        }
        k = keys;
      }
    }
    return k;
  }

  /** An object a token is bound to: it stops working when the object goes or is recreated. */
  public record Bound(String kind, String name, String uid) {
    /** The claim key under {@code kubernetes.io} and the store bucket of the kind. */
    String claim() {
      return kind.toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * What a TokenRequest asks for; {@code bound} lists the bound object and, for a Pod, its node.
   */
  public record Request(List<String> audiences, long expirationSeconds, List<Bound> bound) {}

  /** A verified token: who it stands for and which of the wanted audiences it is valid for. */
  record Verified(UserInfo user, List<String> audiences) {}

  /** Issues a token for a stored service account; fails when it does not exist. */
  public String issue(String namespace, String name, Duration ttl) {
    ObjectNode sa = store.get("/serviceaccounts", namespace, name);
    if (sa == null) {
      throw new IllegalArgumentException(
          "serviceaccounts " + GoText.quote(name) + " not found in namespace " + namespace);
    }
    return issue(
        sa,
        new Request(API_AUDIENCES, ttl.toSeconds(), List.of()),
        clock.instant().getEpochSecond());
  }

  /** Signs a token for {@code sa} as the TokenRequest API does, issued at {@code now}. */
  public String issue(ObjectNode sa, Request request, long now) {
    KeyPair k = keys();
    String namespace = Json.text(sa, "metadata", "namespace");
    String name = Json.text(sa, "metadata", "name");
    ObjectNode header = Json.object();
    header.put("alg", "RS256");
    header.put("kid", keyId);
    // Claims in the order Go's JSON writes the merged claim map: sorted by key.
    ObjectNode claims = Json.object();
    ArrayNode aud = claims.putArray("aud");
    request.audiences().forEach(aud::add);
    claims.put("exp", now + request.expirationSeconds());
    claims.put("iat", now);
    claims.put("iss", ISSUER);
    claims.put("jti", UUID.randomUUID().toString());
    ObjectNode kube = claims.putObject("kubernetes.io");
    kube.put("namespace", namespace);
    TreeMap<String, Bound> bound = new TreeMap<>();
    request.bound().forEach(b -> bound.put(b.claim(), b));
    for (Bound b : bound.values()) {
      ObjectNode ref = kube.putObject(b.claim());
      ref.put("name", b.name());
      if (!b.uid().isEmpty()) {
        ref.put("uid", b.uid());
      }
    }
    ObjectNode saClaim = kube.putObject("serviceaccount");
    saClaim.put("name", name);
    saClaim.put("uid", Json.text(sa, "metadata", "uid"));
    claims.put("nbf", now);
    claims.put("sub", UserInfo.SA_PREFIX + namespace + ":" + name);
    String signingInput =
        B64.encodeToString(Json.bytes(header)) + "." + B64.encodeToString(Json.bytes(claims));
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(k.getPrivate());
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a service account token", e);
    }
  }

  /** The service account a token stands for, or null when the API server must not accept it. */
  UserInfo verify(String token) {
    Verified v = verify(token, API_AUDIENCES);
    return v == null ? null : v.user();
  }

  /**
   * Checks signature, issuer, validity window, audiences (one of {@code wanted} must be among the
   * token's), and that the service account and every bound object still exist with the uids the
   * token names. Null when any of that fails.
   */
  Verified verify(String token, List<String> wanted) {
    KeyPair k = keys;
    String[] parts = token.split("\\.", -1);
    if (k == null || parts.length != 3) {
      return null;
    }
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(k.getPublic());
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!s.verify(B64D.decode(parts[2]))) {
        return null;
      }
      JsonNode claims = Json.parse(B64D.decode(parts[1]));
      long now = clock.instant().getEpochSecond();
      if (!ISSUER.equals(claims.path("iss").asText())
          || claims.path("exp").asLong(0) <= now
          || claims.path("nbf").asLong(0) > now) {
        return null;
      }
      List<String> audiences = new ArrayList<>();
      JsonNode aud = claims.path("aud");
      for (JsonNode a : aud.isArray() ? aud : Json.array().add(aud)) {
        if (wanted.contains(a.asText()) && !audiences.contains(a.asText())) {
          audiences.add(a.asText());
        }
      }
      if (audiences.isEmpty()) {
        return null;
      }
      JsonNode kube = claims.path("kubernetes.io");
      String ns = Json.text(kube, "namespace");
      String name = Json.text(kube, "serviceaccount", "name");
      String uid = Json.text(kube, "serviceaccount", "uid");
      ObjectNode sa = ns == null || name == null ? null : store.get("/serviceaccounts", ns, name);
      if (sa == null || !Json.text(sa, "metadata", "uid").equals(uid)) {
        return null;
      }
      Map<String, List<String>> extra = new TreeMap<>();
      extra.put(CREDENTIAL_ID, List.of("JTI=" + claims.path("jti").asText()));
      for (String kind : List.of("pod", "secret", "node")) {
        JsonNode ref = kube.get(kind);
        if (ref == null) {
          continue;
        }
        ObjectNode live =
            store.get("/" + kind + "s", kind.equals("node") ? "" : ns, ref.path("name").asText());
        // A pod's node may be gone without invalidating the token, as in kube-apiserver.
        boolean required = !kind.equals("node") || !kube.has("pod");
        boolean matches =
            live != null
                && (!ref.has("uid")
                    || ref.path("uid").asText().equals(Json.text(live, "metadata", "uid")));
        if (required && !matches) {
          return null;
        }
        if (!kind.equals("secret")) {
          extra.put(EXTRA_PREFIX + kind + "-name", List.of(ref.path("name").asText()));
          if (ref.has("uid")) {
            extra.put(EXTRA_PREFIX + kind + "-uid", List.of(ref.path("uid").asText()));
          }
        }
      }
      return new Verified(UserInfo.serviceAccount(ns, name, uid, extra), audiences);
    } catch (GeneralSecurityException | IllegalArgumentException | ApiException e) {
      return null;
    }
  }
}
