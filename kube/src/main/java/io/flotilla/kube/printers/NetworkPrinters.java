package io.flotilla.kube.printers;

import static io.flotilla.kube.printers.PrinterText.NONE;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Tables of Services, Endpoints, Ingresses, IngressClasses and NetworkPolicies. */
final class NetworkPrinters {
  private NetworkPrinters() {}

  static void register(Map<String, Printer> out) {
    out.put(
        "/services",
        new Printer(
            List.of(
                NAME,
                string("Type", "type determines how the Service is exposed."),
                string(
                    "Cluster-IP",
                    "clusterIP is the IP address of the service and is usually assigned randomly."),
                string(
                    "External-IP",
                    "externalIPs is a list of IP addresses for which nodes in the cluster will"
                        + " also accept traffic for this service."),
                string("Port(s)", "The list of ports that are exposed by this service."),
                AGE,
                string(
                        "Selector",
                        "Route service traffic to pods with label keys and values matching this"
                            + " selector.")
                    .wide()),
            NetworkPrinters::service));
    out.put(
        "/endpoints",
        Printer.named(
            List.of(string("Endpoints", "The set of all endpoints is the union of all subsets.")),
            (o, c) -> c.add(endpoints(o))));
    out.put(
        "networking.k8s.io/ingresses",
        Printer.named(
            List.of(
                string(
                    "Class",
                    "The name of the IngressClass resource that should be used for additional"
                        + " configuration"),
                string(
                    "Hosts",
                    "Hosts that incoming requests are matched against before the ingress rule"),
                string(
                    "Address", "Address is a list containing ingress points for the load-balancer"),
                string("Ports", "Ports of TLS configurations that open")),
            NetworkPrinters::ingress));
    out.put(
        "networking.k8s.io/ingressclasses",
        Printer.named(
            List.of(
                string("Controller", "Controller that is responsible for handling this class"),
                string("Parameters", "A reference to a resource with additional parameters")),
            NetworkPrinters::ingressClass));
    out.put(
        "networking.k8s.io/networkpolicies",
        Printer.named(
            List.of(
                string(
                    "Pod-Selector",
                    "Selects the pods to which this NetworkPolicy object applies.")),
            (o, c) -> c.add(PrinterText.formatSelector(o.path("spec").path("podSelector")))));
  }

  private static void service(JsonNode svc, Instant now, ArrayNode out) {
    JsonNode spec = svc.path("spec");
    String clusterIp = spec.path("clusterIPs").path(0).asText("");
    if (clusterIp.isEmpty()) {
      clusterIp = str(spec, "clusterIP");
    }
    List<String> ports = new ArrayList<>();
    for (JsonNode p : spec.path("ports")) {
      long nodePort = p.path("nodePort").asLong();
      ports.add(
          p.path("port").asLong()
              + (nodePort > 0 ? ":" + nodePort : "")
              + "/"
              + str(p, "protocol"));
    }
    out.add(name(svc));
    out.add(str(spec, "type"));
    out.add(PrinterText.orNone(clusterIp));
    out.add(externalIp(svc));
    out.add(PrinterText.orNone(String.join(",", ports)));
    out.add(age(svc, now));
    out.add(PrinterText.labels(spec.get("selector")));
  }

  private static String externalIp(JsonNode svc) {
    JsonNode spec = svc.path("spec");
    List<String> external = new ArrayList<>();
    spec.path("externalIPs").forEach(ip -> external.add(ip.asText()));
    return switch (str(spec, "type")) {
      case "ClusterIP", "NodePort" -> external.isEmpty() ? NONE : String.join(",", external);
      case "LoadBalancer" -> {
        List<String> all = new ArrayList<>(loadBalancer(svc.path("status").path("loadBalancer")));
        all.addAll(external);
        yield all.isEmpty() ? "<pending>" : String.join(",", all);
      }
      case "ExternalName" -> str(spec, "externalName");
      default -> HumanDuration.UNKNOWN;
    };
  }

  /** Load balancer ingress points, IP or else hostname, sorted and without duplicates. */
  private static TreeSet<String> loadBalancer(JsonNode status) {
    TreeSet<String> out = new TreeSet<>();
    for (JsonNode i : status.path("ingress")) {
      String ip = str(i, "ip");
      String host = str(i, "hostname");
      if (!ip.isEmpty()) {
        out.add(ip);
      } else if (!host.isEmpty()) {
        out.add(host);
      }
    }
    return out;
  }

  /** Up to three addresses (with each port), then {@code + N more...}. */
  static String endpoints(JsonNode ep) {
    JsonNode subsets = ep.path("subsets");
    if (subsets.isEmpty()) {
      return NONE;
    }
    List<String> list = new ArrayList<>();
    int count = 0;
    for (JsonNode ss : subsets) {
      JsonNode addresses = ss.path("addresses");
      if (ss.path("ports").isEmpty()) {
        count += addresses.size();
        for (JsonNode a : addresses) {
          if (list.size() == 3) {
            break;
          }
          list.add(str(a, "ip"));
        }
        continue;
      }
      for (JsonNode port : ss.path("ports")) {
        count += addresses.size();
        for (JsonNode a : addresses) {
          if (list.size() == 3) {
            break;
          }
          String ip = str(a, "ip");
          list.add((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port.path("port").asLong());
        }
      }
    }
    String joined = String.join(",", list);
    return count > 3 ? joined + " + " + (count - 3) + " more..." : joined;
  }

  private static void ingress(JsonNode ing, ArrayNode out) {
    JsonNode spec = ing.path("spec");
    List<String> hosts = new ArrayList<>();
    boolean more = false;
    for (JsonNode rule : spec.path("rules")) {
      if (hosts.size() == 3) {
        more = true;
      }
      if (!more && !str(rule, "host").isEmpty()) {
        hosts.add(str(rule, "host"));
      }
    }
    String hostText = hosts.isEmpty() ? "*" : String.join(",", hosts);
    if (!hosts.isEmpty() && more) {
      hostText += " + " + (spec.path("rules").size() - 3) + " more...";
    }
    out.add(PrinterText.orNone(Json.text(spec, "ingressClassName")));
    out.add(hostText);
    out.add(String.join(",", loadBalancer(ing.path("status").path("loadBalancer"))));
    out.add(spec.path("tls").isEmpty() ? "80" : "80, 443");
  }

  private static void ingressClass(JsonNode c, ArrayNode out) {
    JsonNode p = Json.at(c, "spec", "parameters");
    String parameters = NONE;
    if (p != null) {
      String group = Json.text(p, "apiGroup");
      parameters = str(p, "kind") + (group == null ? "" : "." + group) + "/" + str(p, "name");
    }
    out.add(str(c, "spec", "controller"));
    out.add(parameters);
  }
}
