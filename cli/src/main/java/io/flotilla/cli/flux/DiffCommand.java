package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.flotilla.kustomize.KustomizeException;
import io.flotilla.kustomize.KustomizeOptions;
import io.flotilla.kustomize.Kustomizer;
import io.flotilla.kustomize.postbuild.PostBuild;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flux diff kustomization NAME --path DIR}: builds DIR with our kustomize and the
 * Kustomization's passthrough fields and postBuild substitution, labels the objects as
 * kustomize-controller does, server-side dry-runs each and reports what would be created, what
 * drifted (with the drift) and, when the Kustomization prunes, what would be deleted. Any change
 * exits 1, as in flux.
 */
@Command(name = "kustomization", aliases = "ks", description = "Diff Kustomization")
final class DiffCommand extends LeafCommand {
  static final String MANAGER = "kustomize-controller";

  @Parameters(arity = "0..1", paramLabel = "NAME")
  String name;

  @Option(
      names = "--path",
      description = "Path to a local directory that matches the specified Kustomization.spec.path.")
  String path;

  @Option(
      names = "--strict-substitute",
      description =
          "When enabled, the post build substitutions will fail if a var without a default value"
              + " is declared in files but is missing from the input vars.")
  boolean strictSubstitute;

  @Override
  public Integer call() {
    FluxGroup flux = flux();
    if (name == null) {
      throw new FluxException("kustomization name is required");
    }
    if (path == null || path.isEmpty() || !Files.isDirectory(Path.of(path))) {
      throw new FluxException("invalid resource path \"" + (path == null ? "" : path) + "\"");
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean changed = false;
    try (Kube kube = flux.kube()) {
      FluxObject ks = kube.get(FluxKind.KUSTOMIZATION, flux.namespace(), name);
      List<ObjectNode> objects = postBuild(kube, ks, build(ks));
      Set<String> built = new HashSet<>();
      for (ObjectNode o : objects) {
        label(o, ks);
        Discovery.Served served =
            Discovery.find(kube, o.path("kind").asText(), o.path("apiVersion").asText());
        ObjectNode meta = (ObjectNode) o.get("metadata");
        if (served.namespaced() && meta.path("namespace").asText("").isEmpty()) {
          meta.put("namespace", ks.spec().path("targetNamespace").asText("default"));
        }
        if (!served.namespaced()) {
          meta.remove("namespace");
        }
        String id = id(o);
        built.add(id);
        Set<String> sops = served.kind().equals("Secret") ? SopsSecrets.mask(o) : Set.of();
        String report = compare(kube, o, served, sops);
        if (report == null) {
          out.println("► " + id + " created");
          changed = true;
        } else if (!report.isEmpty()) {
          out.println("► " + id + " drifted");
          out.println();
          out.print(report);
          changed = true;
        }
      }
      if (ks.spec().path("prune").asBoolean(false)) {
        for (JsonNode entry : ks.status().path("inventory").path("entries")) {
          String[] p = entry.path("id").asText().split("_", -1);
          if (p.length == 4) {
            String id = p[3] + "/" + (p[0].isEmpty() ? "" : p[0] + "/") + p[1];
            if (!built.contains(id)) {
              out.println("► " + id + " deleted");
              changed = true;
            }
          }
        }
      }
    }
    out.flush();
    if (changed) {
      throw new FluxException("identified at least one change, exiting with non-zero exit code");
    }
    return 0;
  }

  private List<ObjectNode> build(FluxObject ks) {
    try {
      Path dir = Path.of(path).toAbsolutePath().normalize();
      return Kustomizer.create(KustomizeOptions.defaults()).build(dir, dir, passthrough(ks.spec()));
    } catch (KustomizeException e) {
      throw new FluxException(e.getMessage());
    }
  }

  /**
   * The Kustomization's postBuild, with the controller's own code: variables from its
   * substituteFrom ConfigMaps and Secrets and substitute, put into each object.
   */
  private List<ObjectNode> postBuild(Kube kube, FluxObject ks, List<ObjectNode> objects) {
    String ns = ks.namespace();
    try {
      Map<String, String> vars =
          PostBuild.variables(
              ks.spec().path("postBuild"),
              (kind, refName) -> {
                if (kind.equals("ConfigMap")) {
                  ConfigMap cm =
                      kube.call(
                          () -> kube.client().configMaps().inNamespace(ns).withName(refName).get());
                  return cm == null ? null : cm.getData() == null ? Map.of() : cm.getData();
                }
                Secret secret =
                    kube.call(
                        () -> kube.client().secrets().inNamespace(ns).withName(refName).get());
                return secret == null ? null : PostBuild.secretData(secret.getData());
              });
      List<ObjectNode> out = new ArrayList<>(objects.size());
      for (ObjectNode o : objects) {
        out.add((ObjectNode) PostBuild.substitute(o, vars, strictSubstitute));
      }
      return out;
    } catch (PostBuild.PostBuildException e) {
      throw new FluxException(e.getMessage());
    }
  }

  /** The Kustomization fields kustomize-controller merges into the top kustomization. */
  static ObjectNode passthrough(JsonNode spec) {
    ObjectNode out = Kube.JSON.createObjectNode();
    copy(spec, "targetNamespace", out, "namespace");
    for (String f : new String[] {"namePrefix", "nameSuffix", "patches", "images", "components"}) {
      copy(spec, f, out, f);
    }
    JsonNode labels = spec.path("commonMetadata").path("labels");
    if (labels.isObject() && !labels.isEmpty()) {
      out.putArray("labels").addObject().set("pairs", labels);
    }
    copy(spec.path("commonMetadata"), "annotations", out, "commonAnnotations");
    return out;
  }

  private static void copy(JsonNode from, String field, ObjectNode to, String as) {
    JsonNode v = from.get(field);
    if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty())) {
      to.set(as, v);
    }
  }

  private static void label(ObjectNode o, FluxObject ks) {
    ObjectNode meta = o.with("metadata");
    ObjectNode labels = meta.with("labels");
    labels.put("kustomize.toolkit.fluxcd.io/name", ks.name());
    labels.put("kustomize.toolkit.fluxcd.io/namespace", ks.namespace());
  }

  private static String id(ObjectNode o) {
    String ns = o.path("metadata").path("namespace").asText("");
    return o.path("kind").asText()
        + "/"
        + (ns.isEmpty() ? "" : ns + "/")
        + o.path("metadata").path("name").asText();
  }

  /** null when the object does not exist, "" when the dry-run changes nothing, else the drift. */
  private static String compare(
      Kube kube, ObjectNode o, Discovery.Served served, Set<String> sopsKeys) {
    String ns = o.path("metadata").path("namespace").asText(null);
    String objName = o.path("metadata").path("name").asText();
    var op = kube.client().genericKubernetesResources(served.apiVersion(), served.kind());
    GenericKubernetesResource live =
        kube.call(
            () ->
                ns == null
                    ? op.withName(objName).get()
                    : op.inNamespace(ns).withName(objName).get());
    if (live == null) {
      return null;
    }
    SopsSecrets.takeLive(o, Kube.JSON.convertValue(live, ObjectNode.class), sopsKeys);
    GenericKubernetesResource desired = Kube.JSON.convertValue(o, GenericKubernetesResource.class);
    GenericKubernetesResource dry =
        kube.call(
            () ->
                kube.client()
                    .resource(desired)
                    .dryRun()
                    .fieldManager(MANAGER)
                    .forceConflicts()
                    .serverSideApply());
    ObjectNode before = clean(Kube.JSON.convertValue(live, ObjectNode.class));
    ObjectNode after = clean(Kube.JSON.convertValue(dry, ObjectNode.class));
    if (served.kind().equals("Secret")) {
      mask(before, after);
    }
    return Dyff.of(before, after);
  }

  /** What the server keeps for itself: not a drift. */
  private static ObjectNode clean(ObjectNode o) {
    o.remove("status");
    ObjectNode meta = o.with("metadata");
    for (String f :
        new String[] {
          "managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink"
        }) {
      meta.remove(f);
    }
    return o;
  }

  /** Secret values never reach the output: equal ones read the same, changed ones differ. */
  private static void mask(ObjectNode before, ObjectNode after) {
    for (String field : new String[] {"data", "stringData"}) {
      JsonNode b = before.path(field);
      JsonNode a = after.path(field);
      if (a instanceof ObjectNode an) {
        an.fieldNames()
            .forEachRemaining(k -> an.put(k, a.get(k).equals(b.get(k)) ? "*****" : "******"));
      }
      if (b instanceof ObjectNode bn) {
        bn.fieldNames().forEachRemaining(k -> bn.put(k, "*****"));
      }
    }
  }
}
