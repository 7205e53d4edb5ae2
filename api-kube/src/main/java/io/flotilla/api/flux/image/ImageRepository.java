package io.flotilla.api.flux.image;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code image.toolkit.fluxcd.io/v1 ImageRepository}: a container image repository whose tags the
 * image-reflector-controller scans on an interval.
 */
@AdditionalPrinterColumn(name = "Image", jsonPath = ".spec.image")
@AdditionalPrinterColumn(name = "Tags", jsonPath = ".status.lastScanResult.tagCount")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Last scan",
    jsonPath = ".status.lastScanResult.scanTime",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@Group(ImageRepository.GROUP)
@Version("v1")
@Plural("imagerepositories")
@ShortNames({"imgrepo", "imagerepo"})
public class ImageRepository extends CustomResource<ImageRepositorySpec, ImageRepositoryStatus>
    implements Namespaced {
  public static final String GROUP = "image.toolkit.fluxcd.io";
  public static final String API_VERSION = GROUP + "/v1";
  public static final String KIND = "ImageRepository";
}
