package io.flotilla.api.flux.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.flotilla.api.flux.meta.LocalObjectReference;
import io.flotilla.api.flux.source.GitRepositoryRef;
import java.util.Map;

/** {@code ImageUpdateAutomation.spec} (v1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageUpdateAutomationSpec(
    @Required SourceRef sourceRef,
    GitSpec git,
    @Required @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$") String interval,
    LabelSelector policySelector,
    @Default("{\"strategy\":\"Setters\"}") UpdateStrategy update,
    Boolean suspend) {

  /** {@code spec.sourceRef}: a GitRepository, in the automation's namespace by default. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SourceRef(
      String apiVersion,
      @Default("\"GitRepository\"") String kind,
      @Required String name,
      String namespace) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record GitSpec(Checkout checkout, @Required Commit commit, Push push) {}

  /** {@code git.checkout.ref}: what to clone instead of the GitRepository's own ref. */
  public record Checkout(@Required GitRepositoryRef ref) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Commit(
      @Required Author author,
      SigningKey signingKey,
      String messageTemplate,
      Map<String, String> messageTemplateValues) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Author(String name, @Required String email) {}

  /** A Secret with {@code git.asc} (and {@code passphrase}) for {@code gpg}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SigningKey(@Required LocalObjectReference secretRef, String type) {}

  /** Where to push: a branch, a refspec, or both; the checkout branch by default. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Push(
      String branch, @Pattern("^$|^[^+:]") String refspec, Map<String, String> options) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record UpdateStrategy(@Default("\"Setters\"") Strategy strategy, String path) {}

  public enum Strategy {
    Setters
  }

  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }
}
