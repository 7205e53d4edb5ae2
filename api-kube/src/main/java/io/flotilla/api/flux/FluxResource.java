package io.flotilla.api.flux;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * A namespaced kind with Ready conditions, printing {@code Age}, {@code Ready} and {@code Status}:
 * Flux's kinds with a status, and Weave's GitopsCluster. The CRD generator and {@code
 * CrdColumnOrder} read these columns from here, after the kind's own unless its {@code
 * PrinterColumnOrder} puts them elsewhere (Flux's image kinds print {@code Age} last).
 */
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message")
public abstract class FluxResource<S, T> extends CustomResource<S, T> implements Namespaced {}
