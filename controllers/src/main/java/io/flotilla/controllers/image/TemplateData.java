package io.flotilla.controllers.image;

import io.flotilla.controllers.image.CommitTemplate.Struct;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data a commit message template sees, shaped as Flux documents it: {@code .AutomationObject}
 * (prints as {@code <namespace>/<name>}), {@code .Changed.FileChanges} (file → object → changes),
 * {@code .Changed.Objects} (object → changes), {@code .Changed.Changes} (each change once), each
 * change with {@code OldValue}, {@code NewValue} and {@code Setter}, each object with {@code Kind},
 * {@code Name}, {@code Namespace} and {@code APIVersion}; and {@code .Values}.
 */
final class TemplateData {
  private TemplateData() {}

  private static final Comparator<Setters.ObjectId> ORDER =
      Comparator.comparing(Setters.ObjectId::apiVersion)
          .thenComparing(Setters.ObjectId::kind)
          .thenComparing(Setters.ObjectId::name)
          .thenComparing(Setters.ObjectId::namespace);

  static Struct of(
      String namespace, String name, TreeUpdate.Changed changed, Map<String, String> values) {
    Map<String, Object> fileChanges = new TreeMap<>();
    Map<Setters.ObjectId, List<Object>> objects = new TreeMap<>(ORDER);
    LinkedHashSet<Struct> all = new LinkedHashSet<>();
    changed
        .files()
        .forEach(
            (file, result) -> {
              Map<Setters.ObjectId, List<Object>> perFile = new TreeMap<>(ORDER);
              for (Setters.Change c : result.changes()) {
                Struct change = change(c);
                perFile.computeIfAbsent(c.object(), k -> new ArrayList<>()).add(change);
                objects.computeIfAbsent(c.object(), k -> new ArrayList<>()).add(change);
                all.add(change);
              }
              fileChanges.put(file, keyed(perFile));
            });
    Map<String, Object> changedFields = new LinkedHashMap<>();
    changedFields.put("FileChanges", fileChanges);
    changedFields.put("Objects", keyed(objects));
    changedFields.put("Changes", List.copyOf(all));
    Map<String, Object> automation = new LinkedHashMap<>();
    automation.put("Namespace", namespace);
    automation.put("Name", name);
    Map<String, Object> top = new LinkedHashMap<>();
    top.put(
        "AutomationObject", new Struct("types.NamespacedName", automation, namespace + "/" + name));
    top.put("Changed", new Struct("update.Result", changedFields, null));
    top.put("Values", values == null ? Map.of() : new TreeMap<>(values));
    return new Struct("TemplateData", top, null);
  }

  private static Map<Object, Object> keyed(Map<Setters.ObjectId, List<Object>> byObject) {
    Map<Object, Object> out = new LinkedHashMap<>();
    byObject.forEach((id, changes) -> out.put(object(id), List.copyOf(changes)));
    return out;
  }

  private static Struct object(Setters.ObjectId id) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("APIVersion", id.apiVersion());
    f.put("Kind", id.kind());
    f.put("Name", id.name());
    f.put("Namespace", id.namespace());
    return new Struct(
        "update.ObjectIdentifier",
        f,
        "{{{%s %s} {%s %s}}}".formatted(id.apiVersion(), id.kind(), id.name(), id.namespace()));
  }

  private static Struct change(Setters.Change c) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("OldValue", c.oldValue());
    f.put("NewValue", c.newValue());
    f.put("Setter", c.setter());
    return new Struct("update.Change", f, null);
  }
}
