package io.flotilla.kube.printers;

import static io.flotilla.kube.printers.PrinterText.age;
import static io.flotilla.kube.printers.PrinterText.containers;
import static io.flotilla.kube.printers.PrinterText.formatSelector;
import static io.flotilla.kube.printers.PrinterText.name;
import static io.flotilla.kube.printers.PrinterText.num;
import static io.flotilla.kube.printers.TableColumn.AGE;
import static io.flotilla.kube.printers.TableColumn.CONTAINERS;
import static io.flotilla.kube.printers.TableColumn.IMAGES;
import static io.flotilla.kube.printers.TableColumn.NAME;
import static io.flotilla.kube.printers.TableColumn.integer;
import static io.flotilla.kube.printers.TableColumn.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.flotilla.kube.base.HumanDuration;
import io.flotilla.kube.base.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Tables of the apps and batch workloads, with kube-apiserver 1.32's columns. */
final class WorkloadPrinters {
  private WorkloadPrinters() {}

  private static final String SELECTOR_DOC =
      "Label query over pods that should match the replica count.";

  static void register(Map<String, Printer> out) {
    out.put(
        "apps/deployments",
        new Printer(
            List.of(
                NAME,
                string("Ready", "Number of the pod with ready state"),
                string(
                    "Up-to-date",
                    "Total number of non-terminated pods targeted by this deployment that have"
                        + " the desired template spec."),
                string(
                    "Available",
                    "Total number of available pods (ready for at least minReadySeconds) targeted"
                        + " by this deployment."),
                AGE,
                CONTAINERS,
                IMAGES,
                string("Selector", SELECTOR_DOC).wide()),
            WorkloadPrinters::deployment));
    out.put(
        "apps/replicasets",
        new Printer(
            List.of(
                NAME,
                integer("Desired", "Replicas is the number of desired replicas."),
                integer("Current", "Replicas is the most recently observed number of replicas."),
                integer("Ready", "The number of ready replicas for this replica set."),
                AGE,
                CONTAINERS,
                IMAGES,
                string("Selector", SELECTOR_DOC).wide()),
            WorkloadPrinters::replicaSet));
    out.put(
        "apps/statefulsets",
        new Printer(
            List.of(
                NAME,
                string("Ready", "Number of the pod with ready state"),
                AGE,
                CONTAINERS,
                IMAGES),
            WorkloadPrinters::statefulSet));
    out.put(
        "apps/daemonsets",
        new Printer(
            List.of(
                NAME,
                integer(
                    "Desired",
                    "The total number of nodes that should be running the daemon pod (including"
                        + " nodes correctly running the daemon pod)."),
                integer(
                    "Current",
                    "The number of nodes that are running at least 1 daemon pod and are supposed"
                        + " to run the daemon pod."),
                integer(
                    "Ready",
                    "The number of nodes that should be running the daemon pod and have one or"
                        + " more of the daemon pod running and ready."),
                integer(
                    "Up-to-date", "The total number of nodes that are running updated daemon pod"),
                integer(
                    "Available",
                    "The number of nodes that should be running the daemon pod and have one or"
                        + " more of the daemon pod running and available (ready for at least"
                        + " spec.minReadySeconds)"),
                string(
                    "Node Selector",
                    "NodeSelector is a selector which must be true for the pod to fit on a node."),
                AGE,
                CONTAINERS,
                IMAGES,
                string("Selector", "A label query over pods that are managed by the daemon set.")
                    .wide()),
            WorkloadPrinters::daemonSet));
    out.put(
        "apps/controllerrevisions",
        Printer.named(
            List.of(
                string("Controller", "Controller of the object"),
                string(
                    "Revision",
                    "Revision indicates the revision of the state represented by Data.")),
            WorkloadPrinters::controllerRevision));
    out.put(
        "batch/jobs",
        new Printer(
            List.of(
                NAME,
                string("Status", "Status of the job."),
                string("Completions", "The number of pods which reached phase Succeeded."),
                string("Duration", "Time required to complete the job."),
                AGE,
                CONTAINERS,
                IMAGES,
                string("Selector", "A label query over pods that should match the pod count.")
                    .wide()),
            WorkloadPrinters::job));
    out.put(
        "batch/cronjobs",
        new Printer(
            List.of(
                NAME,
                string(
                    "Schedule",
                    "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
                string(
                    "Timezone",
                    "The time zone name for the given schedule, see"
                        + " https://en.wikipedia.org/wiki/List_of_tz_database_time_zones."),
                TableColumn.bool(
                    "Suspend",
                    "This flag tells the controller to suspend subsequent executions, it does not"
                        + " apply to already started executions."),
                integer("Active", "A list of pointers to currently running jobs."),
                string(
                    "Last Schedule",
                    "Information when was the last time the job was successfully scheduled."),
                AGE,
                CONTAINERS,
                IMAGES,
                string("Selector", "A label query over pods that should match the pod count.")
                    .wide()),
            WorkloadPrinters::cronJob));
  }

  private static void deployment(JsonNode d, Instant now, ArrayNode out) {
    out.add(name(d));
    out.add(num(d, "status", "readyReplicas") + "/" + num(d, "spec", "replicas"));
    out.add(num(d, "status", "updatedReplicas"));
    out.add(num(d, "status", "availableReplicas"));
    out.add(age(d, now));
    containers(template(d), out);
    out.add(PrinterText.selector(Json.at(d, "spec", "selector")));
  }

  private static void replicaSet(JsonNode r, Instant now, ArrayNode out) {
    out.add(name(r));
    out.add(num(r, "spec", "replicas"));
    out.add(num(r, "status", "replicas"));
    out.add(num(r, "status", "readyReplicas"));
    out.add(age(r, now));
    containers(template(r), out);
    out.add(formatSelector(Json.at(r, "spec", "selector")));
  }

  private static void statefulSet(JsonNode s, Instant now, ArrayNode out) {
    out.add(name(s));
    out.add(num(s, "status", "readyReplicas") + "/" + num(s, "spec", "replicas"));
    out.add(age(s, now));
    containers(template(s), out);
  }

  private static void daemonSet(JsonNode d, Instant now, ArrayNode out) {
    out.add(name(d));
    out.add(num(d, "status", "desiredNumberScheduled"));
    out.add(num(d, "status", "currentNumberScheduled"));
    out.add(num(d, "status", "numberReady"));
    out.add(num(d, "status", "updatedNumberScheduled"));
    out.add(num(d, "status", "numberAvailable"));
    out.add(PrinterText.labels(template(d).get("nodeSelector")));
    out.add(age(d, now));
    containers(template(d), out);
    out.add(formatSelector(Json.at(d, "spec", "selector")));
  }

  private static void controllerRevision(JsonNode r, ArrayNode out) {
    String controller = PrinterText.NONE;
    for (JsonNode ref : r.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        String apiVersion = ref.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        String kind = ref.path("kind").asText();
        String groupKind = slash < 0 ? kind : kind + "." + apiVersion.substring(0, slash);
        controller = groupKind.toLowerCase(java.util.Locale.ROOT) + "/" + ref.path("name").asText();
        break;
      }
    }
    out.add(controller);
    out.add(num(r, "revision"));
  }

  private static void job(JsonNode j, Instant now, ArrayNode out) {
    long succeeded = num(j, "status", "succeeded");
    String completions;
    JsonNode wanted = Json.at(j, "spec", "completions");
    if (wanted != null) {
      completions = succeeded + "/" + wanted.asLong();
    } else {
      long parallelism = num(j, "spec", "parallelism");
      completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }
    Instant start = HumanDuration.parseOrNull(Json.text(j, "status", "startTime"));
    Instant end = HumanDuration.parseOrNull(Json.text(j, "status", "completionTime"));
    String duration = start == null ? "" : HumanDuration.between(start, end == null ? now : end);
    JsonNode conditions = Json.at(j, "status", "conditions");
    String status;
    if (hasCondition(conditions, "Complete")) {
      status = "Complete";
    } else if (hasCondition(conditions, "Failed")) {
      status = "Failed";
    } else if (Json.at(j, "metadata", "deletionTimestamp") != null) {
      status = "Terminating";
    } else if (hasCondition(conditions, "Suspended")) {
      status = "Suspended";
    } else if (hasCondition(conditions, "FailureTarget")) {
      status = "FailureTarget";
    } else {
      status = "Running";
    }
    out.add(name(j));
    out.add(status);
    out.add(completions);
    out.add(duration);
    out.add(age(j, now));
    containers(template(j), out);
    out.add(formatSelector(Json.at(j, "spec", "selector")));
  }

  private static void cronJob(JsonNode c, Instant now, ArrayNode out) {
    JsonNode suspend = Json.at(c, "spec", "suspend");
    String last = Json.text(c, "status", "lastScheduleTime");
    JsonNode jobSpec = c.path("spec").path("jobTemplate").path("spec");
    out.add(name(c));
    out.add(PrinterText.str(c, "spec", "schedule"));
    out.add(PrinterText.orNone(Json.text(c, "spec", "timeZone")));
    out.add(suspend == null ? "<unset>" : suspend.asBoolean() ? "True" : "False");
    out.add(c.path("status").path("active").size());
    out.add(last == null ? PrinterText.NONE : HumanDuration.since(last, now));
    out.add(age(c, now));
    containers(jobSpec.path("template").path("spec"), out);
    out.add(formatSelector(Json.at(jobSpec, "selector")));
  }

  /** True when the first condition of that type is True, as the Job printer reads them. */
  static boolean hasCondition(JsonNode conditions, String type) {
    if (conditions != null) {
      for (JsonNode c : conditions) {
        if (type.equals(c.path("type").asText())) {
          return "True".equals(c.path("status").asText());
        }
      }
    }
    return false;
  }

  private static JsonNode template(JsonNode workload) {
    return workload.path("spec").path("template").path("spec");
  }
}
