package io.flotilla.controllers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code gotk_resource_info}: one series per Flux object, value 1, labelled with its state, as
 * Flux's monitoring setup (kube-state-metrics with the custom-resource config of
 * fluxcd/flux2-monitoring-example) names it since Flux 2.1 deprecated {@code
 * gotk_reconcile_condition} — so its "Flux Cluster Stats" dashboard and alerts work without a
 * kube-state-metrics beside Flotilla. Labels: {@code customresource_group}, {@code
 * customresource_kind}, {@code customresource_version}, {@code exported_namespace}, {@code name},
 * {@code ready} (the Ready condition's status), {@code suspended}, and per kind those the example
 * config reads ({@code revision}, {@code url}, {@code source_name}, …); a field the object does not
 * have gives no label, as kube-state-metrics does.
 *
 * <p>Built at scrape time from what the controllers already hold in their informer caches, so a
 * scrape costs no API call and a deleted object is gone from the next scrape. One collector per
 * registry; each {@code Controllers} on it adds its objects.
 */
public final class ResourceInfo {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<PrometheusRegistry, Sources> REGISTERED = new WeakHashMap<>();

  // the labels of fluxcd/flux2-monitoring-example's kube-state-metrics config, beyond the common
  // ones: label → path in the object (a number is an array index)
  private static final Map<String, Map<String, List<String>>> KIND_LABELS =
      Map.of(
          "Kustomization",
              ordered(
                  "revision", "status.lastAppliedRevision", "source_name", "spec.sourceRef.name"),
          "HelmRelease",
              ordered(
                  "revision", "status.history.0.chartVersion",
                  "chart_name", "spec.chart.spec.chart",
                  "chart_source_name", "spec.chart.spec.sourceRef.name"),
          "GitRepository", ordered("revision", "status.artifact.revision", "url", "spec.url"),
          "OCIRepository", ordered("revision", "status.artifact.revision", "url", "spec.url"),
          "HelmRepository", ordered("revision", "status.artifact.revision", "url", "spec.url"),
          "Bucket",
              ordered(
                  "revision", "status.artifact.revision",
                  "endpoint", "spec.endpoint",
                  "bucket_name", "spec.bucketName"),
          "HelmChart",
              ordered(
                  "revision", "status.artifact.revision",
                  "chart_name", "spec.chart",
                  "chart_version", "spec.version"));

  private ResourceInfo() {}

  /** Takes a registration's objects out of the metric. */
  public interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Adds {@code objects} to the registry's {@code gotk_resource_info} (nothing when the registry is
   * not Prometheus'); closing the handle takes them out again.
   */
  public static Handle register(
      MeterRegistry meters, Supplier<Stream<? extends HasMetadata>> objects) {
    if (!(meters instanceof PrometheusMeterRegistry prometheus)) {
      return () -> {};
    }
    PrometheusRegistry registry = prometheus.getPrometheusRegistry();
    Sources sources;
    synchronized (REGISTERED) {
      sources = REGISTERED.get(registry);
      if (sources == null) {
        sources = new Sources();
        registry.register(sources);
        REGISTERED.put(registry, sources);
      }
    }
    Sources added = sources;
    added.list.add(objects);
    return () -> added.list.remove(objects);
  }

  /** The labels of one object's series, in the order above. */
  static Map<String, String> labels(HasMetadata object) {
    JsonNode o = JSON.valueToTree(object);
    Map<String, String> labels = new LinkedHashMap<>();
    String apiVersion = object.getApiVersion() == null ? "" : object.getApiVersion();
    int slash = apiVersion.indexOf('/');
    labels.put("customresource_group", slash < 0 ? "" : apiVersion.substring(0, slash));
    labels.put("customresource_kind", object.getKind());
    labels.put("customresource_version", apiVersion.substring(slash + 1));
    labels.put("exported_namespace", object.getMetadata().getNamespace());
    labels.put("name", object.getMetadata().getName());
    for (JsonNode c : o.path("status").path("conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        labels.put("ready", c.path("status").asText());
      }
    }
    JsonNode suspend = o.path("spec").path("suspend");
    if (suspend.isValueNode() && !suspend.isNull()) {
      labels.put("suspended", suspend.asText());
    }
    KIND_LABELS
        .getOrDefault(object.getKind(), Map.of())
        .forEach(
            (label, path) -> {
              JsonNode v = o;
              for (String step : path) {
                v =
                    step.chars().allMatch(Character::isDigit)
                        ? v.path(Integer.parseInt(step))
                        : v.path(step);
              }
              if (v.isValueNode() && !v.isNull() && !v.asText().isEmpty()) {
                labels.put(label, v.asText());
              }
            });
    labels.values().removeIf(v -> v == null || v.isEmpty());
    return labels;
  }

  private static Map<String, List<String>> ordered(String... labelThenPath) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < labelThenPath.length; i += 2) {
      out.put(labelThenPath[i], List.of(labelThenPath[i + 1].split("\\.")));
    }
    return out;
  }

  private static final class Sources implements Collector {
    final List<Supplier<Stream<? extends HasMetadata>>> list = new CopyOnWriteArrayList<>();

    @Override
    public String getPrometheusName() {
      return "gotk_resource_info";
    }

    @Override
    public MetricSnapshot collect() {
      GaugeSnapshot.Builder gauge =
          GaugeSnapshot.builder()
              .name("gotk_resource_info")
              .help("The current state of a Flux resource.");
      List<Map<String, String>> rows = new ArrayList<>();
      for (Supplier<Stream<? extends HasMetadata>> source : list) {
        try (Stream<? extends HasMetadata> objects = source.get()) {
          objects.map(ResourceInfo::labels).forEach(rows::add);
        }
      }
      Set<Map<String, String>> seen = new HashSet<>();
      for (Map<String, String> row : rows) {
        if (seen.add(row)) { // two shards in one process may cache the same object
          gauge.dataPoint(
              GaugeDataPointSnapshot.builder()
                  .value(1)
                  .labels(
                      Labels.of(
                          row.keySet().toArray(String[]::new), row.values().toArray(String[]::new)))
                  .build());
        }
      }
      return gauge.build();
    }
  }
}
