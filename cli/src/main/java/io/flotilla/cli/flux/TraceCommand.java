package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flux trace <kind>/<name> | <name> --kind K [--api-version V]}: which Kustomization or
 * HelmRelease applied an object (from its labels, or its owners' labels), and from which source and
 * revision; flux's report layout.
 */
@Command(
    name = "trace",
    description = "Trace in-cluster objects throughout the GitOps delivery pipeline")
final class TraceCommand extends LeafCommand {
  // Go's time.Time.String(), which the report prints
  private static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

  @Parameters(arity = "0..1", paramLabel = "OBJECT")
  String object;

  @Option(names = "--kind", description = "the Kubernetes object kind, e.g. Deployment")
  String kind;

  @Option(
      names = "--api-version",
      description = "the Kubernetes object API version, e.g. 'apps/v1'")
  String apiVersion;

  @Override
  public Integer call() {
    FluxGroup flux = flux();
    if (object == null || object.isEmpty()) {
      throw new FluxException("object name is required");
    }
    String name = object;
    String kindName = kind;
    int slash = object.indexOf('/');
    if (slash > 0) {
      kindName = object.substring(0, slash);
      name = object.substring(slash + 1);
    }
    if (kindName == null || kindName.isEmpty()) {
      throw new FluxException("object kind is required (--kind)");
    }
    try (Kube kube = flux.kube()) {
      Discovery.Served served = Discovery.find(kube, kindName, apiVersion);
      String objName = name;
      var op = kube.client().genericKubernetesResources(served.apiVersion(), served.kind());
      GenericKubernetesResource found =
          kube.call(
              () ->
                  served.namespaced()
                      ? op.inNamespace(flux.namespace()).withName(objName).get()
                      : op.withName(objName).get());
      if (found == null) {
        throw new FluxException(served.kind().toLowerCase() + " \"" + objName + "\" not found");
      }
      ObjectNode obj = Kube.JSON.convertValue(found, ObjectNode.class);
      StringBuilder report = new StringBuilder("\n");
      line(report, "Object:", served.kind() + "/" + objName);
      if (served.namespaced()) {
        line(report, "Namespace:", flux.namespace());
      }
      line(report, "Status:", "Managed by Flux");
      Optional<String[]> ks = managedBy(kube, obj, "kustomize.toolkit.fluxcd.io");
      Optional<String[]> hr = managedBy(kube, obj, "helm.toolkit.fluxcd.io");
      if (hr.isPresent()) {
        HelmTrace.append(report, kube, kube.get(FluxKind.HELM_RELEASE, hr.get()[1], hr.get()[0]));
      } else if (ks.isPresent()) {
        kustomization(report, kube, kube.get(FluxKind.KUSTOMIZATION, ks.get()[1], ks.get()[0]));
      } else {
        throw new FluxException("object not managed by Flux");
      }
      spec.commandLine().getOut().print(report);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  private static void kustomization(StringBuilder r, Kube kube, FluxObject ks) {
    r.append("---\n");
    line(r, "Kustomization:", ks.name());
    line(r, "Namespace:", ks.namespace());
    if (!ks.spec().path("targetNamespace").asText("").isEmpty()) {
      line(r, "Target:", ks.spec().path("targetNamespace").asText());
    }
    line(r, "Path:", ks.spec().path("path").asText(""));
    line(r, "Revision:", ks.revision());
    status(r, ks, false);
    Source.of(ks)
        .flatMap(s -> kube.find(s.kind(), s.namespace(), s.name()))
        .ifPresent(
            src -> {
              r.append("---\n");
              line(r, src.kind().kind() + ":", src.name());
              line(r, "Namespace:", src.namespace());
              line(
                  r, "URL:", src.spec().path("url").asText(src.spec().path("endpoint").asText("")));
              reference(r, src.spec().path("ref"));
              if (src.status().has("artifact")) {
                line(r, "Revision:", src.revision());
              }
              status(r, src, true);
            });
  }

  /** A Git source's tag, semver or branch line, the first one set. */
  static void reference(StringBuilder r, JsonNode ref) {
    if (!ref.path("tag").asText("").isEmpty()) {
      line(r, "Tag:", ref.path("tag").asText());
    } else if (!ref.path("semver").asText("").isEmpty()) {
      line(r, "Tag:", ref.path("semver").asText());
    } else if (!ref.path("branch").asText("").isEmpty()) {
      line(r, "Branch:", ref.path("branch").asText());
    }
  }

  /** {@code Status:} and {@code Message:} from Ready; a failed source says so. */
  static void status(StringBuilder r, FluxObject o, boolean sayFailure) {
    Optional<JsonNode> ready = o.ready();
    if (ready.isEmpty()) {
      line(r, "Status:", "Unknown");
      return;
    }
    String at = goTime(ready.get().path("lastTransitionTime").asText(""));
    boolean failed = ready.get().path("status").asText().equals("False");
    line(
        r,
        "Status:",
        (sayFailure && failed ? "Last reconciliation failed at " : "Last reconciled at ") + at);
    line(r, "Message:", ready.get().path("message").asText(""));
  }

  static void line(StringBuilder r, String label, String value) {
    r.append(label).append(" ".repeat(Math.max(1, 16 - label.length()))).append(value).append('\n');
  }

  static String goTime(String rfc3339) {
    if (rfc3339.isEmpty()) {
      return "0001-01-01 00:00:00 +0000 UTC";
    }
    return GO_TIME.format(Instant.parse(rfc3339).atZone(ZoneId.systemDefault()));
  }

  /** The {@code <group>/name} and {@code /namespace} labels of the object or of an owner. */
  private static Optional<String[]> managedBy(Kube kube, ObjectNode obj, String group) {
    JsonNode labels = obj.path("metadata").path("labels");
    String name = labels.path(group + "/name").asText("");
    if (!name.isEmpty()) {
      return Optional.of(new String[] {name, labels.path(group + "/namespace").asText("")});
    }
    for (JsonNode owner : obj.path("metadata").path("ownerReferences")) {
      String ns = obj.path("metadata").path("namespace").asText("");
      GenericKubernetesResource parent =
          kube.call(
              () ->
                  kube.client()
                      .genericKubernetesResources(
                          owner.path("apiVersion").asText(), owner.path("kind").asText())
                      .inNamespace(ns)
                      .withName(owner.path("name").asText())
                      .get());
      if (parent != null) {
        Optional<String[]> up =
            managedBy(kube, Kube.JSON.convertValue(parent, ObjectNode.class), group);
        if (up.isPresent()) {
          return up;
        }
      }
    }
    return Optional.empty();
  }
}
