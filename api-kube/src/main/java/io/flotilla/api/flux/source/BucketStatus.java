package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import java.util.List;

/** {@code Bucket.status}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BucketStatus(
    Long observedGeneration,
    List<Condition> conditions,
    String url,
    Artifact artifact,
    String observedIgnore,
    String lastHandledReconcileAt)
    implements SourceStatus {}
