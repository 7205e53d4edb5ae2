package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.RecordBuilder;
import io.flotilla.api.flux.meta.LocalObjectReference;
import java.util.List;
import java.util.function.Consumer;

/** {@code GitRepository.spec}; durations are Go duration strings ({@code 1m}, {@code 60s}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GitRepositorySpec(
    String url,
    LocalObjectReference secretRef,
    String provider,
    String interval,
    String timeout,
    GitRepositoryRef ref,
    String ignore,
    Boolean suspend,
    Boolean recurseSubmodules,
    GitRepositoryVerification verify,
    List<GitRepositoryInclude> include,
    List<String> sparseCheckout,
    LocalObjectReference proxySecretRef)
    implements SourceSpec {

  /** Flux's default when {@code timeout} is unset. */
  public static final String DEFAULT_TIMEOUT = "60s";

  /** A spec with only the URL, the interval and the ref set; the {@code with…} methods add more. */
  public static GitRepositorySpec of(String url, String interval, GitRepositoryRef ref) {
    return new GitRepositorySpec(
        url, null, null, interval, null, ref, null, null, null, null, null, null, null);
  }

  public GitRepositorySpec withSecretRef(LocalObjectReference secretRef) {
    return with(b -> b.secretRef = secretRef);
  }

  public GitRepositorySpec withProvider(String provider) {
    return with(b -> b.provider = provider);
  }

  public GitRepositorySpec withTimeout(String timeout) {
    return with(b -> b.timeout = timeout);
  }

  /** {@code suspend}: true, or null (unset, as Flux writes a resumed object). */
  public GitRepositorySpec withSuspend(Boolean suspend) {
    return with(b -> b.suspend = suspend);
  }

  /** Verification, includes and sparse checkout together, as the feature tests set them. */
  public GitRepositorySpec withContent(
      GitRepositoryVerification verify,
      List<GitRepositoryInclude> include,
      List<String> sparseCheckout) {
    return with(
        b -> {
          b.verify = verify;
          b.include = include;
          b.sparseCheckout = sparseCheckout;
        });
  }

  /** This spec with the fields {@code edit} sets on a {@link Builder} that starts as a copy. */
  public GitRepositorySpec with(Consumer<Builder> edit) {
    return RecordBuilder.edit(new Builder(this), edit);
  }

  /**
   * The fields of a spec to change, the one place that copies them all (the shape of JEP 468's
   * derived record creation, {@code spec with { timeout = "2m"; }}).
   */
  public static final class Builder extends RecordBuilder<GitRepositorySpec> {
    public String url;
    public LocalObjectReference secretRef;
    public String provider;
    public String interval;
    public String timeout;
    public GitRepositoryRef ref;
    public String ignore;
    public Boolean suspend;
    public Boolean recurseSubmodules;
    public GitRepositoryVerification verify;
    public List<GitRepositoryInclude> include;
    public List<String> sparseCheckout;
    public LocalObjectReference proxySecretRef;

    private Builder(GitRepositorySpec s) {
      super(s);
    }
  }
}
