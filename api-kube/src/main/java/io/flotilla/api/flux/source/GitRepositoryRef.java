package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code spec.ref}; precedence branch &lt; tag &lt; semver &lt; name &lt; commit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GitRepositoryRef(
    String branch, String tag, String semver, String name, String commit) {

  /** {@code spec.ref.branch} alone. */
  public static GitRepositoryRef branch(String branch) {
    return new GitRepositoryRef(branch, null, null, null, null);
  }
}
