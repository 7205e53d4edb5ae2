package io.flotilla.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flotilla.api.flux.FluxResource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generated CRDs list their printer columns in Flux's order, which kubectl prints. */
class CrdColumnOrderTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "gitrepositories.source.toolkit.fluxcd.io | URL,Age,Ready,Status",
        "buckets.source.toolkit.fluxcd.io | Endpoint,Age,Ready,Status",
        "helmrepositories.source.toolkit.fluxcd.io | URL,Age,Ready,Status",
        "ocirepositories.source.toolkit.fluxcd.io | URL,Ready,Status,Age",
        "helmcharts.source.toolkit.fluxcd.io | Chart,Version,Source Kind,Source Name,Age,Ready,Status",
        "kustomizations.kustomize.toolkit.fluxcd.io | Age,Ready,Status",
        "helmreleases.helm.toolkit.fluxcd.io | Age,Ready,Status",
        "receivers.notification.toolkit.fluxcd.io | Age,Ready,Status",
        "imagerepositories.image.toolkit.fluxcd.io | Image,Tags,Ready,Status,Last scan,Age",
        "imagepolicies.image.toolkit.fluxcd.io | Image,Tag,Ready,Status,Age",
        "imageupdateautomations.image.toolkit.fluxcd.io | Ready,Status,Last run,Age",
        "gitopsclusters.gitops.weave.works | Age,Ready,Status,ClusterConnectivity",
      })
  void printerColumnsComeInTheDeclaredOrder(String crd, String columns) throws IOException {
    JsonNode doc;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/fabric8/" + crd + "-v1.yml")) {
      doc = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
    for (JsonNode version : doc.path("spec").path("versions")) {
      List<String> names = new ArrayList<>();
      version.path("additionalPrinterColumns").forEach(c -> names.add(c.path("name").asText()));
      assertThat(names).as(version.path("name").asText()).containsExactly(columns.split(","));
    }
  }

  @PrinterColumnOrder({"Ready", "Status", "Stray"})
  private abstract static class Misordered extends FluxResource<Void, Void> {}

  @Test
  void anOrderNamingAColumnTheKindLacksFailsTheBuild() {
    assertThatThrownBy(() -> CrdColumnOrder.declared(Misordered.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "@PrinterColumnOrder of Misordered names column Stray, which it neither declares nor"
                + " inherits");
  }

  @PrinterColumnOrder({"Ready", "Status"})
  private abstract static class Incomplete extends FluxResource<Void, Void> {}

  @Test
  void anOrderLeavingAColumnOutFailsTheBuild() {
    assertThatThrownBy(() -> CrdColumnOrder.declared(Incomplete.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must list each of its 3 columns once: [Age, Ready, Status]");
  }
}
