package io.flotilla.controllers.notification;

import java.net.URI;

/** Builds the notifier of a Provider type; refuses what Flux's factory refuses, in its words. */
final class Notifiers {
  private Notifiers() {}

  static Notifier create(ProviderConfig p) throws DeliveryException {
    return switch (p.type()) {
      case GENERIC -> new GenericNotifier(url(p, "hook"), p, false);
      case GENERIC_HMAC -> new GenericNotifier(url(p, "hook"), p, true);
      case SLACK -> new SlackNotifier(p);
      case MSTEAMS -> new TeamsNotifier(url(p, "MS Teams webhook"), p);
      case DISCORD -> SlackNotifier.discord(p);
      case ALERTMANAGER -> new ChatNotifiers.Alertmanager(url(p, "Alertmanager"), p);
      case GRAFANA -> new ChatNotifiers.Grafana(url(p, "Grafana"), p);
      case MATRIX -> new ChatNotifiers.Matrix(url(p, "Matrix homeserver"), p);
      case OPSGENIE -> {
        if (p.token() == null || p.token().isEmpty()) {
          throw DeliveryException.permanent("empty Opsgenie apikey/token");
        }
        yield new ChatNotifiers.Opsgenie(url(p, "Opsgenie"), p);
      }
      case GOOGLECHAT -> new MessageNotifiers.GoogleChat(url(p, "Google Chat hook"), p);
      case WEBEX -> new MessageNotifiers.Webex(url(p, "Webex hook"), p);
      case TELEGRAM -> MessageNotifiers.Telegram.create(p);
      case PAGERDUTY -> PagerDutyNotifier.create(p);
      case AZUREEVENTHUB -> EventHubNotifier.create(p);
      case GITHUB, GITLAB, GITEA, BITBUCKET, BITBUCKETSERVER, AZUREDEVOPS ->
          new CommitStatusNotifier(p);
      default ->
          throw DeliveryException.permanent(
              "provider type '" + p.type().value() + "' is not supported by Flotilla yet");
    };
  }

  /** Flux's check of an address: an absolute URL ({@code url.ParseRequestURI}). */
  static String url(ProviderConfig p, String what) throws DeliveryException {
    String address = p.address();
    if (address == null || address.isBlank()) {
      throw DeliveryException.permanent("provider has no address");
    }
    try {
      URI uri = new URI(address);
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new IllegalArgumentException("not an absolute URL");
      }
    } catch (Exception e) {
      throw DeliveryException.permanent(
          "invalid " + what + " URL " + p.redact(address) + ": an absolute http(s) URL is needed");
    }
    return address;
  }
}
