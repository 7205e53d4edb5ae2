package io.flotilla.kustomize;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * The bounds under which a repository's YAML is read, so that a small hostile file fails its own
 * build instead of filling the heap or the stack: go-yaml's alias expansion budget (the rule kyaml,
 * sigs.k8s.io/yaml and Helm all decode with), a nesting depth, a document size.
 */
final class YamlLimits {
  /**
   * Nesting depth. go-yaml allows 10,000, but the composer recurses per level and overflows a
   * default thread stack near 3,000; Jackson, which later serialises every object, stops at 1,000.
   */
  static final int MAX_DEPTH = 1000;

  /** Code points per document: kube-apiserver's request limit (3 MiB) bounds an object anyway. */
  static final int MAX_DOCUMENT_CODE_POINTS = 3 * 1024 * 1024;

  private YamlLimits() {}

  /**
   * The share of decoded nodes go-yaml lets alias expansion account for: 99% up to 400,000 nodes,
   * falling linearly to 10% at 4,000,000 (its {@code allowedAliasRatio}).
   */
  static double allowedAliasRatio(long decoded) {
    if (decoded <= 400_000) {
      return 0.99;
    }
    if (decoded >= 4_000_000) {
      return 0.10;
    }
    return 0.99 - 0.89 * ((double) (decoded - 400_000) / 3_600_000);
  }

  /** Thrown when a document breaks a bound; the message is go-yaml's (without "yaml: "). */
  static final class Exceeded extends RuntimeException {
    Exceeded(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * go-yaml's bookkeeping while one document is decoded: every node counts, and nodes reached
   * through an alias count as alias-driven; more than 100 of those in a decode of more than 1,000
   * nodes whose share exceeds {@link #allowedAliasRatio} ends it. snakeyaml's composer hands an
   * alias back as the anchored node itself, so an alias is an anchored node met again.
   */
  static final class Expansion {
    private final Set<Node> defined = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private long decoded = 1; // the document node
    private long viaAlias;
    private int aliasDepth;

    /**
     * Counts a visit of {@code node}; returns true when it is an alias's, in which case {@link
     * #leaveAlias} must follow once the node is decoded.
     */
    boolean enter(Node node) {
      boolean alias = node.getAnchor().isPresent() && !defined.add(node);
      count();
      if (!alias) {
        return false;
      }
      if (open.contains(node)) {
        throw new Exceeded(
            "anchor '" + node.getAnchor().get().getValue() + "' value contains itself");
      }
      aliasDepth++;
      count(); // go-yaml decodes the alias node, then what it points at
      return true;
    }

    void leaveAlias() {
      aliasDepth--;
    }

    /** Marks a collection as being decoded, so that an alias to it from inside is caught. */
    void open(Node collection) {
      if (collection.getAnchor().isPresent()) {
        open.add(collection);
      }
    }

    void close(Node collection) {
      open.remove(collection);
    }

    private void count() {
      decoded++;
      if (aliasDepth > 0) {
        viaAlias++;
      }
      if (viaAlias > 100
          && decoded > 1000
          && (double) viaAlias / decoded > allowedAliasRatio(decoded)) {
        throw new Exceeded("document contains excessive aliasing");
      }
    }
  }

  /** A parser that refuses collections nested deeper than {@link #MAX_DEPTH}. */
  static final class DepthLimited implements Parser {
    private final Parser parser;
    private int depth;

    DepthLimited(Parser parser) {
      this.parser = parser;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
      return parser.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
      return parser.peekEvent();
    }

    @Override
    public boolean hasNext() {
      return parser.hasNext();
    }

    @Override
    public Event next() {
      Event e = parser.next();
      switch (e.getEventId()) {
        case MappingStart, SequenceStart -> {
          if (++depth > MAX_DEPTH) {
            throw new YamlEngineException("exceeded max depth of " + MAX_DEPTH);
          }
        }
        case MappingEnd, SequenceEnd -> depth--;
        default -> {}
      }
      return e;
    }
  }
}
