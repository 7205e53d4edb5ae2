package io.flotilla.controllers.notification;

import io.flotilla.controllers.runtime.FluxEvent;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code pagerduty}: Events API v2 at the address's scheme and host, the routing key in {@code
 * channel}. An error triggers an incident deduplicated by the object's UID; an info event resolves
 * it and is also sent as a change event. Progress events are not sent.
 */
record PagerDutyNotifier(String endpoint, ProviderConfig p) implements Notifier {

  static PagerDutyNotifier create(ProviderConfig p) throws DeliveryException {
    String address = p.address();
    URI u;
    try {
      u = new URI(address == null ? "" : address);
      if (!u.isAbsolute() || u.getHost() == null) {
        throw new IllegalArgumentException("not an absolute URL");
      }
    } catch (Exception e) {
      throw DeliveryException.permanent(
          "invalid PagerDuty endpoint URL \""
              + p.redact(String.valueOf(address))
              + "\": an absolute http(s) URL is needed");
    }
    return new PagerDutyNotifier(u.getScheme() + "://" + u.getRawAuthority(), p);
  }

  @Override
  public void post(FluxEvent e) throws DeliveryException {
    if (CommitStatus.progressing(e)) {
      return;
    }
    String routingKey = p.channel() == null ? "" : p.channel();
    String summary = CommitStatus.description(e) + ": " + CommitStatus.name(e);
    String source = "Flux " + e.reportingController();
    String timestamp = DateTimeFormatter.ISO_INSTANT.format(Instant.parse(e.timestamp()));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("message", e.message());
    details.put("metadata", e.metadata());

    Map<String, Object> event = new LinkedHashMap<>();
    event.put("routing_key", routingKey);
    boolean error = FluxEvent.ERROR.equals(e.severity());
    event.put("event_action", error ? "trigger" : "resolve");
    event.put("dedup_key", e.involvedObject().uid());
    if (error) {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("summary", summary);
      payload.put("source", source);
      payload.put("severity", "error");
      payload.put("timestamp", timestamp);
      payload.put("component", e.involvedObject().name());
      payload.put("group", e.involvedObject().kind());
      payload.put("custom_details", details);
      event.put("payload", payload);
    }
    Http.postJson(p, endpoint + "/v2/enqueue", event, Map.of());
    if (FluxEvent.INFO.equals(e.severity())) {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("source", source);
      payload.put("summary", summary);
      payload.put("timestamp", timestamp);
      payload.put("custom_details", details);
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("routing_key", routingKey);
      change.put("payload", payload);
      Http.postJson(p, endpoint + "/v2/change/enqueue", change, Map.of());
    }
  }
}
