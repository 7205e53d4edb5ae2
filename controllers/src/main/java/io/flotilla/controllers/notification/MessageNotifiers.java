package io.flotilla.controllers.notification;

import io.flotilla.controllers.runtime.FluxEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The room-message providers, each a payload as Flux's notifier builds it: {@code googlechat} (a
 * card), {@code webex} (a markdown message to a room) and {@code telegram} (a MarkdownV2 message
 * through the Bot API). Metadata is listed in key order (Go ranges over a map in random order).
 * Like every non-Git provider they get no {@code commit_status: update} events ({@link
 * Notifier#deliver}).
 */
final class MessageNotifiers {
  private MessageNotifiers() {}

  private static Map<String, String> metadata(FluxEvent e) {
    return e.metadata() == null ? new TreeMap<>() : new TreeMap<>(e.metadata());
  }

  /**
   * {@code googlechat}: one card headed {@code kind/name.namespace}, the metadata as key-values.
   */
  record GoogleChat(String url, ProviderConfig p) implements Notifier {
    @Override
    public void post(FluxEvent e) throws DeliveryException {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("title", Notifier.objectName(e));
      header.put("subtitle", e.reportingController());
      header.put("imageUrl", null);
      header.put("imageStyle", null);
      String text =
          FluxEvent.ERROR.equals(e.severity())
              ? "<font color=\"#ff0000\">" + e.message() + "</font>"
              : e.message();
      List<Map<String, Object>> sections = new ArrayList<>();
      sections.add(section(List.of(widget(Map.of("text", text), null))));
      Map<String, String> meta = metadata(e);
      if (!meta.isEmpty()) {
        List<Map<String, Object>> kv = new ArrayList<>();
        meta.forEach(
            (k, v) -> {
              Map<String, Object> keyValue = new LinkedHashMap<>();
              keyValue.put("topLabel", k);
              keyValue.put("content", v);
              keyValue.put("contentMultiline", false);
              keyValue.put("bottomLabel", null);
              keyValue.put("icon", null);
              kv.add(widget(null, keyValue));
            });
        sections.add(section(kv));
      }
      Map<String, Object> card = new LinkedHashMap<>();
      card.put("header", header);
      card.put("sections", sections);
      Http.postJson(p, url, Map.of("cards", List.of(card)), Map.of());
    }

    private static Map<String, Object> section(List<Map<String, Object>> widgets) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("header", "");
      s.put("widgets", widgets);
      return s;
    }

    private static Map<String, Object> widget(Object textParagraph, Object keyValue) {
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("textParagraph", textParagraph);
      w.put("keyValue", keyValue);
      return w;
    }
  }

  /** {@code webex}: markdown to the room {@code channel}, the bot token as bearer. */
  record Webex(String url, ProviderConfig p) implements Notifier {
    @Override
    public void post(FluxEvent e) throws DeliveryException {
      StringBuilder md = new StringBuilder();
      md.append(FluxEvent.ERROR.equals(e.severity()) ? "💣" : "✅")
          .append(" **")
          .append(Notifier.objectName(e))
          .append("**\n")
          .append(e.message())
          .append('\n');
      metadata(e)
          .forEach((k, v) -> md.append(">**").append(k).append("**: ").append(v).append('\n'));
      Map<String, Object> payload = new LinkedHashMap<>();
      if (p.channel() != null && !p.channel().isEmpty()) {
        payload.put("roomId", p.channel());
      }
      payload.put("markdown", md.toString());
      Http.postJson(
          p,
          url,
          payload,
          Map.of("Authorization", "Bearer " + (p.token() == null ? "" : p.token())));
    }
  }

  /**
   * {@code telegram}: the Bot API's {@code sendMessage} under {@code <address>/bot<token>/}; a
   * channel {@code <chat>:<thread>} posts to a forum topic.
   */
  record Telegram(String api, ProviderConfig p) implements Notifier {
    static final String API = "https://api.telegram.org";
    private static final String SPECIAL = "\\.-_[]()~>`#+=|{}!*";

    static Telegram create(ProviderConfig p) throws DeliveryException {
      if (p.channel() == null || p.channel().isEmpty()) {
        throw DeliveryException.permanent("empty Telegram channel");
      }
      if (p.token() == null || p.token().isEmpty()) {
        throw DeliveryException.permanent("empty Telegram token");
      }
      boolean noAddress = p.address() == null || p.address().isBlank();
      String base = noAddress ? API : Notifiers.url(p, "Telegram API");
      return new Telegram(base.replaceAll("/+$", ""), p);
    }

    @Override
    public void post(FluxEvent e) throws DeliveryException {
      var o = e.involvedObject();
      String heading =
          (FluxEvent.ERROR.equals(e.severity()) ? "🚨" : "💫")
              + " "
              + o.kind().toLowerCase(Locale.ROOT)
              + "/"
              + o.name()
              + "/"
              + o.namespace();
      StringBuilder text =
          new StringBuilder("*")
              .append(escape(heading))
              .append("*\n")
              .append(escape(e.message()))
              .append('\n');
      metadata(e)
          .forEach(
              (k, v) ->
                  text.append("\\- *")
                      .append(escape(k))
                      .append("*: ")
                      .append(escape(v))
                      .append('\n'));
      String[] chat = p.channel().split(":", 2);
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("chat_id", chat[0]);
      if (chat.length == 2) {
        payload.put("message_thread_id", chat[1]);
      }
      payload.put("text", text.toString());
      payload.put("parse_mode", "MarkdownV2");
      Http.postJson(p, api + "/bot" + p.token() + "/sendMessage", payload, Map.of());
    }

    /** MarkdownV2's reserved characters, each behind a backslash. */
    static String escape(String s) {
      StringBuilder out = new StringBuilder(s.length() + 8);
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (SPECIAL.indexOf(c) >= 0) {
          out.append('\\');
        }
        out.append(c);
      }
      return out.toString();
    }
  }
}
