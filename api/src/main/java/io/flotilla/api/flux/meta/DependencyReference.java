package io.flotilla.api.flux.meta;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An entry of {@code dependsOn}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DependencyReference(String name, String namespace, String readyExpr) {}
