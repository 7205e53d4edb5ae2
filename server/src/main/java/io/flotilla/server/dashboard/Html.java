package io.flotilla.server.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Building HTML as text where every value is escaped on the way in: {@link #text} is the only way a
 * name, message or query reaches a page, so HTML in them is shown, never run.
 */
final class Html {
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final StringBuilder out = new StringBuilder(4096);

  /** Markup written by this package: never pass data here. */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  Html text(String value) {
    out.append(escape(value));
    return this;
  }

  /** {@code <tag class="cls">text</tag>}. */
  Html el(String tag, String cls, String text) {
    out.append('<').append(tag);
    if (cls != null) {
      out.append(" class=\"").append(escape(cls)).append('"');
    }
    out.append('>').append(escape(text)).append("</").append(tag).append('>');
    return this;
  }

  /** Opens {@code <table class=cls>} with a header row of these column names and the body. */
  Html table(String cls, String... columns) {
    out.append("<table class=\"").append(cls).append("\"><thead><tr>");
    for (String c : columns) {
      el("th", null, c);
    }
    out.append("</tr></thead><tbody>");
    return this;
  }

  Html endTable() {
    return raw("</tbody></table>");
  }

  Html link(String href, String text) {
    out.append("<a href=\"").append(escape(href)).append("\">").append(escape(text)).append("</a>");
    return this;
  }

  /** A compliance or connectivity badge; {@code tone} picks the colour (ok, bad, warn, idle). */
  Html badge(String tone, String text) {
    return el("span", "badge " + tone, text);
  }

  Html time(Instant at, Instant now) {
    if (at == null) {
      return text("never");
    }
    out.append("<time datetime=\"").append(at).append("\">");
    text(SHOWN.format(at) + " (" + ago(at, now) + ")");
    out.append("</time>");
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (r != null && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (r != null) {
          b.append(r);
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }

  static String ago(Instant at, Instant now) {
    Duration d = Duration.between(at, now);
    if (d.isNegative() || d.toSeconds() < 60) {
      return "just now";
    }
    if (d.toMinutes() < 60) {
      return d.toMinutes() + " min ago";
    }
    if (d.toHours() < 48) {
      return d.toHours() + " h ago";
    }
    return d.toDays() + " days ago";
  }

  /** The colour of a compliance state. */
  static String tone(String compliance) {
    return switch (compliance == null ? "" : compliance) {
      case "Compliant" -> "ok";
      case "Non-Compliant" -> "bad";
      case "Pending" -> "warn";
      default -> "idle";
    };
  }
}
