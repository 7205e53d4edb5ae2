package io.flotilla.api.flux.kustomize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.FluxStatus;
import io.flotilla.api.flux.meta.Condition;
import java.util.List;

/** {@code Kustomization.status} (v1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record KustomizationStatus(
    Long observedGeneration,
    List<Condition> conditions,
    String lastAppliedRevision,
    String lastAttemptedRevision,
    String lastHandledReconcileAt,
    ResourceInventory inventory)
    implements FluxStatus {}
