package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import java.util.List;

/** {@code HelmRepository.status}; {@code url} is where the stored index is served. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record HelmRepositoryStatus(
    Long observedGeneration,
    List<Condition> conditions,
    String url,
    Artifact artifact,
    String lastHandledReconcileAt)
    implements SourceStatus {}
