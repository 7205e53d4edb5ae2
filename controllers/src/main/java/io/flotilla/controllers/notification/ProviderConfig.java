package io.flotilla.controllers.notification;

import io.flotilla.api.flux.notification.ProviderType;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * A Provider with its Secrets read: what a notifier is built from. {@code address}, {@code token},
 * {@code username}, {@code password} and {@code headers} from {@code secretRef} have won over the
 * spec; {@code http} carries the proxy and TLS settings; {@code uid} names the commit status.
 */
record ProviderConfig(
    ProviderType type,
    String name,
    String namespace,
    String uid,
    String address,
    String channel,
    String username,
    String password,
    String token,
    Map<String, String> headers,
    Duration timeout,
    String commitStatusExpr,
    HttpClient http) {

  /** The secret values that must never reach a log or an error. */
  String redact(String message) {
    String out = message == null ? "" : message;
    for (String secret : new String[] {token, password}) {
      if (secret != null && !secret.isEmpty()) {
        out = out.replace(secret, "*****");
      }
    }
    return out;
  }
}
