package io.flotilla.server.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.server.fluxconfig.FluxConfigurationService;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.store.ConfigurationRow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * What a wave writes to one cluster: the rollout's patch applied to the configuration as the wave
 * finds it, not as it was when the rollout was created, so that a hand edit made in between is kept
 * (as a merge patch keeps the fields it does not name) and a rollback restores it. No I/O.
 */
final class Rebase {
  private Rebase() {}

  sealed interface Outcome permits Write, Refuse {}

  /**
   * Revision 1 and revision 2 as the wave writes them; {@code rebased}: what changed since the
   * rollout was created and what the patch overrode (null: nothing changed).
   */
  record Write(String base, String target, String rebased) implements Outcome {}

  /** The patch makes the configuration as it is now invalid: the wave fails on this cluster. */
  record Refuse(String why) implements Outcome {}

  /**
   * @param created revision 1 as recorded when the rollout was created
   * @param target revision 2 as recorded when the rollout was created
   * @param now the configuration when the wave reaches it
   */
  static Outcome of(String created, String target, ConfigurationRow now, JsonNode patch) {
    JsonNode before = Json.tree(created);
    JsonNode current = Json.tree(now.desired());
    if (before.equals(current)) {
      return new Write(created, target, null);
    }
    List<String> changed = new ArrayList<>();
    changedFields(before, current, "", changed);
    String what =
        "Configuration '"
            + now.name()
            + "' was changed after this rollout was created ("
            + String.join(", ", changed)
            + "; last by "
            + now.authorship().modifiedBy()
            + " at "
            + now.authorship().modifiedAt()
            + ")";
    String rebasedTarget;
    try {
      rebasedTarget =
          Json.write(FluxConfigurationService.patched(now.name(), now.desired(), patch));
    } catch (ArmException e) {
      return new Refuse(
          what
              + " and the patch makes it invalid: "
              + e.getMessage()
              + " The wave left it as it is.");
    }
    List<String> overridden = overlapping(changed, patch);
    return new Write(
        now.desired(),
        rebasedTarget,
        what
            + ": the wave applied the patch to it as it was, so that change is kept. Revision 1"
            + " is the configuration as the wave found it (a rollback restores it), revision 2"
            + " that with the patch."
            + (overridden.isEmpty()
                ? ""
                : " The patch sets "
                    + String.join(", ", overridden)
                    + " too: there the patch's value replaced the change."));
  }

  /** The fields whose values differ, as dotted paths (objects compared field by field). */
  static void changedFields(JsonNode a, JsonNode b, String prefix, List<String> out) {
    if (a != null && b != null && a.isObject() && b.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        changedFields(a.get(n), b.get(n), prefix + n + ".", out);
      }
    } else if (a == null ? b != null : !a.equals(b)) {
      out.add(prefix.substring(0, prefix.length() - 1));
    }
  }

  /** The changed fields that a field the patch sets lies in, or that lie in one it sets. */
  static List<String> overlapping(List<String> changed, JsonNode patch) {
    List<String> set = new ArrayList<>();
    leaves(patch, "", set);
    return changed.stream()
        .filter(
            c ->
                set.stream()
                    .anyMatch(p -> c.equals(p) || c.startsWith(p + ".") || p.startsWith(c + ".")))
        .toList();
  }

  private static void leaves(JsonNode n, String prefix, List<String> out) {
    if (!n.isObject() || n.isEmpty()) {
      out.add(prefix.substring(0, prefix.length() - 1));
      return;
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      leaves(n.get(f), prefix + f + ".", out);
    }
  }
}
