package io.flotilla.kube.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Field ownership as server-side apply tracks it in {@code metadata.managedFields}: who set which
 * field, by Apply or Update, on the main resource or a subresource.
 */
public final class ManagedFields {
  /** One managedFields entry; managers are identified by name, operation and subresource. */
  public static final class Entry {
    final String manager;
    final String operation;
    final String subresource;
    String apiVersion;
    String time;
    public FieldSet fields;

    public Entry(
        String manager,
        String operation,
        String subresource,
        String apiVersion,
        String time,
        FieldSet fields) {
      this.manager = manager;
      this.operation = operation;
      this.subresource = subresource;
      this.apiVersion = apiVersion;
      this.time = time;
      this.fields = fields;
    }

    boolean sameManager(String m, String op, String sub) {
      return manager.equals(m) && operation.equals(op) && Objects.equals(subresource, sub);
    }

    String describe() {
      String s = "\"" + manager + "\"";
      if (subresource != null) {
        s += " with subresource \"" + subresource + "\"";
      }
      return s + " using " + apiVersion;
    }
  }

  private ManagedFields() {}

  public static List<Entry> read(JsonNode obj) {
    List<Entry> out = new ArrayList<>();
    JsonNode mf = Json.at(obj, "metadata", "managedFields");
    if (mf == null) {
      return out;
    }
    for (JsonNode e : mf) {
      out.add(
          new Entry(
              e.path("manager").asText(""),
              e.path("operation").asText("Update"),
              e.hasNonNull("subresource") ? e.get("subresource").asText() : null,
              e.path("apiVersion").asText(""),
              e.path("time").asText(null),
              FieldSet.fromFieldsV1(e.get("fieldsV1"))));
    }
    return out;
  }

  public static void write(ObjectNode obj, List<Entry> entries) {
    ArrayNode arr = Json.array();
    for (Entry e : entries) {
      if (e.fields.isEmpty()) {
        continue;
      }
      ObjectNode n = arr.addObject();
      n.put("manager", e.manager);
      n.put("operation", e.operation);
      n.put("apiVersion", e.apiVersion);
      if (e.time != null) {
        n.put("time", e.time);
      }
      n.put("fieldsType", "FieldsV1");
      n.set("fieldsV1", e.fields.toFieldsV1());
      if (e.subresource != null) {
        n.put("subresource", e.subresource);
      }
    }
    if (arr.isEmpty()) {
      Json.meta(obj).remove("managedFields");
    } else {
      Json.meta(obj).set("managedFields", arr);
    }
  }

  private static final List<String> SYSTEM_META =
      List.of(
          "name",
          "namespace",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "managedFields",
          "selfLink");

  /** The part of an object whose fields a manager can own through the given endpoint. */
  static ObjectNode ownable(JsonNode obj, ResourceType t, String subresource) {
    ObjectNode o = obj.deepCopy();
    o.remove("apiVersion");
    o.remove("kind");
    if ("status".equals(subresource)) {
      ObjectNode only = Json.object();
      if (o.has("status")) {
        only.set("status", o.get("status"));
      }
      return only;
    }
    if (t.hasStatus()) {
      o.remove("status");
    }
    if (o.get("metadata") instanceof ObjectNode m) {
      SYSTEM_META.forEach(m::remove);
      if (m.isEmpty()) {
        o.remove("metadata");
      }
    }
    return o;
  }

  /** Records an Update: the manager gains what it changed; others lose what changed or went. */
  public static List<Entry> afterUpdate(
      List<Entry> entries,
      JsonNode oldObj,
      JsonNode newObj,
      ResourceType t,
      String manager,
      String subresource) {
    ListKeys keys = new ListKeys(t);
    ObjectNode oldOwnable = oldObj == null ? Json.object() : ownable(oldObj, t, subresource);
    ObjectNode newOwnable = ownable(newObj, t, subresource);
    FieldSet oldSet = FieldSet.of(oldOwnable, keys, List.of());
    FieldSet newSet = FieldSet.of(newOwnable, keys, List.of());
    FieldSet changed = FieldSet.empty();
    for (List<String> p : newSet.members()) {
      JsonNode before = FieldSet.valueAt(oldOwnable, p);
      boolean leaf = newSet.isLeaf(p);
      if (before == null || (leaf && !before.equals(FieldSet.valueAt(newOwnable, p)))) {
        insert(changed, p);
      }
    }
    FieldSet removed = oldSet.minus(newSet);
    List<Entry> out = new ArrayList<>();
    Entry mine = null;
    for (Entry e : entries) {
      if (e.sameManager(manager, "Update", subresource)) {
        mine = e;
        e.fields = e.fields.union(changed).minus(removed);
      } else {
        e.fields = e.fields.minus(changed).minus(removed);
      }
      out.add(e);
    }
    if (mine == null && !changed.isEmpty()) {
      out.add(new Entry(manager, "Update", subresource, t.apiVersion(), Json.now(), changed));
    } else if (mine != null && !changed.isEmpty()) {
      mine.time = Json.now();
      mine.apiVersion = t.apiVersion();
    }
    out.removeIf(e -> e.fields.isEmpty());
    return out;
  }

  public static void insert(FieldSet set, List<String> path) {
    FieldSet s = set;
    for (String p : path) {
      s = s.children.computeIfAbsent(p, k -> new FieldSet());
    }
    s.member = true;
  }

  /** Outcome of an apply: the merged object (managedFields set) for the caller to store. */
  public static ObjectNode apply(
      ObjectNode live,
      ObjectNode applied,
      ResourceType t,
      String manager,
      boolean force,
      String subresource,
      String name) {
    ListKeys keys = new ListKeys(t);
    ObjectNode appliedOwnable = ownable(applied, t, subresource);
    FieldSet appliedSet = FieldSet.of(appliedOwnable, keys, List.of());
    List<Entry> entries = live == null ? new ArrayList<>() : read(live);
    ObjectNode liveOwnable = live == null ? Json.object() : ownable(live, t, subresource);

    // Conflicts: another manager owns a field this apply sets to a different value.
    List<ApiException.Cause> causes = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (Entry e : entries) {
      if (e.sameManager(manager, "Apply", subresource)) {
        continue;
      }
      FieldSet both = appliedSet.intersect(e.fields);
      FieldSet lost = FieldSet.empty();
      for (List<String> p : both.members()) {
        if (!both.isLeaf(p)) {
          continue;
        }
        if (!Objects.equals(
            FieldSet.valueAt(appliedOwnable, p), FieldSet.valueAt(liveOwnable, p))) {
          insert(lost, p);
          String field = FieldSet.describe(p);
          causes.add(
              new ApiException.Cause(
                  "FieldManagerConflict", "conflict with " + e.describe(), field));
          lines.add(e.describe() + ": " + field);
        }
      }
      if (force) {
        e.fields = e.fields.minus(lost);
      }
    }
    if (!causes.isEmpty() && !force) {
      throw ApiException.conflictMessage(t, name, conflictMessage(causes), causes);
    }

    ObjectNode merged = live == null ? Json.object() : live.deepCopy();
    ObjectNode toMerge = appliedOwnable.deepCopy();
    if (applied.get("metadata") instanceof ObjectNode am) {
      // name/namespace are identity, not owned fields, but a create needs them.
      ObjectNode mm = Json.child(toMerge, "metadata");
      for (String f : List.of("name", "namespace", "generateName")) {
        if (am.has(f) && !"status".equals(subresource)) {
          mm.set(f, am.get(f));
        }
      }
      if (mm.isEmpty()) {
        toMerge.remove("metadata");
      }
    }
    Patches.applyMerge(merged, toMerge, keys, List.of());

    // Fields this manager applied before and no longer does are removed unless someone else owns
    // them.
    Entry mine = null;
    for (Entry e : entries) {
      if (e.sameManager(manager, "Apply", subresource)) {
        mine = e;
      }
    }
    if (mine != null) {
      FieldSet others = FieldSet.empty();
      for (Entry e : entries) {
        if (e != mine) {
          others = others.union(e.fields);
        }
      }
      FieldSet dropped = mine.fields.minus(appliedSet).minus(others);
      List<List<String>> paths = dropped.members();
      // Shallow first, so a removed list item goes whole before its key fields could vanish.
      paths.sort(Comparator.comparingInt(List::size));
      List<List<String>> gone = new ArrayList<>();
      for (List<String> p : paths) {
        if (gone.stream().anyMatch(g -> p.size() > g.size() && p.subList(0, g.size()).equals(g))) {
          continue;
        }
        if (!dropped.isLeaf(p) && hasOwnedBelow(others, p)) {
          continue;
        }
        if (isKeyField(p)) {
          continue;
        }
        if (FieldSet.removeAt(merged, p)) {
          gone.add(p);
          pruneEmptyParents(merged, p);
        }
      }
      // As kube-apiserver: an apply that changes neither the object nor this manager's fields keeps
      // its timestamp, so the write is a no-op and the resourceVersion does not move.
      boolean changed =
          !new java.util.HashSet<>(mine.fields.members())
                  .equals(new java.util.HashSet<>(appliedSet.members()))
              || !t.apiVersion().equals(mine.apiVersion)
              || !withoutManagedFields(merged).equals(withoutManagedFields(live));
      mine.fields = appliedSet;
      if (changed) {
        mine.time = Json.now();
        mine.apiVersion = t.apiVersion();
      }
    } else {
      entries.add(new Entry(manager, "Apply", subresource, t.apiVersion(), Json.now(), appliedSet));
    }
    write(merged, entries);
    return merged;
  }

  private static JsonNode withoutManagedFields(ObjectNode o) {
    if (o == null) {
      return null;
    }
    ObjectNode copy = o.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode m) {
      m.remove("managedFields");
    }
    return copy;
  }

  private static boolean isKeyField(List<String> p) {
    if (p.size() < 2 || !p.get(p.size() - 2).startsWith("k:")) {
      return false;
    }
    String field = p.get(p.size() - 1).substring(2);
    return Json.parse(
            p.get(p.size() - 2).substring(2).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .has(field);
  }

  private static boolean hasOwnedBelow(FieldSet set, List<String> path) {
    FieldSet s = set;
    for (String p : path) {
      s = s.children.get(p);
      if (s == null) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  private static void pruneEmptyParents(ObjectNode root, List<String> path) {
    for (int n = path.size() - 1; n > 0; n--) {
      List<String> parent = path.subList(0, n);
      JsonNode v = FieldSet.valueAt(root, parent);
      if (v != null && v.isContainerNode() && v.isEmpty() && parent.get(n - 1).startsWith("f:")) {
        FieldSet.removeAt(root, parent);
      } else {
        return;
      }
    }
  }

  static String conflictMessage(List<ApiException.Cause> causes) {
    if (causes.size() == 1) {
      ApiException.Cause c = causes.get(0);
      return "Apply failed with 1 conflict: " + c.message() + ": " + c.field();
    }
    StringBuilder sb = new StringBuilder("Apply failed with " + causes.size() + " conflicts: ");
    String lastGroup = null;
    for (ApiException.Cause c : causes) {
      String group = c.message().replaceFirst("^conflict with", "conflicts with");
      if (!group.equals(lastGroup)) {
        if (lastGroup != null) {
          sb.append('\n');
        }
        sb.append(group).append(":");
        lastGroup = group;
      }
      sb.append("\n- ").append(c.field());
    }
    return sb.toString();
  }
}
