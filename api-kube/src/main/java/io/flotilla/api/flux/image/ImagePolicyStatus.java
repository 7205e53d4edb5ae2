package io.flotilla.api.flux.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.FluxStatus;
import io.flotilla.api.flux.meta.Condition;
import java.util.List;

/** {@code ImagePolicy.status}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImagePolicyStatus(
    ImageRef latestRef,
    ImageRef observedPreviousRef,
    Long observedGeneration,
    List<Condition> conditions,
    String lastHandledReconcileAt)
    implements FluxStatus {}
