package io.flotilla.kube.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.admission.Admission;
import io.flotilla.kube.admission.Defaults;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.apply.ListKeys;
import io.flotilla.kube.apply.ManagedFields;
import io.flotilla.kube.apply.Patches;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.FieldErrors;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.store.Selectors;
import io.flotilla.kube.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of the API server for every verb: metadata, optimistic concurrency, status subresource,
 * finalizers, patches and server-side apply. HTTP lives elsewhere; this class works on trees.
 */
public final class ApiCore {
  private static final Logger LOG = LoggerFactory.getLogger(ApiCore.class);

  /** Options of a delete. */
  public record DeleteOpts(
      boolean dryRun, String propagationPolicy, String preconditionUid, String preconditionRv) {
    static final DeleteOpts BACKGROUND = new DeleteOpts(false, "Background", null, null);
  }

  /** Options of a list. */
  public record ListOpts(
      String labelSelector, String fieldSelector, long limit, String continueToken) {}

  /** What a delete returns: the object (still present or gone) and whether it is gone. */
  public record Deleted(ObjectNode object, boolean gone) {}

  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Vetoes a create or update before it is committed (dry runs included) by throwing. */
  public interface WriteCheck {
    void check(ResourceType t, ObjectNode old, ObjectNode candidate);
  }

  public final Store store;
  public final Registry registry;
  private final Runnable onDelete;
  public volatile WriteCheck writeCheck = (t, old, candidate) -> {};
  private int nextClusterIp = 10;

  public ApiCore(Store store, Registry registry, Runnable onDelete) {
    this.store = store;
    this.registry = registry;
    this.onDelete = onDelete;
  }

  // ------------------------------------------------------------------ reads

  public ObjectNode get(ResourceType t, String ns, String name) {
    ObjectNode o = store.get(t.storageKey(), scope(t, ns), name);
    if (o == null) {
      throw ApiException.notFound(t, name);
    }
    return view(t, o);
  }

  public boolean exists(ResourceType t, String ns, String name) {
    return store.contains(t.storageKey(), scope(t, ns), name);
  }

  ObjectNode getOrNull(ResourceType t, String ns, String name) {
    ObjectNode o = store.get(t.storageKey(), scope(t, ns), name);
    return o == null ? null : view(t, o);
  }

  /** The object as the requested version presents it (versions share storage unconverted). */
  public static ObjectNode view(ResourceType t, ObjectNode stored) {
    if (t.apiVersion().equals(stored.path("apiVersion").asText())) {
      return Admission.onRead(t, stored, false);
    }
    ObjectNode c = stored.deepCopy();
    c.put("apiVersion", t.apiVersion());
    return Admission.onRead(t, c, true);
  }

  public ObjectNode list(ResourceType t, String ns, ListOpts q) {
    Predicate<JsonNode> labels = Selectors.labels(q.labelSelector());
    Predicate<JsonNode> fields = Selectors.fields(q.fieldSelector(), t);
    String after = decodeContinue(q.continueToken());
    String bucketNs = t.namespaced() ? ns : null;
    String selector = q.labelSelector();
    // with a label selector, objects are matched on their metadata before being decoded
    Store.Listing listing =
        selector == null || selector.isBlank()
            ? store.listing(t.storageKey(), bucketNs)
            : store.listing(t.storageKey(), bucketNs, Selectors.requiredLabels(selector), labels);
    List<ObjectNode> all = listing.items();
    long rv = listing.resourceVersion();
    ArrayNode items = Json.array();
    String lastKey = null;
    int remaining = 0;
    for (ObjectNode o : all) {
      String key =
          Store.key(Json.text(o, "metadata", "namespace"), Json.text(o, "metadata", "name"));
      if (after != null && key.compareTo(after) <= 0) {
        continue;
      }
      if (!labels.test(o) || !fields.test(o)) {
        continue;
      }
      if (q.limit() > 0 && items.size() >= q.limit()) {
        remaining++;
        continue;
      }
      items.add(view(t, o));
      lastKey = key;
    }
    ObjectNode list = Json.object();
    list.put("kind", t.listKind());
    list.put("apiVersion", t.apiVersion());
    ObjectNode meta = list.putObject("metadata");
    meta.put("resourceVersion", Long.toString(rv));
    if (remaining > 0) {
      meta.put("continue", encodeContinue(rv, lastKey));
      meta.put("remainingItemCount", remaining);
    }
    list.set("items", items);
    return list;
  }

  private static String encodeContinue(long rv, String key) {
    ObjectNode c = Json.object();
    c.put("v", "meta.k8s.io/v1");
    c.put("rv", rv);
    c.put("start", key + "\u0000");
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(c));
  }

  private static String decodeContinue(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      JsonNode c = Json.parse(Base64.getUrlDecoder().decode(token));
      String start = c.path("start").asText();
      return start.endsWith("\u0000") ? start.substring(0, start.length() - 1) : start;
    } catch (RuntimeException e) {
      throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ create

  public ObjectNode create(ResourceType t, String ns, ObjectNode body, WriteOpts o) {
    synchronized (store.lock) {
      ObjectNode obj = prepareCreate(t, ns, body);
      Admission.create(t, obj, o, false);
      ManagedFields.write(
          obj, ManagedFields.afterUpdate(new ArrayList<>(), null, obj, t, o.manager(), null));
      return commitCreate(t, obj, o.dryRun());
    }
  }

  private ObjectNode prepareCreate(ResourceType t, String ns, ObjectNode body) {
    checkKind(t, body);
    ObjectNode obj = body.deepCopy();
    obj.put("apiVersion", t.apiVersion());
    obj.put("kind", t.kind());
    ObjectNode m = Json.meta(obj);
    String name = Json.text(m, "name");
    if (name == null || name.isEmpty()) {
      String gen = Json.text(m, "generateName");
      if (gen == null || gen.isEmpty()) {
        throw ApiException.invalid(
            t,
            "",
            List.of(FieldErrors.required("metadata.name", "name or generateName is required")));
      }
      if (gen.length() > 58) {
        gen = gen.substring(0, 58); // names.SimpleNameGenerator keeps 63 with the suffix
      }
      do {
        name = gen + randomSuffix();
      } while (store.contains(t.storageKey(), scope(t, ns), name));
      m.put("name", name);
    }
    String bodyNs = Json.text(m, "namespace");
    if (t.namespaced()) {
      if (bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(ns)) {
        throw ApiException.badRequest(
            "the namespace of the provided object does not match the namespace sent on the request");
      }
      m.put("namespace", ns);
      ObjectNode nsObj = store.get("/namespaces", "", ns);
      if (nsObj == null) {
        throw ApiException.namespaceNotFound(ns);
      }
      if (Json.at(nsObj, "metadata", "deletionTimestamp") != null) {
        throw ApiException.forbidden(
            t,
            name,
            "unable to create new content in namespace " + ns + " because it is being terminated");
      }
    } else {
      m.remove("namespace");
    }
    if (store.contains(t.storageKey(), scope(t, ns), name)) {
      throw ApiException.alreadyExists(t, name);
    }
    m.put("uid", UUID.randomUUID().toString());
    m.put("creationTimestamp", Json.now());
    m.put("generation", 1);
    m.remove("resourceVersion");
    m.remove("deletionTimestamp");
    m.remove("deletionGracePeriodSeconds");
    m.remove("managedFields");
    m.remove("selfLink");
    if (t.hasStatus()) {
      obj.remove("status");
    }
    Defaults.onCreate(t, obj, this::allocateClusterIp);
    return obj;
  }

  private ObjectNode commitCreate(ResourceType t, ObjectNode obj, boolean dryRun) {
    writeCheck.check(t, null, obj);
    if (dryRun) {
      return obj;
    }
    Json.meta(obj).put("resourceVersion", Long.toString(store.nextRv()));
    store.put(t.storageKey(), obj);
    afterCreate(t, obj);
    return obj;
  }

  /** Work the real control plane does right after a create (service accounts, CRD status). */
  private void afterCreate(ResourceType t, ObjectNode obj) {
    if (t.is("", "namespaces")) {
      ResourceType sa = registry.find("", "v1", "serviceaccounts");
      String ns = Json.text(obj, "metadata", "name");
      if (!store.contains(sa.storageKey(), ns, "default")) {
        ObjectNode body = Json.object();
        Json.meta(body).put("name", "default");
        create(sa, ns, body, WriteOpts.internal("kube-controller-manager"));
      }
    } else if (t.is("apiextensions.k8s.io", "customresourcedefinitions")) {
      establish(obj);
    }
  }

  public String allocateClusterIp() {
    int n = nextClusterIp++;
    return "10.96." + (n / 250) + "." + (n % 250 + 1);
  }

  // ------------------------------------------------------------------ update

  public ObjectNode update(
      ResourceType t, String ns, String name, ObjectNode body, boolean status, WriteOpts o) {
    synchronized (store.lock) {
      checkKind(t, body);
      String bodyName = Json.text(body, "metadata", "name");
      if (bodyName != null && !bodyName.equals(name)) {
        throw ApiException.badRequest(
            "the name of the object ("
                + bodyName
                + ") does not match the name on the URL ("
                + name
                + ")");
      }
      ObjectNode old = store.get(t.storageKey(), scope(t, ns), name);
      if (old == null) {
        throw ApiException.notFound(t, name);
      }
      String rv = Json.text(body, "metadata", "resourceVersion");
      if (rv == null || rv.isEmpty()) {
        if (t.isCustom()) {
          throw ApiException.invalid(
              t,
              name,
              "metadata.resourceVersion",
              "Invalid value: 0x0: must be specified for an update");
        }
      } else if (!rv.equals(Json.text(old, "metadata", "resourceVersion"))) {
        throw ApiException.conflict(t, name);
      }
      return finishUpdate(t, view(t, old), body, status, o, null);
    }
  }

  /**
   * Turns a candidate into the next stored version of {@code old}: keeps what clients may not
   * change, applies status-subresource rules, bumps generation, records managed fields, and commits
   * (or deletes, when the last finalizer of a deleting object went).
   *
   * @param applied managed fields already computed by server-side apply, or null for an Update
   */
  private ObjectNode finishUpdate(
      ResourceType t,
      ObjectNode old,
      ObjectNode candidate,
      boolean status,
      WriteOpts o,
      List<ManagedFields.Entry> applied) {
    return finishUpdate(t, old, candidate, status ? "status" : null, o, applied);
  }

  /**
   * An update of the main object made through a subresource other than status ({@code scale}):
   * {@code change} turns the current object into the candidate (its managed fields already merged
   * when {@code applied}), which then goes through every rule an update does, with its managed
   * fields recorded under {@code subresource}.
   */
  public ObjectNode updateThrough(
      ResourceType t,
      String ns,
      String name,
      String subresource,
      java.util.function.UnaryOperator<ObjectNode> change,
      boolean applied,
      WriteOpts o) {
    synchronized (store.lock) {
      ObjectNode old = store.get(t.storageKey(), scope(t, ns), name);
      if (old == null) {
        throw ApiException.notFound(t, name);
      }
      old = view(t, old);
      ObjectNode candidate = change.apply(old);
      return finishUpdate(
          t, old, candidate, subresource, o, applied ? ManagedFields.read(candidate) : null);
    }
  }

  private ObjectNode finishUpdate(
      ResourceType t,
      ObjectNode old,
      ObjectNode candidate,
      String sub,
      WriteOpts o,
      List<ManagedFields.Entry> applied) {
    boolean status = "status".equals(sub);
    ObjectNode n;
    ObjectNode oldMeta = (ObjectNode) old.get("metadata");
    if (status) {
      n = old.deepCopy();
      if (candidate.has("status")) {
        n.set("status", candidate.get("status").deepCopy());
      } else {
        n.remove("status");
      }
      if (candidate.get("metadata") instanceof ObjectNode cm && cm.has("managedFields")) {
        Json.meta(n).set("managedFields", cm.get("managedFields").deepCopy());
      }
    } else {
      n = candidate.deepCopy();
      if (t.hasStatus()) {
        if (old.has("status")) {
          n.set("status", old.get("status").deepCopy());
        } else {
          n.remove("status");
        }
      }
    }
    n.put("apiVersion", t.apiVersion());
    n.put("kind", t.kind());
    ObjectNode m = Json.meta(n);
    for (String f :
        List.of(
            "name",
            "namespace",
            "uid",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation")) {
      if (oldMeta.has(f)) {
        m.set(f, oldMeta.get(f));
      } else {
        m.remove(f);
      }
    }
    m.put("resourceVersion", Json.text(oldMeta, "resourceVersion"));
    if (oldMeta.has("deletionTimestamp")) {
      List<String> before = Json.strings(oldMeta.get("finalizers"));
      for (String f : Json.strings(m.get("finalizers"))) {
        if (!before.contains(f)) {
          throw ApiException.invalid(
              t,
              Json.text(oldMeta, "name"),
              "metadata.finalizers",
              "Forbidden: no new finalizers can be added if the object is being deleted, found new"
                  + " finalizers []string{\""
                  + f
                  + "\"}");
        }
      }
    }
    Defaults.onUpdate(t, old, n);
    Admission.update(t, old, n, o, applied != null);
    if (!Objects.equals(withoutMetaAndStatus(old), withoutMetaAndStatus(n))) {
      m.put("generation", oldMeta.path("generation").asLong(0) + 1);
    }
    boolean managedFieldsGiven =
        applied == null
            && m.has("managedFields")
            && !m.get("managedFields").equals(oldMeta.get("managedFields"));
    if (applied != null) {
      ManagedFields.write(n, applied);
    } else if (managedFieldsGiven) {
      // A client that sends managedFields explicitly replaces them (an empty list clears them).
      List<ManagedFields.Entry> given = ManagedFields.read(n);
      ManagedFields.write(n, given);
    } else {
      List<ManagedFields.Entry> entries = ManagedFields.read(old);
      ManagedFields.write(n, ManagedFields.afterUpdate(entries, old, n, t, o.manager(), sub));
    }
    writeCheck.check(t, old, n);
    if (n.equals(old)) {
      return view(t, old);
    }
    if (m.has("deletionTimestamp") && !hasFinalizers(t, n)) {
      if (!o.dryRun()) {
        store.remove(t.storageKey(), n);
        afterRemove(t, n);
      }
      return n;
    }
    if (o.dryRun()) {
      return n;
    }
    m.put("resourceVersion", Long.toString(store.nextRv()));
    store.put(t.storageKey(), n);
    if (t.is("apiextensions.k8s.io", "customresourcedefinitions") && !status) {
      establish(n);
    }
    return n;
  }

  private static JsonNode withoutMetaAndStatus(ObjectNode o) {
    ObjectNode c = o.deepCopy();
    c.remove("metadata");
    c.remove("status");
    c.remove("apiVersion");
    c.remove("kind");
    return c;
  }

  // ------------------------------------------------------------------ patch

  public ObjectNode patch(
      ResourceType t,
      String ns,
      String name,
      String contentType,
      byte[] body,
      boolean status,
      WriteOpts o) {
    String ct = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase();
    boolean isApply =
        ct.equals("application/apply-patch+yaml") || ct.equals("application/apply-patch+json");
    // Parsing needs no lock; a missing fieldManager is still reported before a malformed body.
    JsonNode parsed =
        isApply && o.fieldManager() != null && !o.fieldManager().isEmpty()
            ? Json.parseYamlOrJson(body)
            : null;
    synchronized (store.lock) {
      ObjectNode old = store.get(t.storageKey(), scope(t, ns), name);
      if (isApply) {
        return apply(t, ns, name, old, body, parsed, status, o);
      }
      if (old == null) {
        throw ApiException.notFound(t, name);
      }
      old = view(t, old);
      JsonNode candidate =
          switch (ct) {
            case "application/json-patch+json" -> Patches.jsonPatch(old, Json.parse(body));
            case "application/merge-patch+json" -> Patches.mergePatch(old, Json.parse(body));
            case "application/strategic-merge-patch+json" -> {
              if (t.isCustom()) {
                throw ApiException.unsupportedMediaType(
                    "the body of the request was in an unknown format - accepted media types"
                        + " include: application/json-patch+json, application/merge-patch+json,"
                        + " application/apply-patch+yaml");
              }
              yield Patches.strategicMerge(old, Json.parse(body), new ListKeys(t));
            }
            default ->
                throw ApiException.unsupportedMediaType(
                    "the body of the request was in an unknown format - accepted media types"
                        + " include: application/json-patch+json, application/merge-patch+json,"
                        + " application/apply-patch+yaml, application/strategic-merge-patch+json");
          };
      if (!(candidate instanceof ObjectNode co)) {
        throw ApiException.badRequest("the patched object is not a JSON object");
      }
      String rv = Json.text(co, "metadata", "resourceVersion");
      if (rv != null
          && !rv.isEmpty()
          && !rv.equals(Json.text(old, "metadata", "resourceVersion"))) {
        throw ApiException.conflict(t, name);
      }
      String newName = Json.text(co, "metadata", "name");
      if (newName != null && !newName.equals(name)) {
        throw ApiException.badRequest(
            "the name of the object ("
                + newName
                + ") does not match the name on the URL ("
                + name
                + ")");
      }
      return finishUpdate(t, old, co, status, o, null);
    }
  }

  private ObjectNode apply(
      ResourceType t,
      String ns,
      String name,
      ObjectNode old,
      byte[] body,
      JsonNode parsedBody,
      boolean status,
      WriteOpts o) {
    if (o.fieldManager() == null || o.fieldManager().isEmpty()) {
      throw new ApiException(
          422,
          "Invalid",
          "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for"
              + " apply patch",
          null,
          "meta.k8s.io",
          "PatchOptions",
          List.of(
              new ApiException.Cause(
                  "FieldValueRequired",
                  "Required value: is required for apply patch",
                  "fieldManager")));
    }
    JsonNode parsed = parsedBody != null ? parsedBody : Json.parseYamlOrJson(body);
    if (!(parsed instanceof ObjectNode applied)) {
      throw ApiException.badRequest("apply patch must be an object");
    }
    checkKind(t, applied);
    if (!applied.hasNonNull("apiVersion") || !applied.hasNonNull("kind")) {
      throw ApiException.badRequest(
          "error decoding YAML: Object 'Kind' is missing in '" + Json.write(applied) + "'");
    }
    String appliedName = Json.text(applied, "metadata", "name");
    if (appliedName != null && !appliedName.equals(name)) {
      throw ApiException.badRequest(
          "the name of the object ("
              + appliedName
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
    if (applied.get("metadata") instanceof ObjectNode am && am.has("managedFields")) {
      throw ApiException.badRequest("metadata.managedFields must be nil");
    }
    String rv = Json.text(applied, "metadata", "resourceVersion");
    if (old == null) {
      if (status) {
        throw ApiException.notFound(t, name);
      }
      if (rv != null && !rv.isEmpty()) {
        throw ApiException.conflict(t, name);
      }
      ObjectNode merged =
          ManagedFields.apply(null, applied, t, o.fieldManager(), o.force(), null, name);
      List<ManagedFields.Entry> entries = ManagedFields.read(merged);
      Json.meta(merged).put("name", name);
      ObjectNode obj = prepareCreate(t, ns, merged);
      Admission.create(t, obj, o, true);
      ManagedFields.write(obj, entries);
      return commitCreate(t, obj, o.dryRun());
    }
    old = view(t, old);
    if (rv != null && !rv.isEmpty() && !rv.equals(Json.text(old, "metadata", "resourceVersion"))) {
      throw ApiException.conflict(t, name);
    }
    String sub = status ? "status" : null;
    ObjectNode merged =
        ManagedFields.apply(old, applied, t, o.fieldManager(), o.force(), sub, name);
    return finishUpdate(t, old, merged, status, o, ManagedFields.read(merged));
  }

  // ------------------------------------------------------------------ delete

  public Deleted delete(ResourceType t, String ns, String name, DeleteOpts d) {
    synchronized (store.lock) {
      ObjectNode old = store.get(t.storageKey(), scope(t, ns), name);
      if (old == null) {
        throw ApiException.notFound(t, name);
      }
      ObjectNode m = (ObjectNode) old.get("metadata");
      if (d.preconditionUid() != null && !d.preconditionUid().equals(Json.text(m, "uid"))) {
        throw ApiException.conflictMessage(
            t,
            name,
            "Operation cannot be fulfilled on "
                + t.groupResource()
                + " \""
                + name
                + "\": Precondition failed: UID in precondition: "
                + d.preconditionUid()
                + ", UID in object meta: "
                + Json.text(m, "uid"),
            List.of());
      }
      if (d.preconditionRv() != null
          && !d.preconditionRv().equals(Json.text(m, "resourceVersion"))) {
        throw ApiException.conflictMessage(
            t,
            name,
            "Operation cannot be fulfilled on "
                + t.groupResource()
                + " \""
                + name
                + "\": Precondition failed: ResourceVersion in precondition: "
                + d.preconditionRv()
                + ", ResourceVersion in meta: "
                + Json.text(m, "resourceVersion"),
            List.of());
      }
      List<String> finalizers = Json.strings(m.get("finalizers"));
      String policy =
          d.propagationPolicy() == null ? GarbageCollector.defaultPolicy(t) : d.propagationPolicy();
      List<String> add = new ArrayList<>();
      if (policy.equals("Foreground") && !finalizers.contains("foregroundDeletion")) {
        add.add("foregroundDeletion");
      } else if (policy.equals("Orphan") && !finalizers.contains("orphan")) {
        add.add("orphan");
      }
      boolean namespace = t.is("", "namespaces");
      if (m.has("deletionTimestamp")) {
        return new Deleted(view(t, old), false);
      }
      if (!hasFinalizers(t, old) && add.isEmpty()) {
        if (!d.dryRun()) {
          store.remove(t.storageKey(), old);
          afterRemove(t, old);
        }
        return new Deleted(view(t, old), true);
      }
      ObjectNode n = old.deepCopy();
      ObjectNode nm = Json.meta(n);
      nm.put("deletionTimestamp", Json.now());
      nm.put("deletionGracePeriodSeconds", 0);
      nm.put("generation", nm.path("generation").asLong(0) + 1);
      if (!add.isEmpty()) {
        ArrayNode f =
            nm.has("finalizers") ? (ArrayNode) nm.get("finalizers") : nm.putArray("finalizers");
        add.forEach(f::add);
      }
      if (namespace) {
        Json.child(n, "status").put("phase", "Terminating");
      }
      if (d.dryRun()) {
        return new Deleted(n, false);
      }
      nm.put("resourceVersion", Long.toString(store.nextRv()));
      store.put(t.storageKey(), n);
      onDelete.run();
      return new Deleted(view(t, n), false);
    }
  }

  public ObjectNode deleteCollection(ResourceType t, String ns, ListOpts q, DeleteOpts d) {
    ObjectNode list = list(t, ns, new ListOpts(q.labelSelector(), q.fieldSelector(), 0, null));
    ArrayNode deleted = Json.array();
    for (JsonNode item : list.get("items")) {
      try {
        deleted.add(
            delete(
                    t,
                    Json.text(item, "metadata", "namespace"),
                    Json.text(item, "metadata", "name"),
                    d)
                .object());
      } catch (ApiException e) {
        if (e.code != 404) {
          throw e;
        }
      }
    }
    list.set("items", deleted);
    return list;
  }

  private void afterRemove(ResourceType t, ObjectNode gone) {
    if (t.is("apiextensions.k8s.io", "customresourcedefinitions")) {
      registry.unregister(Json.text(gone, "metadata", "name"));
    }
    onDelete.run();
  }

  // ------------------------------------------------------------------ CRDs

  /** Serves the CRD's versions and reports it Established, as the apiextensions controller does. */
  private void establish(ObjectNode crd) {
    String name = Json.text(crd, "metadata", "name");
    List<ResourceType> types = Registry.typesOf(crd);
    if (crd.path("metadata").has("deletionTimestamp")) {
      return;
    }
    registry.register(name, types);
    ObjectNode want = crd.deepCopy();
    ObjectNode st = Json.object();
    ObjectNode names = crd.path("spec").path("names").deepCopy();
    String kind = names.path("kind").asText();
    if (!names.has("singular")) {
      names.put("singular", kind.toLowerCase(java.util.Locale.ROOT));
    }
    if (!names.has("listKind")) {
      names.put("listKind", kind + "List");
    }
    st.set("acceptedNames", names);
    ArrayNode conds = st.putArray("conditions");
    String now = Json.now();
    JsonNode oldConds = Json.at(crd, "status", "conditions");
    conds.add(condition("NamesAccepted", "NoConflicts", "no conflicts found", now, oldConds));
    conds.add(
        condition(
            "Established",
            "InitialNamesAccepted",
            "the initial names have been accepted",
            now,
            oldConds));
    ArrayNode stored = st.putArray("storedVersions");
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("storage").asBoolean(false)) {
        stored.add(v.path("name").asText());
      }
    }
    JsonNode prevStored = Json.at(crd, "status", "storedVersions");
    if (prevStored != null) {
      for (JsonNode v : prevStored) {
        boolean present = false;
        for (JsonNode s : stored) {
          present |= s.equals(v);
        }
        if (!present) {
          stored.add(v);
        }
      }
    }
    if (st.equals(crd.get("status"))) {
      return;
    }
    want.set("status", st);
    ResourceType crdType = registry.find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
    finishUpdate(crdType, crd, want, true, WriteOpts.internal("kube-apiserver"), null);
  }

  private static ObjectNode condition(
      String type, String reason, String message, String now, JsonNode old) {
    ObjectNode c = Json.object();
    c.put("type", type);
    c.put("status", "True");
    String since = now;
    if (old != null) {
      for (JsonNode o : old) {
        if (type.equals(o.path("type").asText()) && "True".equals(o.path("status").asText())) {
          since = o.path("lastTransitionTime").asText(now);
        }
      }
    }
    c.put("lastTransitionTime", since);
    c.put("reason", reason);
    c.put("message", message);
    return c;
  }

  /** Re-serves every stored CRD, after a snapshot was loaded. */
  public void registerStoredCrds() {
    for (ObjectNode crd : store.list("apiextensions.k8s.io/customresourcedefinitions", null)) {
      if (!crd.path("metadata").has("deletionTimestamp")
          || !Json.strings(crd.path("metadata").get("finalizers")).isEmpty()) {
        registry.register(Json.text(crd, "metadata", "name"), Registry.typesOf(crd));
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Finalizers still pending; a namespace also waits for its spec.finalizers. */
  static boolean hasFinalizers(ResourceType t, JsonNode obj) {
    if (!Json.strings(Json.at(obj, "metadata", "finalizers")).isEmpty()) {
      return true;
    }
    return t.is("", "namespaces") && !Json.strings(Json.at(obj, "spec", "finalizers")).isEmpty();
  }

  public static String scope(ResourceType t, String ns) {
    return t.namespaced() ? ns : "";
  }

  private static String randomSuffix() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
    }
    return sb.toString();
  }

  private static void checkKind(ResourceType t, JsonNode body) {
    String av = Json.text(body, "apiVersion");
    String kind = Json.text(body, "kind");
    if (kind != null && !kind.isEmpty() && !kind.equals(t.kind())) {
      throw ApiException.badRequest(
          "the API version in the data ("
              + av
              + ") does not match the expected API version ("
              + t.apiVersion()
              + ")");
    }
    if (av != null && !av.isEmpty() && !av.equals(t.apiVersion())) {
      throw ApiException.badRequest(
          "the API version in the data ("
              + av
              + ") does not match the expected API version ("
              + t.apiVersion()
              + ")");
    }
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Logger log() {
    return LOG;
  }
}
