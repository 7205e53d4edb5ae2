package io.flotilla.kube.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.admission.Admission;
import io.flotilla.kube.admission.Defaults;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.apply.ManagedFields;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.FieldErrors;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of the API server for every verb: metadata, optimistic concurrency, status subresource,
 * finalizers and the commit of each write. HTTP lives elsewhere; this class works on trees. Lists
 * are in {@link Lists}, patches and server-side apply in {@link Patcher}, the next version of an
 * updated object in {@link NextVersion}, a CRD's status in {@link CrdStatus}.
 */
public final class ApiCore {
  private static final Logger LOG = LoggerFactory.getLogger(ApiCore.class);

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
  private final Patcher patcher;
  private int nextClusterIp = 10;

  public ApiCore(Store store, Registry registry, Runnable onDelete) {
    this.store = store;
    this.registry = registry;
    this.onDelete = onDelete;
    this.patcher = new Patcher(this);
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
    return Lists.list(store, t, ns, q);
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

  ObjectNode prepareCreate(ResourceType t, String ns, ObjectNode body) {
    BodyChecks.kind(t, body);
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

  ObjectNode commitCreate(ResourceType t, ObjectNode obj, boolean dryRun) {
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
      BodyChecks.kind(t, body);
      BodyChecks.name(body, name);
      ObjectNode old = store.get(t.storageKey(), scope(t, ns), name);
      if (old == null) {
        throw ApiException.notFound(t, name);
      }
      String rv = Json.text(body, "metadata", "resourceVersion");
      if ((rv == null || rv.isEmpty()) && t.isCustom()) {
        throw ApiException.invalid(
            t,
            name,
            "metadata.resourceVersion",
            "Invalid value: 0x0: must be specified for an update");
      }
      BodyChecks.resourceVersion(t, name, body, old);
      return finishUpdate(t, view(t, old), body, status ? "status" : null, o, null);
    }
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
      UnaryOperator<ObjectNode> change,
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

  /**
   * Turns a candidate into the next stored version of {@code old} ({@link NextVersion}) and commits
   * it, or deletes the object when the last finalizer of a deleting object went.
   *
   * @param sub the subresource written through ({@code status}, {@code scale}) or null
   * @param applied managed fields already computed by server-side apply, or null for an Update
   */
  ObjectNode finishUpdate(
      ResourceType t,
      ObjectNode old,
      ObjectNode candidate,
      String sub,
      WriteOpts o,
      List<ManagedFields.Entry> applied) {
    ObjectNode n = NextVersion.of(t, old, candidate, sub, o, applied);
    writeCheck.check(t, old, n);
    if (n.equals(old)) {
      return view(t, old);
    }
    ObjectNode m = Json.meta(n);
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
    if (t.is("apiextensions.k8s.io", "customresourcedefinitions") && !"status".equals(sub)) {
      establish(n);
    }
    return n;
  }

  // ------------------------------------------------------------------ patch

  /** A PATCH of any content type, server-side apply included ({@link Patcher}). */
  public ObjectNode patch(
      ResourceType t,
      String ns,
      String name,
      String contentType,
      byte[] body,
      boolean status,
      WriteOpts o) {
    return patcher.patch(t, ns, name, contentType, body, status, o);
  }

  // ------------------------------------------------------------------ delete

  public Deleted delete(ResourceType t, String ns, String name, DeleteOpts d) {
    synchronized (store.lock) {
      ObjectNode old = store.get(t.storageKey(), scope(t, ns), name);
      if (old == null) {
        throw ApiException.notFound(t, name);
      }
      ObjectNode m = (ObjectNode) old.get("metadata");
      d.checkPreconditions(t, name, m);
      List<String> add = d.finalizersToAdd(t, Json.strings(m.get("finalizers")));
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
      if (t.is("", "namespaces")) {
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
    if (crd.path("metadata").has("deletionTimestamp")) {
      return;
    }
    registry.register(Json.text(crd, "metadata", "name"), Registry.typesOf(crd));
    ObjectNode want = CrdStatus.established(crd);
    if (want != null) {
      ResourceType crdType =
          registry.find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
      finishUpdate(crdType, crd, want, "status", WriteOpts.internal("kube-apiserver"), null);
    }
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

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Logger log() {
    return LOG;
  }
}
