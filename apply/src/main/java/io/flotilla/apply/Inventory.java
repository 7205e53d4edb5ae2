package io.flotilla.apply;

import io.flotilla.api.flux.kustomize.ResourceInventory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Pure functions over inventories ({@code status.inventory} of a Kustomization). */
public final class Inventory {
  private Inventory() {}

  /** Objects in {@code previous} whose id is not in {@code current}: the ones to prune. */
  public static List<ObjectRef> stale(List<ObjectRef> previous, List<ObjectRef> current) {
    Set<String> keep = current.stream().map(ObjectRef::inventoryId).collect(Collectors.toSet());
    Map<String, ObjectRef> byId = new LinkedHashMap<>();
    for (ObjectRef ref : previous) {
      if (!keep.contains(ref.inventoryId())) {
        byId.putIfAbsent(ref.inventoryId(), ref);
      }
    }
    return List.copyOf(byId.values());
  }

  /** The status form: entries {@code {id, v}} in the given order, duplicates dropped. */
  public static ResourceInventory toStatus(List<ObjectRef> refs) {
    Map<String, ResourceInventory.ResourceRef> byId = new LinkedHashMap<>();
    refs.forEach(
        r ->
            byId.putIfAbsent(
                r.inventoryId(), new ResourceInventory.ResourceRef(r.inventoryId(), r.version())));
    return new ResourceInventory(List.copyOf(byId.values()));
  }

  /** Parses a stored inventory; a missing inventory is empty. */
  public static List<ObjectRef> fromStatus(ResourceInventory inventory) {
    if (inventory == null || inventory.entries() == null) {
      return List.of();
    }
    return inventory.entries().stream()
        .map(e -> ObjectRef.parseInventoryId(e.id(), e.v()))
        .toList();
  }
}
