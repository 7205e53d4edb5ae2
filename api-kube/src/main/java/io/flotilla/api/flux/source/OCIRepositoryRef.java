package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code OCIRepository.spec.ref}; precedence tag &lt; semver &lt; digest, default tag latest. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OCIRepositoryRef(String digest, String semver, String semverFilter, String tag) {}
