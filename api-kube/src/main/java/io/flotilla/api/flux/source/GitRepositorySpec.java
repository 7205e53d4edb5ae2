package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.meta.LocalObjectReference;
import java.util.List;

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
    return new GitRepositorySpec(
        url,
        secretRef,
        provider,
        interval,
        timeout,
        ref,
        ignore,
        suspend,
        recurseSubmodules,
        verify,
        include,
        sparseCheckout,
        proxySecretRef);
  }

  public GitRepositorySpec withProvider(String provider) {
    return new GitRepositorySpec(
        url,
        secretRef,
        provider,
        interval,
        timeout,
        ref,
        ignore,
        suspend,
        recurseSubmodules,
        verify,
        include,
        sparseCheckout,
        proxySecretRef);
  }

  public GitRepositorySpec withTimeout(String timeout) {
    return new GitRepositorySpec(
        url,
        secretRef,
        provider,
        interval,
        timeout,
        ref,
        ignore,
        suspend,
        recurseSubmodules,
        verify,
        include,
        sparseCheckout,
        proxySecretRef);
  }

  /** {@code suspend}: true, or null (unset, as Flux writes a resumed object). */
  public GitRepositorySpec withSuspend(Boolean suspend) {
    return new GitRepositorySpec(
        url,
        secretRef,
        provider,
        interval,
        timeout,
        ref,
        ignore,
        suspend,
        recurseSubmodules,
        verify,
        include,
        sparseCheckout,
        proxySecretRef);
  }

  /** Verification, includes and sparse checkout together, as the feature tests set them. */
  public GitRepositorySpec withContent(
      GitRepositoryVerification verify,
      List<GitRepositoryInclude> include,
      List<String> sparseCheckout) {
    return new GitRepositorySpec(
        url,
        secretRef,
        provider,
        interval,
        timeout,
        ref,
        ignore,
        suspend,
        recurseSubmodules,
        verify,
        include,
        sparseCheckout,
        proxySecretRef);
  }
}
