package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Git ref; precedence commit &gt; semver &gt; tag &gt; branch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepositoryRefDefinition(String branch, String tag, String semver, String commit) {}
