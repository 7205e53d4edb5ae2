package io.flotilla.controllers.notification;

import io.flotilla.controllers.runtime.FluxEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code slack}: an attachment coloured {@code good}/{@code danger}, authored {@code
 * kind/name.namespace}, the metadata as fields. With a token and no address, Slack's {@code
 * chat.postMessage} API, whose 200 answers carry {@code ok}.
 */
final class SlackNotifier implements Notifier {
  static final String API = "https://slack.com/api/chat.postMessage";
  private final String url;
  private final ProviderConfig p;

  SlackNotifier(ProviderConfig p) throws DeliveryException {
    this(p, slackUrl(p));
  }

  private SlackNotifier(ProviderConfig p, String url) {
    this.p = p;
    this.url = url;
  }

  private static String slackUrl(ProviderConfig p) throws DeliveryException {
    boolean noAddress = p.address() == null || p.address().isBlank();
    return noAddress && p.token() != null ? API : Notifiers.url(p, "Slack hook");
  }

  /** {@code discord}: the same message to the webhook's Slack-compatible endpoint. */
  static SlackNotifier discord(ProviderConfig p) throws DeliveryException {
    String url = Notifiers.url(p, "Discord hook");
    java.net.URI u = java.net.URI.create(url);
    if (!u.getPath().endsWith("/slack")) {
      String path = u.getPath().endsWith("/") ? u.getPath() + "slack" : u.getPath() + "/slack";
      url =
          u.getScheme()
              + "://"
              + u.getRawAuthority()
              + path
              + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }
    return new SlackNotifier(p, url);
  }

  @Override
  public void post(FluxEvent e) throws DeliveryException {
    List<Map<String, Object>> fields = new ArrayList<>();
    if (e.metadata() != null) {
      e.metadata()
          .forEach(
              (k, v) -> {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("title", k);
                f.put("value", v);
                f.put("short", false);
                fields.add(f);
              });
    }
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("color", FluxEvent.ERROR.equals(e.severity()) ? "danger" : "good");
    attachment.put("author_name", Notifier.objectName(e));
    attachment.put("text", e.message());
    attachment.put("mrkdwn_in", List.of("text"));
    attachment.put("fields", fields);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("channel", p.channel() == null ? "" : p.channel());
    payload.put(
        "username",
        p.username() == null || p.username().isEmpty() ? e.reportingController() : p.username());
    payload.put("icon_url", "");
    payload.put("icon_emoji", "");
    payload.put("attachments", List.of(attachment));
    Map<String, String> headers = new LinkedHashMap<>();
    if (p.token() != null && !p.token().isEmpty()) {
      headers.put("Authorization", "Bearer " + p.token());
    }
    String answer = Http.postJson(p, url, payload, headers);
    if (API.equals(url)) {
      checkApiAnswer(answer);
    }
  }

  private static void checkApiAnswer(String answer) throws DeliveryException {
    try {
      var node = Http.JSON.readTree(answer);
      if (!node.path("ok").asBoolean(false)) {
        throw DeliveryException.permanent(
            "Slack responded with error: " + node.path("error").asText());
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw DeliveryException.permanent("unable to unmarshal response body: " + ex.getMessage());
    }
  }
}
