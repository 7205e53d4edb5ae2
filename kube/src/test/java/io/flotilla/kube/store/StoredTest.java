package io.flotilla.kube.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredTest {
  private static ObjectNode deployment(int i, String image) {
    return (ObjectNode)
        Json.parse(
            """
            {"metadata":{"name":"web-%d","namespace":"apps","uid":"uid-%d",
             "labels":{"app.kubernetes.io/name":"web"},"generation":1,"resourceVersion":"%d"},
             "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"app","image":"%s"}]}}},
             "apiVersion":"apps/v1","kind":"Deployment"}
            """
                .formatted(i, i, i, image)
                .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anObjectReadBackIsEqualAndByteForByteTheSameJson() {
    ObjectNode obj = deployment(1, "nginx:1.27 \u00e9\u4e2d");
    Stored s = Stored.of(obj, new Stored.Dictionary().sample(obj));
    assertThat(s.tree()).isEqualTo(obj);
    assertThat(s.json()).isEqualTo(Json.bytes(obj));
    assertThat(s.uid).isEqualTo("uid-1");
    assertThat(s.pending()).isFalse();
  }

  @Test
  void metadataAloneIsTheObjectsMetadataWhereverItStandsAndHoweverLong() {
    String big = "x".repeat(40_000);
    String manyLabels =
        java.util.stream.IntStream.range(0, 300)
            .mapToObj(i -> "\"label-%d\":\"value-%d\"".formatted(i, i))
            .collect(java.util.stream.Collectors.joining(","));
    for (String json :
        List.of(
            // a Helm release Secret: metadata first, a large data field after it
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\","
                + "\"labels\":{\"owner\":\"helm\",\"name\":\"r\"},\"managedFields\":[{\"a\":[1,{}]}]},"
                + "\"data\":{\"release\":\""
                + big
                + "\"}}",
            // metadata last, after nested objects and arrays
            "{\"spec\":{\"a\":[{\"metadata\":{\"name\":\"inner\"}}]},\"metadata\":{\"name\":\"m\"}}",
            // metadata spanning many inflate chunks
            "{\"metadata\":{\"name\":\"l\",\"labels\":{" + manyLabels + "}},\"data\":{}}",
            // no metadata at all
            "{\"kind\":\"Status\"}")) {
      ObjectNode obj = (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
      Stored s = Stored.of(obj, new Stored.Dictionary());
      assertThat(s.metadata().path("metadata")).isEqualTo(obj.path("metadata"));
      if (obj.has("metadata")) {
        assertThat(s.metadata().fieldNames()).toIterable().containsExactly("metadata");
      }
    }
  }

  @Test
  void theLabelFilterKeepsEveryMatchAndSkipsAlmostAllOthers() {
    Stored.Dictionary dict = new Stored.Dictionary();
    long required = Selectors.requiredLabels("owner=helm,name==app-7,status in (deployed)");
    int kept = 0;
    for (int i = 0; i < 1000; i++) {
      ObjectNode secret =
          (ObjectNode)
              Json.parse(
                  ("{\"metadata\":{\"name\":\"sh.helm.release.v1.app-%d.v1\",\"labels\":"
                          + "{\"owner\":\"helm\",\"name\":\"app-%d\",\"status\":\"deployed\","
                          + "\"version\":\"1\"}}}")
                      .formatted(i, i)
                      .getBytes(StandardCharsets.UTF_8));
      Stored s = Stored.of(secret, dict);
      if (s.mayHaveLabels(required)) {
        kept++;
        assertThat(i == 7 || kept <= 5).as("few false positives").isTrue();
      } else {
        assertThat(i).as("a match is never skipped").isNotEqualTo(7);
      }
    }
    assertThat(kept).isBetween(1, 5);
    // requirements that absence can satisfy require nothing
    assertThat(Selectors.requiredLabels("a!=b,!c,d notin (e),f,g in (h,i)")).isZero();
  }

  @Test
  void objectsOfOneKindShareTheDictionarySoTheyStaySmall() {
    Stored.Dictionary dict = new Stored.Dictionary().sample(deployment(0, "nginx:1"));
    List<Stored> all = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      all.add(Stored.of(deployment(i, "nginx:" + i), dict));
    }
    for (int i = 1; i <= 100; i++) {
      assertThat(all.get(i - 1).tree()).isEqualTo(deployment(i, "nginx:" + i));
      assertThat(all.get(i - 1).packedSize())
          .isLessThan(Json.bytes(deployment(i, "nginx:" + i)).length / 3);
    }
  }

  @Test
  void ownerReferencesFinalizersAndDeletionMarkAnObjectForTheCollector() {
    for (String field :
        List.of(
            "\"ownerReferences\":[{\"uid\":\"o\"}]",
            "\"finalizers\":[\"x\"]",
            "\"deletionTimestamp\":\"2025-01-01T00:00:00Z\"")) {
      ObjectNode o =
          (ObjectNode)
              Json.parse(
                  ("{\"metadata\":{\"name\":\"a\"," + field + "}}")
                      .getBytes(StandardCharsets.UTF_8));
      assertThat(Stored.of(o, new Stored.Dictionary()).pending()).as(field).isTrue();
    }
  }

  @Test
  void wholeNumbersCompareEqualWhetherBuiltInCodeOrReadBack() {
    ObjectNode built = Json.object();
    built.put("generation", 2L);
    assertThat(Json.parse("{\"generation\":2}".getBytes(StandardCharsets.UTF_8))).isEqualTo(built);
  }

  private static ObjectNode object(String name, String uid, String extraMetadata, long rv) {
    return (ObjectNode)
        Json.parse(
            ("{\"metadata\":{\"name\":\"%s\",\"namespace\":\"ns\",\"uid\":\"%s\","
                    + "\"resourceVersion\":\"%d\"%s}}")
                .formatted(name, uid, rv, extraMetadata)
                .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theCollectorSkipsDependentsWhoseOwnersExistAndAreNotBeingDeleted() {
    String owner = "6c6f9d3e-1b2a-4c1d-9a3e-000000000001";
    String ref = ",\"ownerReferences\":[{\"uid\":\"" + owner + "\"}]";
    Store store = new Store();
    store.put("apps/replicasets", object("web", owner, "", 1));
    store.put("/pods", object("web-1", "6c6f9d3e-1b2a-4c1d-9a3e-000000000002", ref, 2));
    store.put(
        "/pods",
        object(
            "odd",
            "6c6f9d3e-1b2a-4c1d-9a3e-000000000003",
            ",\"ownerReferences\":[{\"uid\":\"not-a-uuid\"}]",
            3));
    assertThat(store.pending()).containsOnlyKeys("/pods");
    assertThat(store.pending().get("/pods"))
        .extracting(o -> Json.text(o, "metadata", "name"))
        .containsExactly("odd");

    store.put(
        "apps/replicasets",
        object("web", owner, ",\"deletionTimestamp\":\"2025-01-01T00:00:00Z\"", 4));
    assertThat(store.pending().get("/pods"))
        .extracting(o -> Json.text(o, "metadata", "name"))
        .containsExactly("odd", "web-1");

    store.remove("apps/replicasets", object("web", owner, "", 5));
    assertThat(store.pending().get("/pods"))
        .extracting(o -> Json.text(o, "metadata", "name"))
        .containsExactly("odd", "web-1");
  }
}
