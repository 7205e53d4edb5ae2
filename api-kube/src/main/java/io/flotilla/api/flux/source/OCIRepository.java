package io.flotilla.api.flux.source;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.flotilla.api.PrinterColumnOrder;
import io.flotilla.api.flux.FluxResource;

/** {@code source.toolkit.fluxcd.io/v1 OCIRepository}: an artifact in an OCI registry. */
@AdditionalPrinterColumn(name = "URL", jsonPath = ".spec.url")
@PrinterColumnOrder({"URL", "Ready", "Status", "Age"})
@Group(GitRepository.GROUP)
@Version("v1")
@Plural("ocirepositories")
@ShortNames("ocirepo")
public class OCIRepository extends FluxResource<OCIRepositorySpec, OCIRepositoryStatus> {
  public static final String API_VERSION = GitRepository.GROUP + "/v1";
  public static final String KIND = "OCIRepository";
}
