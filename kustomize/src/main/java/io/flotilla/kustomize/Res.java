package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One resource in a build: its object plus what kustomize remembers about it — the ids it had
 * before renames (for name references and patch targets) and whether it came from a generator that
 * wants a content hash appended to its name.
 */
final class Res {
  ObjectNode obj;
  final List<ResId> previous = new ArrayList<>();
  boolean needsHash;

  /** The generator's behavior (create/merge/replace), or null for plain resources. */
  String behavior;

  /** Where it came from, as buildMetadata's originAnnotations writes it. */
  String origin;

  /** The transformers that ran over it, as buildMetadata's transformerAnnotations lists them. */
  final List<String> transformations = new ArrayList<>();

  /**
   * The name prefixes and suffixes applied to it, outermost last: a name reference with several
   * candidates prefers the one renamed in the same context as the referrer, as kustomize does.
   */
  final List<String> prefixes = new ArrayList<>();

  final List<String> suffixes = new ArrayList<>();

  Res(ObjectNode obj) {
    this.obj = obj;
  }

  ResId id() {
    return ResId.of(obj);
  }

  /**
   * Remembers the current id as a previous one. kustomize does this whenever a transformer that may
   * rename runs over a resource, whether or not the id changes: only resources with a previous id
   * are candidates for name references.
   */
  void storePrevious() {
    previous.add(id());
  }

  /**
   * Whether its current id or one it had is {@code id}, an empty namespace counting as {@code
   * default} (kustomize's GetMatchingResourcesByAnyId with ResId.Equals).
   */
  boolean hadId(ResId id) {
    ResId cur = id();
    if (cur.sameAs(id)) return true;
    for (ResId p : previous) {
      if (new ResId(cur.group(), cur.version(), p.kind(), p.name(), p.namespace()).sameAs(id)) {
        return true;
      }
    }
    return false;
  }

  /** The id it was loaded or generated with. */
  ResId origin() {
    return previous.isEmpty() ? id() : previous.get(0);
  }

  /** Every name this resource has had, oldest first, ending with the current one. */
  List<String> names() {
    List<String> out = new ArrayList<>();
    for (ResId p : previous) out.add(p.name());
    out.add(id().name());
    return out;
  }

  String name() {
    return obj.path("metadata").path("name").asText("");
  }

  String namespace() {
    return obj.path("metadata").path("namespace").asText("");
  }

  Res copy() {
    Res r = new Res(obj.deepCopy());
    r.previous.addAll(previous);
    r.needsHash = needsHash;
    r.behavior = behavior;
    r.origin = origin;
    r.transformations.addAll(transformations);
    r.prefixes.addAll(prefixes);
    r.suffixes.addAll(suffixes);
    return r;
  }
}
