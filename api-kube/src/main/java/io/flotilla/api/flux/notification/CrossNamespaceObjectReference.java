package io.flotilla.api.flux.notification;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/**
 * An Alert's event source or a Receiver's resource: {@code name} may be {@code *} (with optional
 * {@code matchLabels}); {@code namespace} defaults to the referring object's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CrossNamespaceObjectReference(
    String apiVersion,
    @Required FluxKind kind,
    @Required @Size(min = 1, max = 253) String name,
    @Size(min = 1, max = 253) String namespace,
    Map<String, String> matchLabels) {}
