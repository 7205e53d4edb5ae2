package io.flotilla.api.flux.kustomize;

import java.util.List;

/** {@code status.inventory}: entries {@code {id: "<ns>_<name>_<group>_<kind>", v: "<version>"}}. */
public record ResourceInventory(List<ResourceRef> entries) {
  public record ResourceRef(String id, String v) {}
}
