package io.flotilla.api.flux.notification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.flotilla.api.flux.meta.LocalObjectReference;
import java.time.Duration;
import java.util.List;

/**
 * {@code Provider.spec} (v1beta3). {@code address}, {@code token}, {@code username}, {@code
 * password} and {@code headers} may come from {@code secretRef}, which wins over the spec.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value =
        "self.type == 'github' || self.type == 'gitlab' || self.type == 'gitea' || self.type =="
            + " 'bitbucketserver' || self.type == 'bitbucket' || self.type == 'azuredevops' ||"
            + " !has(self.commitStatusExpr)",
    message =
        "spec.commitStatusExpr is only supported for the 'github', 'gitlab', 'gitea',"
            + " 'bitbucketserver', 'bitbucket', 'azuredevops' provider types")
public record ProviderSpec(
    @Required ProviderType type,
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$") String interval,
    @Size(max = 2048) String channel,
    @Size(max = 2048) String username,
    @Size(max = 2048) String address,
    @Pattern("^([0-9]+(\\.[0-9]+)?(ms|s|m))+$") String timeout,
    @Pattern("^(http|https)://.*$") @Size(max = 2048) String proxy,
    LocalObjectReference proxySecretRef,
    LocalObjectReference secretRef,
    String serviceAccountName,
    LocalObjectReference certSecretRef,
    Boolean suspend,
    String commitStatusExpr) {

  /** Flux's default when {@code timeout} is unset. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  /** The types that write a commit status back to the Git server. */
  public static final List<ProviderType> COMMIT_STATUS =
      List.of(
          ProviderType.GITHUB,
          ProviderType.GITLAB,
          ProviderType.GITEA,
          ProviderType.BITBUCKETSERVER,
          ProviderType.BITBUCKET,
          ProviderType.AZUREDEVOPS);

  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }
}
