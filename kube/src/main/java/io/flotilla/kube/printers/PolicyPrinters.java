package io.flotilla.kube.printers;

import static io.flotilla.kube.printers.PrinterText.age;
import static io.flotilla.kube.printers.PrinterText.name;
import static io.flotilla.kube.printers.PrinterText.num;
import static io.flotilla.kube.printers.PrinterText.str;
import static io.flotilla.kube.printers.TableColumn.AGE;
import static io.flotilla.kube.printers.TableColumn.NAME;
import static io.flotilla.kube.printers.TableColumn.integer;
import static io.flotilla.kube.printers.TableColumn.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.Quantities;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tables of RBAC bindings, Leases, PriorityClasses, PodDisruptionBudgets and
 * HorizontalPodAutoscalers. Roles and ClusterRoles have no printer in kube-apiserver: they get the
 * default NAME / CREATED AT table.
 */
final class PolicyPrinters {
  private PolicyPrinters() {}

  static void register(Map<String, Printer> out) {
    out.put("rbac.authorization.k8s.io/rolebindings", binding("roleBinding"));
    out.put("rbac.authorization.k8s.io/clusterrolebindings", binding("clusterRoleBinding"));
    out.put(
        "coordination.k8s.io/leases",
        Printer.named(
            List.of(
                string(
                    "Holder",
                    "holderIdentity contains the identity of the holder of a current lease.")),
            (o, c) -> c.add(str(o, "spec", "holderIdentity"))));
    out.put(
        "scheduling.k8s.io/priorityclasses",
        new Printer(
            List.of(
                NAME,
                integer("Value", "value represents the integer value of this priority class."),
                TableColumn.bool(
                    "Global-Default",
                    "globalDefault specifies whether this PriorityClass should be considered as"
                        + " the default priority for pods that do not have any priority class."),
                AGE,
                // no priority: the printer fills it only for wide output, which servers always use
                string(
                    "PreemptionPolicy",
                    "preemptionPolicy is the Policy for preempting pods with lower priority.")),
            (o, now, c) ->
                c.add(name(o))
                    .add(num(o, "value"))
                    .add(o.path("globalDefault").asBoolean(false))
                    .add(age(o, now))
                    .add(str(o, "preemptionPolicy"))));
    out.put(
        "policy/poddisruptionbudgets",
        Printer.named(
            List.of(
                string("Min Available", "The minimum number of pods that must be available."),
                string("Max Unavailable", "The maximum number of pods that may be unavailable."),
                integer(
                    "Allowed Disruptions",
                    "Calculated number of pods that may be disrupted at this time.")),
            (o, c) ->
                c.add(intOrString(Json.at(o, "spec", "minAvailable")))
                    .add(intOrString(Json.at(o, "spec", "maxUnavailable")))
                    .add(num(o, "status", "disruptionsAllowed"))));
    out.put(
        "autoscaling/horizontalpodautoscalers",
        Printer.named(
            List.of(
                string(
                    "Reference",
                    "reference to scaled resource; horizontal pod autoscaler will learn the"
                        + " current resource consumption and will set the desired number of pods"
                        + " by using its Scale subresource."),
                string(
                    "Targets",
                    "metrics contains the specifications for which to use to calculate the"
                        + " desired replica count."),
                string(
                    "MinPods",
                    "minReplicas is the lower limit for the number of replicas to which the"
                        + " autoscaler can scale down."),
                string(
                    "MaxPods",
                    "maxReplicas is the upper limit for the number of replicas to which the"
                        + " autoscaler can scale up."),
                string(
                    "Replicas",
                    "currentReplicas is current number of replicas of pods managed by this"
                        + " autoscaler, as last seen by the autoscaler.")),
            PolicyPrinters::autoscaler));
  }

  private static Printer binding(String what) {
    return new Printer(
        List.of(
            NAME,
            string("Role", "RoleRef can only reference a ClusterRole in the global namespace."),
            AGE,
            string("Users", "Users in the " + what).wide(),
            string("Groups", "Groups in the " + what).wide(),
            string("ServiceAccounts", "ServiceAccounts in the " + what).wide()),
        PolicyPrinters::bindingCells);
  }

  private static void bindingCells(JsonNode b, Instant now, ArrayNode out) {
    List<String> users = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    List<String> serviceAccounts = new ArrayList<>();
    for (JsonNode s : b.path("subjects")) {
      switch (str(s, "kind")) {
        case "ServiceAccount" -> serviceAccounts.add(str(s, "namespace") + "/" + str(s, "name"));
        case "User" -> users.add(str(s, "name"));
        case "Group" -> groups.add(str(s, "name"));
        default -> {}
      }
    }
    out.add(name(b));
    out.add(PrinterText.kindSlashName(b.path("roleRef")));
    out.add(age(b, now));
    out.add(String.join(", ", users));
    out.add(String.join(", ", groups));
    out.add(String.join(", ", serviceAccounts));
  }

  private static String intOrString(JsonNode v) {
    return v == null ? "N/A" : v.asText();
  }

  private static void autoscaler(JsonNode hpa, ArrayNode out) {
    JsonNode min = Json.at(hpa, "spec", "minReplicas");
    out.add(PrinterText.kindSlashName(hpa.path("spec").path("scaleTargetRef")));
    out.add(metrics(hpa.path("spec").path("metrics"), hpa.path("status").path("currentMetrics")));
    out.add(min == null ? "<unset>" : Long.toString(min.asLong()));
    out.add(num(hpa, "spec", "maxReplicas"));
    out.add(num(hpa, "status", "currentReplicas"));
  }

  /** The first two metrics as {@code current/target}, then {@code + N more...}. */
  static String metrics(JsonNode specs, JsonNode statuses) {
    if (specs.isEmpty()) {
      return PrinterText.NONE;
    }
    List<String> list = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      JsonNode spec = specs.get(i);
      String type = str(spec, "type");
      JsonNode status = statuses.path(i);
      list.add(
          switch (type) {
            case "External" -> valueMetric(spec.path("external"), status.path("external"));
            case "Object" -> valueMetric(spec.path("object"), status.path("object"));
            case "Pods" ->
                current(status.path("pods"), "averageValue")
                    + "/"
                    + quantity(spec.path("pods").path("target"), "averageValue");
            case "Resource" -> resourceMetric(spec.path("resource"), status.path("resource"));
            case "ContainerResource" ->
                resourceMetric(spec.path("containerResource"), status.path("containerResource"));
            default -> "<unknown type>";
          });
    }
    if (list.size() > 2) {
      return String.join(", ", list.subList(0, 2)) + " + " + (list.size() - 2) + " more...";
    }
    return String.join(", ", list);
  }

  private static String valueMetric(JsonNode spec, JsonNode status) {
    JsonNode target = spec.path("target");
    if (target.has("averageValue")) {
      return current(status, "averageValue") + "/" + quantity(target, "averageValue") + " (avg)";
    }
    return current(status, "value") + "/" + quantity(target, "value");
  }

  private static String resourceMetric(JsonNode spec, JsonNode status) {
    JsonNode target = spec.path("target");
    String resource = str(spec, "name");
    if (target.has("averageValue")) {
      return resource
          + ": "
          + current(status, "averageValue")
          + "/"
          + quantity(target, "averageValue");
    }
    JsonNode utilization = status.path("current").path("averageUtilization");
    String current = utilization.isNumber() ? utilization.asLong() + "%" : "<unknown>";
    JsonNode wanted = target.path("averageUtilization");
    return resource + ": " + current + "/" + (wanted.isNumber() ? wanted.asLong() + "%" : "<auto>");
  }

  private static String current(JsonNode status, String field) {
    JsonNode v = status.path("current").path(field);
    return v.isMissingNode() || v.isNull() ? "<unknown>" : Quantities.canonical(v.asText());
  }

  private static String quantity(JsonNode target, String field) {
    return Quantities.canonical(str(target, field));
  }
}
