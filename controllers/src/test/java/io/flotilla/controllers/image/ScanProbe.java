package io.flotilla.controllers.image;

import io.flotilla.api.flux.image.ImageRepositorySpec;
import io.flotilla.source.oci.OciClient;
import java.time.Duration;
import java.util.List;

/**
 * What one ImageRepository scan holds in memory, run in a JVM of its own with a bounded heap by
 * {@link ImageScanIT}: list every tag, apply the exclusion list, store them, sample the latest ten
 * and digest them, then select with a semver policy. Prints the tag count and the heap in use.
 */
public final class ScanProbe {
  public static void main(String[] args) throws Exception {
    ImageReference ref = ImageReference.parse(args[0]);
    OciClient client =
        new OciClient(
            ref.oci(), new OciClient.Options(true, null, null, null, Duration.ofMinutes(2)));
    TagStore store = new TagStore();
    List<String> tags =
        TagScan.of(ImageRepositorySpec.DEFAULT_EXCLUSION_LIST).filter(client.tags());
    store.put(ref.canonical(), tags);
    TagScan.latest(tags);
    TagScan.revision(tags);
    String best =
        TagPolicy.of(
                new io.flotilla.api.flux.image.ImagePolicySpec.Choice(
                    new io.flotilla.api.flux.image.ImagePolicySpec.SemVer(">=1.0.0"), null, null))
            .latest(store.get(ref.canonical()).orElseThrow())
            .orElseThrow();
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.println(
        "tags="
            + tags.size()
            + " latest="
            + best
            + " heapUsed="
            + (rt.totalMemory() - rt.freeMemory()));
  }
}
