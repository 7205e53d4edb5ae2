package io.flotilla.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.agent.ObservedObjects;
import io.flotilla.api.flux.meta.GoDuration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The desired configuration (the ARM resource) set field by field beside the live Flux objects the
 * agent reported: the source named like the configuration and one Kustomization {@code
 * <config>-<name>} per entry, as the FluxConfig controller makes them. A field differs while a
 * change has not reached the cluster, or when something in the cluster changed an object.
 */
final class DesiredVsLive {
  static final long DEFAULT_INTERVAL_SECONDS = 600;

  /** One compared field; {@code live} null when the object or field is absent in the cluster. */
  record Row(String object, String field, String desired, String live, boolean same) {}

  private DesiredVsLive() {}

  static List<Row> compare(String config, JsonNode p, List<ObservedObjects.Live> live) {
    Map<String, JsonNode> byKey = new LinkedHashMap<>();
    live.forEach(l -> byKey.put(l.kind() + "/" + l.name(), l.spec()));
    List<Row> rows = new ArrayList<>();
    String kind = sourceKind(p.path("sourceKind").asText("GitRepository"));
    JsonNode source = p.path(sourceProperty(p.path("sourceKind").asText("GitRepository")));
    String sourceKey = kind + "/" + config;
    JsonNode spec = byKey.remove(sourceKey);
    switch (kind) {
      case "GitRepository" -> {
        text(rows, sourceKey, "url", source.path("url"), spec, "url");
        for (String ref : List.of("branch", "tag", "semver", "commit")) {
          JsonNode want = source.path("repositoryRef").path(ref);
          if (!want.isMissingNode() && !want.isNull()) {
            text(rows, sourceKey, "ref." + ref, want, spec, "ref", ref);
          }
        }
      }
      case "OCIRepository" -> text(rows, sourceKey, "url", source.path("url"), spec, "url");
      default -> {
        String bucket = source.has("containerName") ? "containerName" : "bucketName";
        text(rows, sourceKey, "bucketName", source.path(bucket), spec, "bucketName");
      }
    }
    interval(rows, sourceKey, source.path("syncIntervalInSeconds"), spec);
    flag(rows, sourceKey, "suspend", p.path("suspend"), spec, "suspend");
    p.path("kustomizations")
        .fields()
        .forEachRemaining(
            e -> {
              String key = "Kustomization/" + config + "-" + e.getKey();
              JsonNode k = e.getValue();
              JsonNode ks = byKey.remove(key);
              text(rows, key, "path", k.path("path"), ks, "path");
              flag(rows, key, "prune", k.path("prune"), ks, "prune");
              interval(rows, key, k.path("syncIntervalInSeconds"), ks);
              List<String> want = new ArrayList<>();
              k.path("dependsOn").forEach(d -> want.add(config + "-" + d.asText()));
              List<String> have = new ArrayList<>();
              if (ks != null) {
                ks.path("dependsOn").forEach(d -> have.add(d.path("name").asText()));
              }
              rows.add(
                  new Row(
                      key,
                      "dependsOn",
                      String.join(", ", want),
                      ks == null ? null : String.join(", ", have),
                      ks != null && want.equals(have)));
              flag(rows, key, "suspend", p.path("suspend"), ks, "suspend");
            });
    // what the cluster runs for this configuration but the configuration no longer asks for
    byKey.keySet().forEach(k -> rows.add(new Row(k, "(object)", null, "present", false)));
    return rows;
  }

  private static void text(
      List<Row> rows, String object, String field, JsonNode want, JsonNode spec, String... path) {
    String desired = want.isMissingNode() || want.isNull() ? "" : want.asText();
    JsonNode got = spec;
    for (String p : path) {
      got = got == null ? null : got.path(p);
    }
    String live = spec == null ? null : got.isMissingNode() || got.isNull() ? "" : got.asText();
    // an empty path is the repository's root, as Flux reads it
    boolean same =
        live != null
            && (desired.equals(live) || ("path".equals(field) && root(desired) && root(live)));
    rows.add(new Row(object, field, desired, live, same));
  }

  private static boolean root(String path) {
    return path.isEmpty() || path.equals(".") || path.equals("./");
  }

  private static void flag(
      List<Row> rows, String object, String field, JsonNode want, JsonNode spec, String name) {
    boolean desired = want.asBoolean(false);
    Boolean live = spec == null ? null : spec.path(name).asBoolean(false);
    rows.add(
        new Row(
            object,
            field,
            String.valueOf(desired),
            live == null ? null : String.valueOf(live),
            Objects.equals(live, desired)));
  }

  private static void interval(List<Row> rows, String object, JsonNode seconds, JsonNode spec) {
    long want = seconds.isNumber() ? seconds.asLong() : DEFAULT_INTERVAL_SECONDS;
    String live = spec == null ? null : spec.path("interval").asText("");
    boolean same;
    try {
      same = live != null && GoDuration.parse(live).toSeconds() == want;
    } catch (IllegalArgumentException e) {
      same = false;
    }
    rows.add(new Row(object, "interval", want + "s", live, same));
  }

  static String sourceKind(String armKind) {
    return switch (armKind) {
      case "Bucket", "AzureBlob" -> "Bucket";
      case "OCIRepository" -> "OCIRepository";
      default -> "GitRepository";
    };
  }

  private static String sourceProperty(String armKind) {
    return switch (armKind) {
      case "Bucket" -> "bucket";
      case "AzureBlob" -> "azureBlob";
      case "OCIRepository" -> "ociRepository";
      default -> "gitRepository";
    };
  }
}
