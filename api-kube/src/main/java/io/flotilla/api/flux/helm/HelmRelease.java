package io.flotilla.api.flux.helm;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.flotilla.api.flux.FluxResource;

/** {@code helm.toolkit.fluxcd.io/v2 HelmRelease}: a Helm release the helm-controller keeps. */
@Group(HelmRelease.GROUP)
@Version("v2")
@Plural("helmreleases")
@ShortNames("hr")
public class HelmRelease extends FluxResource<HelmReleaseSpec, HelmReleaseStatus> {
  public static final String GROUP = "helm.toolkit.fluxcd.io";
  public static final String API_VERSION = GROUP + "/v2";
  public static final String KIND = "HelmRelease";

  /** Owner labels the helm-controller puts on what a release installs. */
  public static final String NAME_LABEL = GROUP + "/name";

  public static final String NAMESPACE_LABEL = GROUP + "/namespace";
  public static final String FIELD_MANAGER = "helm-controller";
}
