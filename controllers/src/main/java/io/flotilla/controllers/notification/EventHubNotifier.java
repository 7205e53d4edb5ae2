package io.flotilla.controllers.notification;

import io.flotilla.controllers.runtime.FluxEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code azureeventhub}: the event JSON as one message, sent to Event Hubs' REST endpoint ({@code
 * POST https://<namespace>/<hub>/messages}). Two ways to authenticate, as in Flux: the address is a
 * SAS connection string ({@code Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…;
 * EntityPath=<hub>}), signed here per request; or the address is the hub's name, {@code channel}
 * the namespace, and the Secret's {@code token} a JWT. The Event Hubs emulator (a loopback host or
 * {@code UseDevelopmentEmulator=true}) is reached over plain HTTP.
 */
final class EventHubNotifier implements Notifier {
  static final String CONTENT_TYPE = "application/atom+xml;type=entry;charset=utf-8";
  private static final Duration SAS_LIFETIME = Duration.ofHours(1);
  private final ProviderConfig p;
  private final String resourceUri;
  private final String keyName;
  private final String key;
  private final String jwt;
  private final Clock clock;

  private EventHubNotifier(
      ProviderConfig p, String resourceUri, String keyName, String key, String jwt, Clock clock) {
    this.p = p;
    this.resourceUri = resourceUri;
    this.keyName = keyName;
    this.key = key;
    this.jwt = jwt;
    this.clock = clock;
  }

  static EventHubNotifier create(ProviderConfig p) throws DeliveryException {
    return create(p, Clock.systemUTC());
  }

  static EventHubNotifier create(ProviderConfig p, Clock clock) throws DeliveryException {
    String address = p.address();
    if (address == null || address.isBlank()) {
      throw DeliveryException.permanent(
          "invalid authentication options: endpoint URL cannot be empty");
    }
    boolean sas = address.contains("SharedAccessKey");
    boolean hasToken = p.token() != null && !p.token().isEmpty();
    if (sas) {
      if (hasToken) {
        throw DeliveryException.permanent(
            "invalid authentication options: jwt token and SAS authentication cannot be set at"
                + " the same time");
      }
      Map<String, String> cs = connectionString(address);
      String endpoint = cs.get("endpoint");
      String hub = cs.get("entitypath");
      if (endpoint == null
          || cs.get("sharedaccesskeyname") == null
          || cs.get("sharedaccesskey") == null
          || hub == null
          || hub.isEmpty()) {
        throw DeliveryException.permanent(
            "failed to create a eventhub using SAS: the connection string needs Endpoint,"
                + " SharedAccessKeyName, SharedAccessKey and EntityPath");
      }
      String host = endpoint.replaceFirst("^[a-z]+://", "").replaceAll("/+$", "");
      boolean emulator = "true".equalsIgnoreCase(cs.get("usedevelopmentemulator"));
      return new EventHubNotifier(
          p,
          base(host, emulator) + "/" + hub,
          cs.get("sharedaccesskeyname"),
          cs.get("sharedaccesskey"),
          null,
          clock);
    }
    if (!hasToken) {
      throw DeliveryException.permanent(
          "failed to create a eventhub using authentication token: the Secret needs a 'token'"
              + " (a JWT), or the address must be a SAS connection string");
    }
    if (p.channel() == null || p.channel().isBlank()) {
      throw DeliveryException.permanent(
          "failed to create a eventhub using authentication token: spec.channel must name the"
              + " Event Hubs namespace");
    }
    String ns =
        p.channel().contains(".") || p.channel().contains(":")
            ? p.channel()
            : p.channel() + ".servicebus.windows.net";
    return new EventHubNotifier(p, base(ns, false) + "/" + address, null, null, p.token(), clock);
  }

  private static String base(String host, boolean emulator) {
    String h = host.toLowerCase(Locale.ROOT);
    boolean loopback = h.startsWith("localhost") || h.startsWith("127.") || h.startsWith("[::1]");
    return (emulator || loopback ? "http://" : "https://") + host;
  }

  private static Map<String, String> connectionString(String s) {
    Map<String, String> out = new HashMap<>();
    for (String part : s.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(
            part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
      }
    }
    return out;
  }

  @Override
  public void post(FluxEvent event) throws DeliveryException {
    String auth = jwt != null ? "Bearer " + jwt : sas();
    Http.send(
        p,
        "POST",
        resourceUri + "/messages?timeout=60&api-version=2014-01",
        Http.json(event),
        CONTENT_TYPE,
        Map.of("Authorization", auth));
  }

  /** A Shared Access Signature for the hub, valid for an hour. */
  String sas() {
    long expiry = clock.instant().plus(SAS_LIFETIME).getEpochSecond();
    String sr = URLEncoder.encode(resourceUri, StandardCharsets.UTF_8);
    return "SharedAccessSignature sr="
        + sr
        + "&sig="
        + URLEncoder.encode(sign(key, sr + "\n" + expiry), StandardCharsets.UTF_8)
        + "&se="
        + expiry
        + "&skn="
        + keyName;
  }

  static String sign(String key, String stringToSign) {
    return Base64.getEncoder()
        .encodeToString(Hmac.sha256(key, stringToSign.getBytes(StandardCharsets.UTF_8)));
  }
}
