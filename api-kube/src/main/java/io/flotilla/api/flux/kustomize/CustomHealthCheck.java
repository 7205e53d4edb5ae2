package io.flotilla.api.flux.kustomize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An entry of {@code spec.healthCheckExprs}: CEL expressions that compute the health of every
 * applied object of one kind, evaluated in the order inProgress, failed, current ({@code current}
 * is required).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CustomHealthCheck(
    String apiVersion, String kind, String current, String inProgress, String failed) {}
