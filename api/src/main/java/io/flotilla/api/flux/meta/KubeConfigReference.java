package io.flotilla.api.flux.meta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code spec.kubeConfig}: where the kubeconfig of a remote cluster is. {@code secretRef} names a
 * Secret whose key ({@code value}, else {@code value.yaml}, unless {@code key} is set) holds it;
 * {@code configMapRef} is Flux's cloud-provider variant.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record KubeConfigReference(
    SecretKeyReference secretRef, LocalObjectReference configMapRef) {}
