package io.flotilla.api.flux.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.FluxStatus;
import io.flotilla.api.flux.meta.Condition;
import java.util.List;
import java.util.Map;

/** {@code ImageUpdateAutomation.status}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageUpdateAutomationStatus(
    String lastAutomationRunTime,
    String lastPushCommit,
    String lastPushTime,
    Long observedGeneration,
    List<Condition> conditions,
    Map<String, ImageRef> observedPolicies,
    String observedSourceRevision,
    String lastHandledReconcileAt)
    implements FluxStatus {}
