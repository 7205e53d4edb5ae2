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
    LocalObjectReference proxySecretRef) {

  /** Flux's default when {@code timeout} is unset. */
  public static final String DEFAULT_TIMEOUT = "60s";

  /** The spec without verification, includes, sparse checkout or proxy. */
  public GitRepositorySpec(
      String url,
      LocalObjectReference secretRef,
      String provider,
      String interval,
      String timeout,
      GitRepositoryRef ref,
      String ignore,
      Boolean suspend,
      Boolean recurseSubmodules) {
    this(
        url,
        secretRef,
        provider,
        interval,
        timeout,
        ref,
        ignore,
        suspend,
        recurseSubmodules,
        null,
        null,
        null,
        null);
  }
}
