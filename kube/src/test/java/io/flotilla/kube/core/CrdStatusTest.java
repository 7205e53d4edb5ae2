package io.flotilla.kube.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CrdStatusTest {
  private static ObjectNode crd(String storageVersion, String status) {
    return (ObjectNode)
        Json.parse(
            """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
             "metadata":{"name":"widgets.example.com"},
             "spec":{"group":"example.com","names":{"kind":"Widget","plural":"widgets"},
                     "versions":[{"name":"v1","storage":%s},{"name":"v2","storage":%s}]}%s}
            """
                .formatted(
                    storageVersion.equals("v1"),
                    storageVersion.equals("v2"),
                    status == null ? "" : ",\"status\":" + status)
                .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aNewCrdHasItsNamesAcceptedIsEstablishedAndStoresItsStorageVersion() {
    ObjectNode want = CrdStatus.established(crd("v1", null));

    assertThat(Json.text(want, "status", "acceptedNames", "singular")).isEqualTo("widget");
    assertThat(Json.text(want, "status", "acceptedNames", "listKind")).isEqualTo("WidgetList");
    assertThat(want.at("/status/conditions/0/type").asText()).isEqualTo("NamesAccepted");
    assertThat(want.at("/status/conditions/1/type").asText()).isEqualTo("Established");
    assertThat(want.at("/status/conditions/1/status").asText()).isEqualTo("True");
    assertThat(Json.strings(want.at("/status/storedVersions"))).containsExactly("v1");
  }

  @Test
  void aStorageVersionChangeKeepsTheOldStoredVersionAndTheTimeEstablishedBecameTrue() {
    String before =
        """
        {"conditions":[{"type":"Established","status":"True",
                        "lastTransitionTime":"2020-01-01T00:00:00Z"}],
         "storedVersions":["v1"]}
        """;
    ObjectNode want = CrdStatus.established(crd("v2", before));

    assertThat(Json.strings(want.at("/status/storedVersions"))).containsExactly("v2", "v1");
    assertThat(want.at("/status/conditions/1/lastTransitionTime").asText())
        .isEqualTo("2020-01-01T00:00:00Z");
  }

  @Test
  void aCrdWhoseStatusAlreadySaysSoNeedsNoWrite() {
    ObjectNode once = CrdStatus.established(crd("v1", null));

    assertThat(CrdStatus.established(once)).isNull();
  }
}
