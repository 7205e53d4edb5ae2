package io.flotilla.api.flux.source;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import io.flotilla.api.flux.FluxResource;

/** {@code source.toolkit.fluxcd.io/v1 Bucket}: an S3-compatible, Azure Blob or GCS bucket. */
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".spec.endpoint")
@Group(GitRepository.GROUP)
@Version("v1")
@Plural("buckets")
public class Bucket extends FluxResource<BucketSpec, BucketStatus> {
  public static final String API_VERSION = GitRepository.GROUP + "/v1";
  public static final String KIND = "Bucket";
}
