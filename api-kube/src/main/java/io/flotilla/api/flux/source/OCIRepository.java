package io.flotilla.api.flux.source;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** {@code source.toolkit.fluxcd.io/v1 OCIRepository}: an artifact in an OCI registry. */
@AdditionalPrinterColumn(
    name = "URL",
    jsonPath = ".spec.url",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@Group(GitRepository.GROUP)
@Version("v1")
@Plural("ocirepositories")
@ShortNames("ocirepo")
public class OCIRepository extends CustomResource<OCIRepositorySpec, OCIRepositoryStatus>
    implements Namespaced {
  public static final String API_VERSION = GitRepository.GROUP + "/v1";
  public static final String KIND = "OCIRepository";
}
