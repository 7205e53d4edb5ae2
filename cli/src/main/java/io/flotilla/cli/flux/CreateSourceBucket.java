package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.flux.meta.GoDuration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flux create source bucket NAME --bucket-name … --endpoint …}: a Bucket. */
@Command(name = "bucket")
final class CreateSourceBucket extends NamedCreate {
  @Option(
      names = "--provider",
      defaultValue = "generic",
      description =
          "the S3 compatible storage provider name, available options are: (generic, aws, azure, gcp)")
  String provider;

  @Option(names = "--bucket-name", description = "the bucket name")
  String bucketName;

  @Option(names = "--endpoint", description = "the bucket endpoint address")
  String endpoint;

  @Option(names = "--access-key", description = "the bucket access key")
  String accessKey;

  @Option(names = "--secret-key", description = "the bucket secret key")
  String secretKey;

  @Option(names = "--region", description = "the bucket region")
  String region;

  @Option(
      names = "--insecure",
      description = "for when connecting to a non-TLS S3 HTTP endpoint",
      arity = "0..1")
  boolean insecure;

  @Option(
      names = "--secret-ref",
      description = "the name of an existing secret containing credentials")
  String secretRef;

  @Override
  void run(Creation c) {
    if (!List.of("generic", "aws", "azure", "gcp").contains(provider)) {
      throw new FluxException(
          "invalid argument \""
              + provider
              + "\" for \"--provider\" flag: source bucket provider '"
              + provider
              + "' is not supported, must be one of: generic, aws, azure, gcp");
    }
    Specs.require(bucketName, "bucket-name is required");
    Specs.require(endpoint, "endpoint is required");
    ObjectNode bucket = c.object(FluxKind.BUCKET);
    ObjectNode spec = bucket.putObject("spec");
    spec.put("provider", provider);
    spec.put("bucketName", bucketName);
    spec.put("endpoint", endpoint);
    spec.put("interval", GoDuration.format(c.create.interval));
    if (insecure) {
      spec.put("insecure", true);
    }
    Specs.putIf(spec, "region", region);
    Specs.putNameRef(spec, "secretRef", secretRef);
    if (c.create.export) {
      c.export(FluxKind.BUCKET, bucket);
      return;
    }
    c.log().generate("generating Bucket source");
    Map<String, String> keys = new TreeMap<>();
    if (!Specs.empty(accessKey)) {
      keys.put("accesskey", accessKey);
    }
    if (!Specs.empty(secretKey)) {
      keys.put("secretkey", secretKey);
    }
    Credentials credentials = new Credentials(keys);
    c.applySource(
        FluxKind.BUCKET,
        "Bucket source",
        bucket,
        kube -> {
          if (Specs.empty(secretRef) && credentials.any()) {
            credentials.apply(kube, c, "bucket-" + name);
            spec.putObject("secretRef").put("name", "bucket-" + name);
          }
        });
  }
}
