package io.flotilla.controllers.helmrelease;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.api.flux.helm.HelmRelease;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Release name, target and storage namespace as helm-controller derives them. */
class ReleaseNamesTest {
  private static HelmRelease hr(String name, String spec) {
    return Serialization.unmarshal(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata: {name: %s, namespace: flux-system}
        spec: {interval: 5m, %s}
        """
            .formatted(name, spec),
        HelmRelease.class);
  }

  @ParameterizedTest(name = "{1} -> {2} in {3}, stored in {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "podinfo | chartRef: {kind: HelmChart, name: c} | podinfo | flux-system | flux-system",
        "podinfo | targetNamespace: apps | apps-podinfo | apps | flux-system",
        "podinfo | releaseName: web, targetNamespace: apps | web | apps | flux-system",
        "podinfo | storageNamespace: helm | podinfo | flux-system | helm",
      })
  void namesDefaultAsInFlux(
      String name, String spec, String release, String target, String storage) {
    ReleaseNames n = ReleaseNames.of(hr(name, spec));

    assertThat(n).isEqualTo(new ReleaseNames(release, target, storage));
  }

  @Test
  void aDefaultNameLongerThan53CharactersKeeps40AndAHash() throws Exception {
    String name = "a-release-whose-name-is-long-enough-on-its-own";
    String full = "some-long-target-namespace-" + name;
    ReleaseNames n = ReleaseNames.of(hr(name, "targetNamespace: some-long-target-namespace"));

    String hash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8)));
    assertThat(n.release())
        .hasSize(53)
        .isEqualTo(full.substring(0, 40) + "-" + hash.substring(0, 12));
  }

  @Test
  void theGeneratedHelmChartIsNamespaceDashName() {
    assertThat(ReleaseNames.helmChartName(hr("podinfo", "suspend: false")))
        .isEqualTo("flux-system-podinfo");
  }
}
