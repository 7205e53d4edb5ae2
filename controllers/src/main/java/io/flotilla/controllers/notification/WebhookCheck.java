package io.flotilla.controllers.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.flux.notification.ReceiverSpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How each Receiver type proves a call is genuine, as Flux checks it: HMAC signatures (GitHub's
 * {@code X-Hub-Signature-256}, Bitbucket Server's {@code X-Hub-Signature}, {@code generic-hmac}'s
 * {@code X-Signature}, Nexus' {@code X-Nexus-Webhook-Signature}), shared tokens (GitLab's {@code
 * X-Gitlab-Token}, Harbor's {@code Authorization}), or a payload of the sender's shape; the {@code
 * events} filter on the sender's event header.
 */
final class WebhookCheck {
  private WebhookCheck() {}

  /** A call refused, with the reason Flux logs. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * Verifies a call; true when it asks for a reconcile, false for a sender's ping.
   *
   * @param header the request's headers by name (any case)
   */
  static boolean verify(
      ReceiverSpec.Type type,
      List<String> events,
      String token,
      Function<String, String> header,
      byte[] body)
      throws Refused {
    switch (type) {
      case GENERIC -> {
        return true;
      }
      case GENERIC_HMAC -> {
        String sig = header.apply("X-Signature");
        if (!validSignature(sig, body, token)) {
          throw new Refused("unable to validate HMAC signature: payload signature check failed");
        }
        return true;
      }
      case GITHUB -> {
        String sig256 = header.apply("X-Hub-Signature-256");
        String sig = sig256 != null ? sig256 : header.apply("X-Hub-Signature");
        if (!validSignature(sig, body, token)) {
          throw new Refused(
              "the GitHub signature header is invalid, err: payload signature check failed");
        }
        json(githubPayload(header, body), "GitHub");
        return unlessPing(events, header.apply("X-GitHub-Event"), "ping", "GitHub");
      }
      case GITLAB -> {
        same(
            header.apply("X-Gitlab-Token"),
            token,
            "the X-Gitlab-Token header value does not match the receiver token");
        allowed(events, header.apply("X-Gitlab-Event"), "GitLab");
        return true;
      }
      case BITBUCKET -> {
        if (!validSignature(header.apply("X-Hub-Signature"), body, token)) {
          throw new Refused(
              "the Bitbucket server signature header is invalid, err: payload signature check"
                  + " failed");
        }
        return unlessPing(
            events, header.apply("X-Event-Key"), "diagnostics:ping", "Bitbucket server");
      }
      case HARBOR -> {
        same(
            header.apply("Authorization"),
            token,
            "the Harbor Authorization header value does not match the receiver token");
        return true;
      }
      case DOCKERHUB -> {
        json(body, "DockerHub");
        return true;
      }
      case QUAY -> {
        json(body, "Quay");
        return true;
      }
      case ACR -> {
        json(body, "ACR");
        return true;
      }
      case NEXUS -> {
        String sig =
            present(
                header.apply("X-Nexus-Webhook-Signature"),
                "Nexus signature is missing from header");
        String expected = HexFormat.of().formatHex(Hmac.of("HmacSHA1", token, body));
        same(sig, expected, "invalid Nexus signature");
        json(body, "Nexus");
        return true;
      }
      case CDEVENTS -> {
        String ceType = present(header.apply("Ce-Type"), "the CDEvent has no Ce-Type header");
        json(body, "CDEvent");
        allowed(events, ceType, "CDEvent");
        return true;
      }
      case GCR, GENERIC_OIDC -> {
        // the caller's ID token was verified by OidcReceivers
        return true;
      }
    }
    throw new Refused("receiver type '" + type + "' not supported");
  }

  /** Refuses the call unless {@code given} is {@code expected} (compared in constant time). */
  private static void same(String given, String expected, String refusal) throws Refused {
    if (!constantTimeEquals(given, expected)) {
      throw new Refused(refusal);
    }
  }

  /** False for the sender's {@code ping} event, else true once the event is one it listens to. */
  private static boolean unlessPing(List<String> events, String event, String ping, String sender)
      throws Refused {
    if (ping.equals(event)) {
      return false;
    }
    allowed(events, event, sender);
    return true;
  }

  /** {@code <alg>=<hex>} with sha1, sha256 or sha512, as go-github's {@code ValidateSignature}. */
  static boolean validSignature(String signature, byte[] body, String token) {
    if (signature == null) {
      return false;
    }
    int eq = signature.indexOf('=');
    if (eq < 0) {
      return false;
    }
    String alg =
        switch (signature.substring(0, eq)) {
          case "sha1" -> "HmacSHA1";
          case "sha256" -> "HmacSHA256";
          case "sha512" -> "HmacSHA512";
          default -> null;
        };
    if (alg == null) {
      return false;
    }
    byte[] expected = Hmac.of(alg, token, body);
    try {
      return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.substring(eq + 1)));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code value}, a header the sender must send, else refused with {@code missing}. */
  private static String present(String value, String missing) throws Refused {
    if (value == null || value.isEmpty()) {
      throw new Refused(missing);
    }
    return value;
  }

  private static void allowed(List<String> events, String event, String sender) throws Refused {
    if (events == null || events.isEmpty()) {
      return;
    }
    String e = event == null ? "" : event.toLowerCase(Locale.ROOT);
    if (events.stream().noneMatch(x -> x.toLowerCase(Locale.ROOT).equals(e))) {
      throw new Refused("the " + sender + " event '" + event + "' is not authorised");
    }
  }

  /** GitHub may send {@code payload=<json>} as a form. */
  private static byte[] githubPayload(Function<String, String> header, byte[] body) {
    String ct = header.apply("Content-Type");
    if (ct != null && ct.startsWith("application/x-www-form-urlencoded")) {
      for (String kv : new String(body, StandardCharsets.UTF_8).split("&")) {
        if (kv.startsWith("payload=")) {
          return URLDecoder.decode(kv.substring(8), StandardCharsets.UTF_8)
              .getBytes(StandardCharsets.UTF_8);
        }
      }
    }
    return body;
  }

  static JsonNode json(byte[] body, String sender) throws Refused {
    try {
      JsonNode node = Http.JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new Refused("cannot decode " + sender + " webhook payload: not a JSON object");
      }
      return node;
    } catch (java.io.IOException e) {
      throw new Refused("cannot decode " + sender + " webhook payload");
    }
  }
}
