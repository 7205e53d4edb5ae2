package io.flotilla.api.flux.notification;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** {@code Provider.spec.type}: Flux 2.9's enum. */
public enum ProviderType {
  @JsonProperty("slack")
  SLACK,
  @JsonProperty("discord")
  DISCORD,
  @JsonProperty("msteams")
  MSTEAMS,
  @JsonProperty("rocket")
  ROCKET,
  @JsonProperty("generic")
  GENERIC,
  @JsonProperty("generic-hmac")
  GENERIC_HMAC,
  @JsonProperty("github")
  GITHUB,
  @JsonProperty("gitlab")
  GITLAB,
  @JsonProperty("gitea")
  GITEA,
  @JsonProperty("bitbucketserver")
  BITBUCKETSERVER,
  @JsonProperty("bitbucket")
  BITBUCKET,
  @JsonProperty("azuredevops")
  AZUREDEVOPS,
  @JsonProperty("googlechat")
  GOOGLECHAT,
  @JsonProperty("googlepubsub")
  GOOGLEPUBSUB,
  @JsonProperty("webex")
  WEBEX,
  @JsonProperty("sentry")
  SENTRY,
  @JsonProperty("azureeventhub")
  AZUREEVENTHUB,
  @JsonProperty("telegram")
  TELEGRAM,
  @JsonProperty("lark")
  LARK,
  @JsonProperty("matrix")
  MATRIX,
  @JsonProperty("opsgenie")
  OPSGENIE,
  @JsonProperty("alertmanager")
  ALERTMANAGER,
  @JsonProperty("grafana")
  GRAFANA,
  @JsonProperty("githubdispatch")
  GITHUBDISPATCH,
  @JsonProperty("githubpullrequestcomment")
  GITHUBPULLREQUESTCOMMENT,
  @JsonProperty("gitlabmergerequestcomment")
  GITLABMERGEREQUESTCOMMENT,
  @JsonProperty("giteapullrequestcomment")
  GITEAPULLREQUESTCOMMENT,
  @JsonProperty("pagerduty")
  PAGERDUTY,
  @JsonProperty("datadog")
  DATADOG,
  @JsonProperty("nats")
  NATS,
  @JsonProperty("zulip")
  ZULIP,
  @JsonProperty("otel")
  OTEL,
  @JsonProperty("zoom")
  ZOOM,
  @JsonProperty("incident.io")
  INCIDENTIO;

  /** The name as written in {@code spec.type}. */
  public String value() {
    return this == INCIDENTIO ? "incident.io" : name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
