package io.flotilla.kube.printers;

import static io.flotilla.kube.printers.PrinterText.age;
import static io.flotilla.kube.printers.PrinterText.name;
import static io.flotilla.kube.printers.PrinterText.str;
import static io.flotilla.kube.printers.TableColumn.AGE;
import static io.flotilla.kube.printers.TableColumn.NAME;
import static io.flotilla.kube.printers.TableColumn.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.flotilla.kube.base.HumanDuration;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.Quantities;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Tables of core kinds: Namespace, ConfigMap, Secret, ServiceAccount, Node, ResourceQuota. */
final class CorePrinters {
  private CorePrinters() {}

  static void register(Map<String, Printer> out) {
    out.put(
        "/namespaces",
        Printer.named(
            List.of(string("Status", "The status of the namespace")),
            (o, c) -> c.add(str(o, "status", "phase"))));
    out.put(
        "/configmaps",
        Printer.named(
            List.of(string("Data", "Data contains the configuration data.")),
            (o, c) -> c.add(o.path("data").size() + o.path("binaryData").size())));
    out.put(
        "/secrets",
        Printer.named(
            List.of(
                string("Type", "Used to facilitate programmatic handling of secret data."),
                string("Data", "Data contains the secret data.")),
            (o, c) -> c.add(str(o, "type")).add(o.path("data").size())));
    out.put(
        "/serviceaccounts",
        Printer.named(
            List.of(
                string(
                    "Secrets",
                    "Secrets is a list of the secrets in the same namespace that pods running"
                        + " using this ServiceAccount are allowed to use.")),
            (o, c) -> c.add(o.path("secrets").size())));
    out.put(
        "/nodes",
        new Printer(
            List.of(
                NAME,
                string("Status", "The status of the node"),
                string("Roles", "The roles of the node"),
                AGE,
                string("Version", "Kubelet Version reported by the node."),
                string("Internal-IP", "List of addresses reachable to the node.").wide(),
                string("External-IP", "List of addresses reachable to the node.").wide(),
                string(
                        "OS-Image",
                        "OS Image reported by the node from /etc/os-release (e.g. Debian"
                            + " GNU/Linux 7 (wheezy)).")
                    .wide(),
                string(
                        "Kernel-Version",
                        "Kernel Version reported by the node from 'uname -r' (e.g."
                            + " 3.16.0-0.bpo.4-amd64).")
                    .wide(),
                string(
                        "Container-Runtime",
                        "ContainerRuntime Version reported by the node through runtime remote API"
                            + " (e.g. containerd://1.4.2).")
                    .wide()),
            CorePrinters::node));
    out.put(
        "/resourcequotas",
        Printer.named(
            List.of(
                string(
                    "Request",
                    "Request represents a minimum amount of cpu/memory that a container may"
                        + " consume."),
                string(
                    "Limit",
                    "Limits control the maximum amount of cpu/memory that a container may use"
                        + " independent of contention on the node.")),
            CorePrinters::resourceQuota));
  }

  private static void node(JsonNode n, Instant now, ArrayNode out) {
    List<String> status = new ArrayList<>();
    for (JsonNode c : n.path("status").path("conditions")) {
      if (str(c, "type").equals("Ready")) {
        // the last Ready condition wins, as in the map the printer builds
        status.clear();
        status.add(str(c, "status").equals("True") ? "Ready" : "NotReady");
      }
    }
    if (status.isEmpty()) {
      status.add("Unknown");
    }
    if (n.path("spec").path("unschedulable").asBoolean(false)) {
      status.add("SchedulingDisabled");
    }
    TreeSet<String> roles = new TreeSet<>();
    n.path("metadata")
        .path("labels")
        .properties()
        .forEach(
            e -> {
              String k = e.getKey();
              if (k.startsWith("node-role.kubernetes.io/")) {
                String role = k.substring("node-role.kubernetes.io/".length());
                if (!role.isEmpty()) {
                  roles.add(role);
                }
              } else if (k.equals("kubernetes.io/role") && !e.getValue().asText().isEmpty()) {
                roles.add(e.getValue().asText());
              }
            });
    JsonNode info = n.path("status").path("nodeInfo");
    out.add(name(n));
    out.add(String.join(",", status));
    out.add(PrinterText.orNone(String.join(",", roles)));
    out.add(age(n, now));
    out.add(str(info, "kubeletVersion"));
    out.add(address(n, "InternalIP"));
    out.add(address(n, "ExternalIP"));
    for (String f : List.of("osImage", "kernelVersion", "containerRuntimeVersion")) {
      String v = str(info, f);
      out.add(v.isEmpty() ? HumanDuration.UNKNOWN : v);
    }
  }

  private static String address(JsonNode node, String type) {
    for (JsonNode a : node.path("status").path("addresses")) {
      if (str(a, "type").equals(type)) {
        return str(a, "address");
      }
    }
    return PrinterText.NONE;
  }

  private static void resourceQuota(JsonNode q, ArrayNode out) {
    JsonNode hard = q.path("status").path("hard");
    TreeSet<String> resources = new TreeSet<>();
    hard.fieldNames().forEachRemaining(resources::add);
    List<String> requests = new ArrayList<>();
    List<String> limits = new ArrayList<>();
    for (String r : resources) {
      String used = Quantities.canonical(q.path("status").path("used").path(r).asText("0"));
      String piece = r + ": " + used + "/" + Quantities.canonical(hard.path(r).asText());
      (r.startsWith("limits.") ? limits : requests).add(piece);
    }
    out.add(String.join(", ", requests));
    out.add(String.join(", ", limits));
  }

  /** The Event table, for core/v1 and (fields renamed) events.k8s.io/v1 alike. */
  static final Printer EVENTS =
      new Printer(
          List.of(
              string(
                  "Last Seen",
                  "The time at which the most recent occurrence of this event was recorded."),
              string(
                  "Type",
                  "Type of this event (Normal, Warning), new types could be added in the future"),
              string(
                  "Reason",
                  "This should be a short, machine understandable string that gives the reason"
                      + " for the transition into the object's current status."),
              string("Object", "The object that this event is about."),
              string(
                      "Subobject",
                      "If referring to a piece of an object instead of an entire object, this"
                          + " string should contain a valid JSON/Go field access statement, such"
                          + " as desiredState.manifest.containers[2].")
                  .wide(),
              string(
                      "Source",
                      "The component reporting this event. Should be a short machine"
                          + " understandable string.")
                  .wide(),
              string("Message", "A human-readable description of the status of this operation."),
              string(
                      "First Seen",
                      "The time at which the event was first recorded. (Time of server receipt is"
                          + " in TypeMeta.)")
                  .wide(),
              string("Count", "The number of times this event has occurred.").wide(),
              new TableColumn("Name", "string", "name", TableColumn.NAME_DOC, 1)),
          CorePrinters::event);

  /** Where each Event field is in core/v1 and in events.k8s.io/v1 (which renames them). */
  private static final List<String> CORE_EVENT =
      List.of(
          "firstTimestamp",
          "lastTimestamp",
          "count",
          "involvedObject",
          "source",
          "reportingComponent",
          "message");

  private static final List<String> EVENTS_API_EVENT =
      List.of(
          "deprecatedFirstTimestamp",
          "deprecatedLastTimestamp",
          "deprecatedCount",
          "regarding",
          "deprecatedSource",
          "reportingController",
          "note");

  /** The fields of a core/v1 Event, read from either API version. */
  private record EventFields(
      String firstTimestamp,
      String lastTimestamp,
      long count,
      JsonNode involved,
      JsonNode source,
      String reportingController,
      String message) {
    static EventFields of(JsonNode e) {
      List<String> f =
          e.path("apiVersion").asText().startsWith("events.k8s.io/")
              ? EVENTS_API_EVENT
              : CORE_EVENT;
      return new EventFields(
          Json.text(e, f.get(0)),
          Json.text(e, f.get(1)),
          PrinterText.num(e, f.get(2)),
          e.path(f.get(3)),
          e.path(f.get(4)),
          str(e, f.get(5)),
          str(e, f.get(6)));
    }
  }

  private static void event(JsonNode e, Instant now, ArrayNode out) {
    EventFields f = EventFields.of(e);
    String first =
        HumanDuration.parseOrNull(f.firstTimestamp()) != null
            ? HumanDuration.since(f.firstTimestamp(), now)
            : HumanDuration.since(Json.text(e, "eventTime"), now);
    String last =
        HumanDuration.parseOrNull(f.lastTimestamp()) != null
            ? HumanDuration.since(f.lastTimestamp(), now)
            : first;
    long count = f.count();
    JsonNode series = Json.at(e, "series");
    if (series != null) {
      last = HumanDuration.since(Json.text(series, "lastObservedTime"), now);
      count = PrinterText.num(series, "count");
    } else if (count == 0) {
      count = 1; // singleton events of the new API carry no count
    }
    String kind = str(f.involved(), "kind").toLowerCase(Locale.ROOT);
    String involvedName = str(f.involved(), "name");
    String component = firstNonEmpty(str(f.source(), "component"), f.reportingController());
    String host = firstNonEmpty(str(f.source(), "host"), str(e, "reportingInstance"));
    out.add(last);
    out.add(str(e, "type"));
    out.add(str(e, "reason"));
    out.add(involvedName.isEmpty() ? kind : kind + "/" + involvedName);
    out.add(str(f.involved(), "fieldPath"));
    out.add(host.isEmpty() ? component : component + ", " + host);
    out.add(f.message().strip());
    out.add(first);
    out.add(count);
    out.add(name(e));
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }
}
