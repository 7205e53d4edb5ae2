package io.flotilla.api.flux.notification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.flotilla.api.flux.meta.LocalObjectReference;
import java.time.Duration;
import java.util.List;

/** {@code Receiver.spec} (v1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value = "self.type == 'generic-oidc' || has(self.secretRef)",
    message = "secretRef is required when type is not generic-oidc")
public record ReceiverSpec(
    @Required Type type,
    @Default("\"10m\"") @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$") String interval,
    List<String> events,
    @Required List<CrossNamespaceObjectReference> resources,
    String resourceFilter,
    LocalObjectReference secretRef,
    Boolean suspend,
    List<OidcProvider> oidcProviders) {

  /**
   * {@code generic-oidc}: an issuer whose ID tokens may call, the audience they must carry, CEL
   * {@code variables} over {@code claims} (and the variables before them, {@code vars}) and the
   * {@code validations} every call must pass.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record OidcProvider(
      @Required @Pattern("^https?://.*$") String issuerURL,
      @Required String audience,
      List<Variable> variables,
      List<Validation> validations) {}

  public record Variable(@Required String name, @Required String expression) {}

  public record Validation(@Required String expression, @Required String message) {}

  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);

  /** {@code spec.type}: who calls, hence how the call is verified and read. */
  public enum Type {
    @JsonProperty("generic")
    GENERIC,
    @JsonProperty("generic-hmac")
    GENERIC_HMAC,
    @JsonProperty("generic-oidc")
    GENERIC_OIDC,
    @JsonProperty("github")
    GITHUB,
    @JsonProperty("gitlab")
    GITLAB,
    @JsonProperty("bitbucket")
    BITBUCKET,
    @JsonProperty("harbor")
    HARBOR,
    @JsonProperty("dockerhub")
    DOCKERHUB,
    @JsonProperty("quay")
    QUAY,
    @JsonProperty("gcr")
    GCR,
    @JsonProperty("nexus")
    NEXUS,
    @JsonProperty("acr")
    ACR,
    @JsonProperty("cdevents")
    CDEVENTS
  }

  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }
}
