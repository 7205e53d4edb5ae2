package io.flotilla.controllers.notification;

import io.flotilla.controllers.runtime.FluxEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The small message providers, each a payload Flux's notifier builds: {@code alertmanager} (a
 * firing alert), {@code grafana} (an annotation), {@code matrix} (a room message), {@code opsgenie}
 * (an alert).
 */
final class ChatNotifiers {
  private ChatNotifiers() {}

  private static Map<String, String> metadata(FluxEvent e) {
    return e.metadata() == null ? new TreeMap<>() : new TreeMap<>(e.metadata());
  }

  /** {@code alertmanager}: {@code POST <address>} of one firing alert labelled with the event. */
  record Alertmanager(String url, ProviderConfig p) implements Notifier {
    private static final DateTimeFormatter GO_TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'").withZone(ZoneOffset.UTC);

    @Override
    public void post(FluxEvent e) throws DeliveryException {
      Map<String, String> labels = metadata(e);
      Map<String, String> annotations = new TreeMap<>();
      annotations.put("message", e.message());
      String summary = labels.remove("summary");
      if (summary != null) {
        annotations.put("summary", summary);
      }
      var o = e.involvedObject();
      String reason = e.reason() == null || e.reason().isEmpty() ? "" : e.reason();
      labels.put(
          "alertname",
          "Flux"
              + o.kind()
              + (reason.isEmpty()
                  ? ""
                  : Character.toUpperCase(reason.charAt(0)) + reason.substring(1)));
      labels.put("severity", e.severity());
      labels.put("reason", reason);
      labels.put("timestamp", GO_TIME.format(Instant.parse(e.timestamp())));
      labels.put("kind", o.kind());
      labels.put("name", o.name());
      labels.put("namespace", o.namespace());
      labels.put("reportingcontroller", e.reportingController());
      Map<String, Object> alert = new LinkedHashMap<>();
      alert.put("status", "firing");
      alert.put("labels", labels);
      alert.put("annotations", annotations);
      Http.postJson(p, url, List.of(alert), Map.of());
    }
  }

  /** {@code grafana}: an annotation tagged {@code flux}, the controller and the metadata. */
  record Grafana(String url, ProviderConfig p) implements Notifier {
    @Override
    public void post(FluxEvent e) throws DeliveryException {
      List<String> tags = new ArrayList<>(List.of("flux", e.reportingController()));
      metadata(e).forEach((k, v) -> tags.add(k + ": " + v));
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("when", Instant.parse(e.timestamp()).getEpochSecond());
      payload.put("text", Notifier.objectName(e));
      payload.put("tags", tags);
      Map<String, String> headers = new LinkedHashMap<>();
      if (p.token() != null && !p.token().isEmpty()) {
        headers.put("Authorization", "Bearer " + p.token());
      } else if (p.username() != null && p.password() != null) {
        headers.put(
            "Authorization",
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(
                        (p.username() + ":" + p.password()).getBytes(StandardCharsets.UTF_8)));
      }
      Http.postJson(p, url, payload, headers);
    }
  }

  /**
   * {@code matrix}: {@code PUT <homeserver>/_matrix/client/r0/rooms/<channel>/send/m.room.message/
   * <sha1 of the event>} (the transaction id makes a retry idempotent).
   */
  record Matrix(String url, ProviderConfig p) implements Notifier {
    @Override
    public void post(FluxEvent e) throws DeliveryException {
      String tx;
      try {
        tx =
            HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(Http.json(e)));
      } catch (java.security.NoSuchAlgorithmException ex) {
        throw new IllegalStateException(ex);
      }
      StringBuilder meta = new StringBuilder();
      metadata(e)
          .forEach((k, v) -> meta.append("- ").append(k).append(": ").append(v).append('\n'));
      String emoji = FluxEvent.ERROR.equals(e.severity()) ? "🚨" : "💫";
      Map<String, String> payload = new LinkedHashMap<>();
      payload.put("body", emoji + " " + Notifier.objectName(e) + "\n" + e.message() + "\n" + meta);
      payload.put("msgtype", "m.text");
      Http.send(
          p,
          "PUT",
          url + "/_matrix/client/r0/rooms/" + p.channel() + "/send/m.room.message/" + tx,
          Http.json(payload),
          "application/json",
          Map.of("Authorization", "Bearer " + (p.token() == null ? "" : p.token())));
    }
  }

  /** {@code opsgenie}: an alert titled {@code Kind/name}, the message and metadata as details. */
  record Opsgenie(String url, ProviderConfig p) implements Notifier {
    @Override
    public void post(FluxEvent e) throws DeliveryException {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("message", e.involvedObject().kind() + "/" + e.involvedObject().name());
      payload.put("description", e.message());
      payload.put("details", metadata(e));
      Http.postJson(p, url, payload, Map.of("Authorization", "GenieKey " + p.token()));
    }
  }
}
