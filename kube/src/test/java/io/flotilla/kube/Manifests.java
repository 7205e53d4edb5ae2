package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** Manifests applied with the real kubectl, as a user sets up a cluster before trying a command. */
final class Manifests {
  private Manifests() {}

  /**
   * {@code kubectl apply --server-side} of {@code yaml} (written under {@code dir}); must succeed.
   */
  static void apply(KubectlRunner kubectl, Path dir, String yaml) throws Exception {
    Path manifest = Files.createTempFile(dir, "manifest", ".yaml");
    Files.writeString(manifest, yaml);
    KubectlRunner.Result r = kubectl.run("apply", "--server-side", "-f", manifest.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }
}
