package io.flotilla.api.flux;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * A namespaced Flux kind that prints {@code Age}, {@code Ready} and {@code Status} after its own
 * columns, as Flux's GitRepository, Bucket, HelmRepository, HelmChart, Kustomization, HelmRelease
 * and Receiver do. The CRD generator and {@code CrdColumnOrder} read these columns from here, after
 * the subclass's own.
 */
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING)
public abstract class FluxResource<S, T> extends CustomResource<S, T> implements Namespaced {}
