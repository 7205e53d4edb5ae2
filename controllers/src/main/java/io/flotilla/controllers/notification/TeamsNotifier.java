package io.flotilla.controllers.notification;

import io.flotilla.controllers.runtime.FluxEvent;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code msteams}: an Adaptive Card (version 1.4, Teams' limit) for a Workflows webhook; the legacy
 * MessageCard when the address is an Office 365 connector ({@code *.webhook.office.com}).
 */
final class TeamsNotifier implements Notifier {
  private final String url;
  private final ProviderConfig p;
  private final boolean legacyConnector;

  TeamsNotifier(String url, ProviderConfig p) {
    this.url = url;
    this.p = p;
    String host = URI.create(url).getHost();
    this.legacyConnector = host != null && host.endsWith(".webhook.office.com");
  }

  @Override
  public void post(FluxEvent e) throws DeliveryException {
    Object payload = legacyConnector ? messageCard(e) : adaptiveCard(e);
    Http.postJson(p, url, payload, Map.of());
  }

  private static Map<String, Object> messageCard(FluxEvent e) {
    String obj = Notifier.objectName(e);
    List<Map<String, String>> facts = new ArrayList<>();
    metadata(e).forEach((k, v) -> facts.add(fact("name", k, v)));
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("activityTitle", e.message());
    section.put("activitySubtitle", obj);
    section.put("facts", facts);
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("@type", "MessageCard");
    card.put("@context", "http://schema.org/extensions");
    card.put("themeColor", FluxEvent.ERROR.equals(e.severity()) ? "FF0000" : "0076D7");
    card.put("summary", obj);
    card.put("sections", List.of(section));
    return card;
  }

  private static Map<String, Object> adaptiveCard(FluxEvent e) {
    List<Map<String, String>> facts = new ArrayList<>();
    Map<String, String> meta = metadata(e);
    if (meta.containsKey("summary")) {
      facts.add(fact("title", "summary", meta.get("summary")));
    }
    meta.forEach(
        (k, v) -> {
          if (!k.equals("summary")) {
            facts.add(fact("title", k, v));
          }
        });
    Map<String, Object> title = new LinkedHashMap<>();
    title.put("type", "TextBlock");
    title.put("text", Notifier.objectName(e));
    title.put("size", "large");
    title.put("weight", "bolder");
    title.put("wrap", true);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "TextBlock");
    message.put("text", e.message());
    if (FluxEvent.ERROR.equals(e.severity())) {
      message.put("color", "attention");
    }
    message.put("wrap", true);
    Map<String, Object> factSet = new LinkedHashMap<>();
    factSet.put("type", "FactSet");
    if (!facts.isEmpty()) {
      factSet.put("facts", facts);
    }
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("type", "Container");
    container.put("items", List.of(title, message, factSet));
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    content.put("type", "AdaptiveCard");
    content.put("version", "1.4");
    content.put("body", List.of(container));
    content.put("msteams", Map.of("width", "Full"));
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.put("content", content);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", "message");
    payload.put("attachments", List.of(attachment));
    return payload;
  }

  /** Sorted by key, so that a card reads the same every time. */
  private static Map<String, String> metadata(FluxEvent e) {
    return e.metadata() == null ? Map.of() : new java.util.TreeMap<>(e.metadata());
  }

  private static Map<String, String> fact(String keyName, String key, String value) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put(keyName, key);
    f.put("value", value);
    return f;
  }
}
