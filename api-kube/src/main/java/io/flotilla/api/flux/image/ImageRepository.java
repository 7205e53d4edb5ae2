package io.flotilla.api.flux.image;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.flotilla.api.PrinterColumnOrder;
import io.flotilla.api.flux.FluxResource;

/**
 * {@code image.toolkit.fluxcd.io/v1 ImageRepository}: a container image repository whose tags the
 * image-reflector-controller scans on an interval.
 */
@AdditionalPrinterColumn(name = "Image", jsonPath = ".spec.image")
@AdditionalPrinterColumn(name = "Tags", jsonPath = ".status.lastScanResult.tagCount")
@AdditionalPrinterColumn(
    name = "Last scan",
    jsonPath = ".status.lastScanResult.scanTime",
    priority = 1)
@PrinterColumnOrder({"Image", "Tags", "Ready", "Status", "Last scan", "Age"})
@Group(ImageRepository.GROUP)
@Version("v1")
@Plural("imagerepositories")
@ShortNames({"imgrepo", "imagerepo"})
public class ImageRepository extends FluxResource<ImageRepositorySpec, ImageRepositoryStatus> {
  public static final String GROUP = "image.toolkit.fluxcd.io";
  public static final String API_VERSION = GROUP + "/v1";
  public static final String KIND = "ImageRepository";
}
