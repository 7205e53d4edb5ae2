package io.flotilla.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.util.TreeMap;

/**
 * What kube-apiserver 1.32 gives a batch/v1 Job: the decoding defaults ({@code SetDefaults_Job}:
 * completions and parallelism, backoffLimit, completionMode, suspend, podReplacementPolicy,
 * manualSelector, labels from the template) on every write, and on create the generated selector
 * ({@code generateSelector}): the four job-name and controller-uid labels on the template and a
 * selector on the new controller-uid label, unless {@code manualSelector} is true.
 */
final class JobDefaults {
  static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
  static final String JOB_NAME = "batch.kubernetes.io/job-name";
  static final String LEGACY_CONTROLLER_UID = "controller-uid";
  static final String LEGACY_JOB_NAME = "job-name";

  private JobDefaults() {}

  static void onCreate(ObjectNode job) {
    ObjectNode spec = Json.child(job, "spec");
    defaults(spec);
    if (!spec.path("manualSelector").asBoolean(false)) {
      generateSelector(job, spec);
    }
    labelsFromTemplate(job);
  }

  static void onUpdate(ObjectNode job) {
    defaults(Json.child(job, "spec"));
    labelsFromTemplate(job);
  }

  private static void defaults(ObjectNode spec) {
    if (isNull(spec, "completions") && isNull(spec, "parallelism")) {
      spec.put("completions", 1);
    }
    if (isNull(spec, "parallelism")) {
      spec.put("parallelism", 1);
    }
    if (isNull(spec, "backoffLimit")) {
      spec.put("backoffLimit", isNull(spec, "backoffLimitPerIndex") ? 6 : Integer.MAX_VALUE);
    }
    if (isNull(spec, "completionMode")) {
      spec.put("completionMode", "NonIndexed");
    }
    if (isNull(spec, "suspend")) {
      spec.put("suspend", false);
    }
    if (isNull(spec, "podReplacementPolicy")) {
      spec.put(
          "podReplacementPolicy",
          isNull(spec, "podFailurePolicy") ? "TerminatingOrFailed" : "Failed");
    }
    if (isNull(spec, "manualSelector")) {
      spec.put("manualSelector", false);
    }
  }

  private static void generateSelector(ObjectNode job, ObjectNode spec) {
    String name = Json.text(job, "metadata", "name");
    String uid = Json.text(job, "metadata", "uid");
    ObjectNode templateMeta = Json.child(Json.child(spec, "template"), "metadata");
    TreeMap<String, JsonNode> labels = sorted(templateMeta.path("labels"));
    labels.putIfAbsent(LEGACY_JOB_NAME, Json.F.textNode(name));
    labels.putIfAbsent(JOB_NAME, Json.F.textNode(name));
    labels.putIfAbsent(LEGACY_CONTROLLER_UID, Json.F.textNode(uid));
    labels.putIfAbsent(CONTROLLER_UID, Json.F.textNode(uid));
    templateMeta.set("labels", object(labels));
    ObjectNode selector = Json.child(spec, "selector");
    TreeMap<String, JsonNode> match = sorted(selector.path("matchLabels"));
    match.putIfAbsent(CONTROLLER_UID, Json.F.textNode(uid));
    selector.set("matchLabels", object(match));
  }

  /**
   * A Job without labels shows its template's: the defaulting that runs on every decode, so also on
   * every read, copies them (the generated ones included).
   */
  private static void labelsFromTemplate(ObjectNode job) {
    JsonNode own = job.path("metadata").get("labels");
    JsonNode template = Json.at(job, "spec", "template", "metadata", "labels");
    if ((own == null || own.isNull() || own.isEmpty()) && template instanceof ObjectNode t) {
      Json.meta(job).set("labels", t.deepCopy());
    }
  }

  private static boolean isNull(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull();
  }

  /** A label map as Go writes it: sorted by key. */
  private static TreeMap<String, JsonNode> sorted(JsonNode map) {
    TreeMap<String, JsonNode> out = new TreeMap<>();
    map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static ObjectNode object(TreeMap<String, JsonNode> map) {
    ObjectNode o = Json.object();
    map.forEach(o::set);
    return o;
  }
}
