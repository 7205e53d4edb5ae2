package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import java.util.List;

/** {@code OCIRepository.status}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OCIRepositoryStatus(
    Long observedGeneration,
    List<Condition> conditions,
    String url,
    Artifact artifact,
    String observedIgnore,
    OCILayerSelector observedLayerSelector,
    String lastHandledReconcileAt)
    implements SourceStatus {}
