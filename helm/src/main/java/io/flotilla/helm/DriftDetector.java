package io.flotilla.helm;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.apply.ApplyException;
import io.flotilla.apply.ApplyOptions;
import io.flotilla.apply.ObjectRef;
import io.flotilla.apply.ResourceManager;
import io.flotilla.kustomize.GoRegexp;
import io.flotilla.kustomize.KustomizeException;
import io.flotilla.kustomize.LabelSelector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * helm-controller's drift detection: each object of the release's manifest against the cluster by a
 * server-side-apply dry-run as the release's field manager; missing objects would be created,
 * changed ones differ outside {@code status} and server-set metadata. Ignore rules remove JSON
 * pointers from both sides first; objects annotated {@code helm.toolkit.fluxcd.io/driftDetection:
 * disabled} (in the manifest or live) are skipped.
 */
final class DriftDetector {
  static final String DISABLED_ANNOTATION = "helm.toolkit.fluxcd.io/driftDetection";

  private final Kube kube;
  private final ResourceManager resources;
  private final String fieldManager;

  DriftDetector(Kube kube, ResourceManager resources, String fieldManager) {
    this.kube = kube;
    this.resources = resources;
    this.fieldManager = fieldManager;
  }

  DriftReport diff(Release release, DriftOptions options) throws ReleaseException {
    List<DriftReport.Entry> entries = new ArrayList<>();
    List<GenericKubernetesResource> desired = new ArrayList<>();
    for (Manifests.Doc d : Manifests.split(release.manifest()).manifests()) desired.add(d.object());
    for (GenericKubernetesResource o : released(desired, release)) {
      if (disabled(o)) continue;
      ObjectRef ref = Kube.ref(o);
      GenericKubernetesResource live;
      GenericKubernetesResource dryRun;
      try {
        live = kube.get(o);
        if (live == null) {
          entries.add(
              new DriftReport.Entry(
                  ref, DriftReport.Change.CREATED, ref.subject() + " is missing"));
          continue;
        }
        if (disabled(live)) continue;
        dryRun =
            kube.resource(o).dryRun().fieldManager(fieldManager).forceConflicts().serverSideApply();
      } catch (KubernetesClientException e) {
        throw new ReleaseException(
            ReleaseException.Kind.APPLY,
            "drift detection of %s failed: %s".formatted(ref.subject(), ReleaseStorage.reason(e)),
            e);
      }
      List<String> paths = ignored(o, options);
      JsonNode a = comparable(live, paths);
      JsonNode b = comparable(dryRun, paths);
      if (!a.equals(b)) {
        List<String> lines = new ArrayList<>();
        differences("", a, b, lines, "Secret".equals(o.getKind()) && ref.group().isEmpty());
        entries.add(
            new DriftReport.Entry(ref, DriftReport.Change.CHANGED, String.join("\n", lines)));
      }
    }
    return new DriftReport(List.copyOf(entries));
  }

  void correct(Release release, DriftReport report, ActionOptions o) throws ReleaseException {
    if (!report.drifted()) return;
    List<String> ids = report.entries().stream().map(e -> e.object().inventoryId()).toList();
    List<GenericKubernetesResource> desired = new ArrayList<>();
    for (Manifests.Doc d : Manifests.split(release.manifest()).manifests()) desired.add(d.object());
    List<GenericKubernetesResource> drifted =
        released(desired, release).stream()
            .filter(x -> ids.contains(Kube.ref(x).inventoryId()))
            .toList();
    try {
      resources.applyAllStaged(
          drifted, ApplyOptions.defaults().withForce(o.force()).withOwnerLabels(o.ownerLabels()));
    } catch (ApplyException e) {
      throw new ReleaseException(ReleaseException.Kind.APPLY, e.getMessage(), e);
    }
  }

  /** The objects as the release applied them: in its namespace, with Helm's ownership marks. */
  private List<GenericKubernetesResource> released(
      List<GenericKubernetesResource> desired, Release release) {
    return Deployer.owned(
        kube.defaultNamespace(desired, release.namespace()), release.name(), release.namespace());
  }

  private static boolean disabled(GenericKubernetesResource o) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    return a != null && "disabled".equalsIgnoreCase(a.get(DISABLED_ANNOTATION));
  }

  /** The ignore rules' paths that apply to {@code o}. */
  static List<String> ignored(GenericKubernetesResource o, DriftOptions options)
      throws ReleaseException {
    List<String> out = new ArrayList<>();
    if (options == null || options.ignore() == null) return out;
    for (DriftOptions.IgnoreRule rule : options.ignore()) {
      if (rule.target() == null || selects(rule.target(), o)) out.addAll(rule.paths());
    }
    return out;
  }

  /**
   * helm-controller's target selector: group, version, kind, name and namespace as anchored regular
   * expressions (empty matches all), labels and annotations as Kubernetes label selectors.
   */
  static boolean selects(DriftOptions.Selector s, GenericKubernetesResource o)
      throws ReleaseException {
    ObjectRef r = Kube.ref(o);
    return matches("group", s.group(), r.group())
        && matches("version", s.version(), r.version())
        && matches("kind", s.kind(), r.kind())
        && matches("name", s.name(), r.name())
        && matches("namespace", s.namespace(), r.namespace())
        && labels("label", s.labelSelector(), o.getMetadata().getLabels())
        && labels("annotation", s.annotationSelector(), o.getMetadata().getAnnotations());
  }

  private static boolean matches(String field, String pattern, String value)
      throws ReleaseException {
    if (pattern == null || pattern.isEmpty()) return true;
    try {
      return GoRegexp.compile("^(?:" + pattern + ")$").matcher(value == null ? "" : value).find();
    } catch (GoRegexp.TooComplex e) {
      throw invalidRule("%s regex: %s".formatted(field, e.getMessage()), e);
    } catch (GoRegexp.SyntaxError e) {
      throw invalidRule("invalid %s regex: %s".formatted(field, e.getMessage()), e);
    }
  }

  private static boolean labels(String what, String selector, Map<String, String> values)
      throws ReleaseException {
    if (selector == null || selector.isEmpty()) return true;
    try {
      return LabelSelector.parse(selector).matches(values);
    } catch (KustomizeException e) {
      throw invalidRule("invalid %s selector: %s".formatted(what, e.getMessage()), e);
    }
  }

  private static ReleaseException invalidRule(String message, Exception cause) {
    return new ReleaseException(
        ReleaseException.Kind.APPLY, "drift detection ignore rule: " + message, cause);
  }

  /** What a user declares: labels, annotations, everything outside metadata and status. */
  static JsonNode comparable(GenericKubernetesResource o, List<String> ignored) {
    ObjectNode n;
    try {
      n = (ObjectNode) ReleaseCodec.JSON.readTree(ReleaseCodec.JSON.writeValueAsString(o));
    } catch (IOException e) {
      throw new IllegalStateException(e); // a tree written by the same mapper reads back
    }
    n.remove("status");
    ObjectNode meta = (ObjectNode) n.path("metadata");
    ObjectNode kept = n.putObject("metadata");
    if (meta.hasNonNull("labels")) kept.set("labels", meta.get("labels"));
    if (meta.hasNonNull("annotations")) kept.set("annotations", meta.get("annotations"));
    for (String p : ignored) remove(n, p);
    return n;
  }

  private static void remove(JsonNode root, String pointer) {
    try {
      JsonPointer ptr = JsonPointer.compile(pointer);
      JsonNode parent = root.at(ptr.head());
      String last = ptr.last().getMatchingProperty();
      if (parent instanceof ObjectNode o) o.remove(last);
      else if (parent.isArray() && ptr.last().mayMatchElement()) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) parent)
            .remove(ptr.last().getMatchingIndex());
      }
    } catch (IllegalArgumentException e) {
      // not a JSON pointer: nothing to ignore
    }
  }

  /** Readable differences by path; Secret values are never shown. */
  private static void differences(
      String path, JsonNode live, JsonNode want, List<String> out, boolean secret) {
    if (live != null && want != null && live.isObject() && want.isObject()) {
      java.util.Set<String> keys = new java.util.TreeSet<>();
      live.fieldNames().forEachRemaining(keys::add);
      want.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) differences(path + "/" + k, live.get(k), want.get(k), out, secret);
      return;
    }
    if (java.util.Objects.equals(live, want)) return;
    boolean hide = secret && (path.startsWith("/data") || path.startsWith("/stringData"));
    out.add(
        "%s: %s -> %s"
            .formatted(
                path,
                hide ? "***" : live == null ? "<none>" : live.toString(),
                hide ? "***" : want == null ? "<none>" : want.toString()));
  }
}
