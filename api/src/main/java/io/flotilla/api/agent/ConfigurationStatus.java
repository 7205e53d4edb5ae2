package io.flotilla.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.arm.ObjectStatusDefinition;
import java.util.List;

/**
 * The status of one configuration in the cluster. {@code appliedVersion} is the {@link
 * DesiredConfiguration#version()} the cluster has written; {@code deleted} confirms a removal.
 * {@code observed} carries the objects' recent events and live specs for the dashboard.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigurationStatus(
    String name,
    long appliedVersion,
    boolean deleted,
    String provisioningState,
    String complianceState,
    List<ObjectStatusDefinition> statuses,
    String sourceSyncedCommitId,
    String sourceUpdatedAt,
    String statusUpdatedAt,
    String repositoryPublicKey,
    String errorMessage,
    ObservedObjects observed) {}
