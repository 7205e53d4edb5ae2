package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.meta.LocalObjectReference;

/**
 * {@code GitRepository.spec.include[]}: copy {@code fromPath} of another GitRepository's artifact
 * (the whole artifact by default) to {@code toPath} of this one (the other's name by default).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GitRepositoryInclude(
    LocalObjectReference repository, String fromPath, String toPath) {

  /** The source path, {@code .} when unset. */
  public String effectiveFromPath() {
    return fromPath == null || fromPath.isEmpty() ? "." : fromPath;
  }

  /** The destination path, the included repository's name when unset. */
  public String effectiveToPath() {
    return toPath == null || toPath.isEmpty()
        ? (repository == null ? "" : repository.name())
        : toPath;
  }
}
