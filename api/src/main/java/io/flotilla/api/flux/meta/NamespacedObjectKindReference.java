package io.flotilla.api.flux.meta;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A reference to a typed object, in the referrer's namespace unless {@code namespace} is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NamespacedObjectKindReference(
    String apiVersion, String kind, String name, String namespace) {}
