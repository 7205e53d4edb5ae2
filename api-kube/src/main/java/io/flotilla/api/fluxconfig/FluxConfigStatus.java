package io.flotilla.api.fluxconfig;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.arm.ObjectStatusDefinition;
import io.flotilla.api.flux.meta.Condition;
import java.util.List;

/** What the FluxConfig controller observed, in the API's terms, ready for the agent to report. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FluxConfigStatus(
    Long observedGeneration,
    Long appliedVersion,
    List<Condition> conditions,
    String provisioningState,
    String complianceState,
    List<ObjectStatusDefinition> statuses,
    String sourceSyncedCommitId,
    String sourceUpdatedAt,
    String statusUpdatedAt,
    String repositoryPublicKey,
    String errorMessage) {}
