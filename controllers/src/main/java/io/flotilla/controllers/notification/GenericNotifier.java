package io.flotilla.controllers.notification;

import io.flotilla.controllers.runtime.FluxEvent;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code generic}: the event JSON as is, with {@code gotk-component} naming the controller and the
 * Secret's {@code headers}; {@code generic-hmac} adds {@code X-Signature: sha256=<hex HMAC of the
 * body with the token>}.
 */
final class GenericNotifier implements Notifier {
  private final String url;
  private final ProviderConfig p;
  private final boolean hmac;

  GenericNotifier(String url, ProviderConfig p, boolean hmac) throws DeliveryException {
    if (hmac && (p.token() == null || p.token().isEmpty())) {
      throw DeliveryException.permanent(
          "generic-hmac provider needs a 'token' key in its secretRef to sign with");
    }
    this.url = url;
    this.p = p;
    this.hmac = hmac;
  }

  @Override
  public void post(FluxEvent event) throws DeliveryException {
    byte[] body = Http.json(event);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("gotk-component", event.reportingController());
    if (p.headers() != null) {
      headers.putAll(p.headers());
    }
    if (hmac) {
      headers.put("X-Signature", "sha256=" + sign(body, p.token()));
    }
    Http.send(p, "POST", url, body, "application/json", headers);
  }

  static String sign(byte[] body, String token) {
    return HexFormat.of().formatHex(Hmac.sha256(token, body));
  }
}
