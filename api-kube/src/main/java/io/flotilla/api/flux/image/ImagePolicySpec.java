package io.flotilla.api.flux.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;

/** {@code ImagePolicy.spec} (v1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value =
        "!has(self.interval) || (has(self.digestReflectionPolicy) && self.digestReflectionPolicy =="
            + " 'Always')",
    message = "spec.interval is only accepted when spec.digestReflectionPolicy is set to 'Always'")
@ValidationRule(
    value =
        "has(self.interval) || !has(self.digestReflectionPolicy) || self.digestReflectionPolicy !="
            + " 'Always'",
    message = "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'")
public record ImagePolicySpec(
    @Required RepositoryRef imageRepositoryRef,
    @Required Choice policy,
    TagFilter filterTags,
    @Default("\"Never\"") ReflectionPolicy digestReflectionPolicy,
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$") String interval,
    Boolean suspend) {

  /** The digest refresh period under {@code Always} when none is given. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);

  /** {@code spec.imageRepositoryRef}: in the policy's namespace unless {@code namespace} is set. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RepositoryRef(@Required String name, String namespace) {}

  /** {@code spec.policy}: exactly one of its members. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Choice(SemVer semver, Ordered alphabetical, Ordered numerical) {}

  public record SemVer(@Required String range) {}

  /** {@code alphabetical} or {@code numerical}: {@code asc} selects the greatest. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Ordered(@Default("\"asc\"") Order order) {}

  public enum Order {
    @com.fasterxml.jackson.annotation.JsonProperty("asc")
    ASC,
    @com.fasterxml.jackson.annotation.JsonProperty("desc")
    DESC
  }

  /** {@code spec.filterTags}: tags matching {@code pattern}, compared by {@code extract}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TagFilter(String pattern, String extract) {}

  /** When {@code status.latestRef.digest} is set. */
  public enum ReflectionPolicy {
    Always,
    IfNotPresent,
    Never
  }

  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }

  public ReflectionPolicy reflection() {
    return digestReflectionPolicy == null ? ReflectionPolicy.Never : digestReflectionPolicy;
  }
}
