package io.flotilla.api.flux.helm;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** {@code helm.toolkit.fluxcd.io/v2 HelmRelease}: a Helm release the helm-controller keeps. */
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
@Group(HelmRelease.GROUP)
@Version("v2")
@Plural("helmreleases")
@ShortNames("hr")
public class HelmRelease extends CustomResource<HelmReleaseSpec, HelmReleaseStatus>
    implements Namespaced {
  public static final String GROUP = "helm.toolkit.fluxcd.io";
  public static final String API_VERSION = GROUP + "/v2";
  public static final String KIND = "HelmRelease";

  /** Owner labels the helm-controller puts on what a release installs. */
  public static final String NAME_LABEL = GROUP + "/name";

  public static final String NAMESPACE_LABEL = GROUP + "/namespace";
  public static final String FIELD_MANAGER = "helm-controller";
}
