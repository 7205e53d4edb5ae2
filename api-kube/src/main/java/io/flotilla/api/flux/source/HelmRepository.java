package io.flotilla.api.flux.source;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.flotilla.api.flux.FluxResource;

/**
 * {@code source.toolkit.fluxcd.io/v1 HelmRepository}: a Helm chart repository index ({@code type:
 * default}) or, data only, an OCI registry prefix ({@code type: oci}).
 */
@AdditionalPrinterColumn(name = "URL", jsonPath = ".spec.url")
@Group(GitRepository.GROUP)
@Version("v1")
@Plural("helmrepositories")
@ShortNames("helmrepo")
public class HelmRepository extends FluxResource<HelmRepositorySpec, HelmRepositoryStatus> {
  public static final String API_VERSION = GitRepository.GROUP + "/v1";
  public static final String KIND = "HelmRepository";
}
