package io.flotilla.api.flux.source;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.flotilla.api.flux.FluxResource;

/**
 * {@code source.toolkit.fluxcd.io/v1 HelmChart}: a chart pulled from a HelmRepository or packaged
 * from a path in a GitRepository or Bucket artifact; its artifact is the chart {@code .tgz}.
 */
@AdditionalPrinterColumn(name = "Chart", jsonPath = ".spec.chart")
@AdditionalPrinterColumn(name = "Version", jsonPath = ".spec.version")
@AdditionalPrinterColumn(name = "Source Kind", jsonPath = ".spec.sourceRef.kind")
@AdditionalPrinterColumn(name = "Source Name", jsonPath = ".spec.sourceRef.name")
@Group(GitRepository.GROUP)
@Version("v1")
@Plural("helmcharts")
@ShortNames("hc")
public class HelmChart extends FluxResource<HelmChartSpec, HelmChartStatus> {
  public static final String API_VERSION = GitRepository.GROUP + "/v1";
  public static final String KIND = "HelmChart";
}
