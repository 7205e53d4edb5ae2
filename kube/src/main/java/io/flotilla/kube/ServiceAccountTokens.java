package io.flotilla.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * Bound service account tokens in the shape kube-apiserver issues them: RS256 JWTs with the {@code
 * kubernetes.io} claim naming the namespace and the service account (name and uid). The signing key
 * lives in memory, so tokens do not survive a restart; a token stops working when its service
 * account is deleted or recreated, as on a real server.
 */
final class ServiceAccountTokens {
  static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
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

  /** Issues a token for a stored service account; fails when it does not exist. */
  String issue(String namespace, String name, Duration ttl) {
    ObjectNode sa = store.get("/serviceaccounts", namespace, name);
    if (sa == null) {
      throw new IllegalArgumentException(
          "serviceaccounts " + GoText.quote(name) + " not found in namespace " + namespace);
    }
    KeyPair k = keys();
    long now = clock.instant().getEpochSecond();
    ObjectNode header = Json.object();
    header.put("alg", "RS256");
    header.put("kid", keyId);
    ObjectNode claims = Json.object();
    claims.putArray("aud").add(ISSUER);
    claims.put("exp", now + ttl.toSeconds());
    claims.put("iat", now);
    claims.put("iss", ISSUER);
    claims.put("jti", UUID.randomUUID().toString());
    ObjectNode kube = claims.putObject("kubernetes.io");
    kube.put("namespace", namespace);
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

  /** The service account a token stands for, or null when it is not a valid token of ours. */
  UserInfo verify(String token) {
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
      String ns = Json.text(claims, "kubernetes.io", "namespace");
      String name = Json.text(claims, "kubernetes.io", "serviceaccount", "name");
      String uid = Json.text(claims, "kubernetes.io", "serviceaccount", "uid");
      ObjectNode sa = ns == null || name == null ? null : store.get("/serviceaccounts", ns, name);
      if (sa == null || !Json.text(sa, "metadata", "uid").equals(uid)) {
        return null;
      }
      return UserInfo.serviceAccount(ns, name, uid);
    } catch (GeneralSecurityException | IllegalArgumentException | ApiException e) {
      return null;
    }
  }
}
