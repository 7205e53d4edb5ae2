package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import java.util.List;

/** {@code GitRepository.status}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GitRepositoryStatus(
    Long observedGeneration,
    List<Condition> conditions,
    Artifact artifact,
    String lastHandledReconcileAt,
    String observedIgnore,
    Boolean observedRecurseSubmodules,
    List<Artifact> includedArtifacts,
    List<GitRepositoryInclude> observedInclude,
    List<String> observedSparseCheckout,
    String sourceVerificationMode)
    implements SourceStatus {}
