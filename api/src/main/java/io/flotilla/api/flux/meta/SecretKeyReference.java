package io.flotilla.api.flux.meta;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A key of a Secret in the referring object's namespace; an empty key means the kind's default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretKeyReference(String name, String key) {}
