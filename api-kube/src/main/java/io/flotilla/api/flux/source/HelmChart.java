package io.flotilla.api.flux.source;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code source.toolkit.fluxcd.io/v1 HelmChart}: a chart pulled from a HelmRepository or packaged
 * from a path in a GitRepository or Bucket artifact; its artifact is the chart {@code .tgz}.
 */
@AdditionalPrinterColumn(
    name = "Chart",
    jsonPath = ".spec.chart",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Version",
    jsonPath = ".spec.version",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Source Kind",
    jsonPath = ".spec.sourceRef.kind",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Source Name",
    jsonPath = ".spec.sourceRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
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
@Group(GitRepository.GROUP)
@Version("v1")
@Plural("helmcharts")
@ShortNames("hc")
public class HelmChart extends CustomResource<HelmChartSpec, HelmChartStatus>
    implements Namespaced {
  public static final String API_VERSION = GitRepository.GROUP + "/v1";
  public static final String KIND = "HelmChart";
}
