package io.flotilla.api.gitops;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;
import io.flotilla.api.flux.meta.LocalObjectReference;

/** {@code GitopsCluster.spec}: exactly one way to reach the cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value = "(has(self.secretRef) || has(self.capiClusterRef))",
    message = "must provide a secretRef or capiClusterRef")
@ValidationRule(
    value = "!(has(self.secretRef) && has(self.capiClusterRef))",
    message = "cannot provide both capiClusterRef and secretRef")
public record GitopsClusterSpec(
    LocalObjectReference secretRef, LocalObjectReference capiClusterRef) {}
