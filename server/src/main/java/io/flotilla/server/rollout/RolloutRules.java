package io.flotilla.server.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.KnownProperties;
import io.flotilla.server.http.RequestBodies;
import io.flotilla.server.rollout.RolloutPlan.PlannedWave;
import io.flotilla.server.rollout.RolloutSubject.Target;
import io.flotilla.server.store.ClusterRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a rollout's PUT: every wave names at least one cluster the assignment selects, no
 * cluster is in two waves, counts and times are in range. Each error names the field and the fix;
 * nothing is written when one fails.
 */
final class RolloutRules {
  static final int MAX_WAVES = 50;

  /** A week: a longer bake is a decision to take by hand (pause, then resume). */
  static final long MAX_BAKE_SECONDS = 7 * 24 * 3600;

  private static final Pattern WAVE_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final Pattern MAX_UNAVAILABLE = Pattern.compile("^([1-9][0-9]*)(%?)$");

  private RolloutRules() {}

  static RolloutPlan parse(JsonNode properties, Target assignment, List<ClusterRow> selected) {
    if (properties == null || !properties.isObject()) {
      throw ArmException.invalidProperty(
          "properties",
          "The request body must contain 'properties' with 'waves': the ordered cluster groups to"
              + " roll the assignment's revision out to.");
    }
    KnownProperties.check(properties, Rollout.Properties.class, "properties");
    Rollout.Properties p = RequestBodies.convert(properties, Rollout.Properties.class);
    if (p.configurationName() != null || p.patch() != null) {
      throw ArmException.invalidProperty(
          p.patch() != null ? "properties.patch" : "properties.configurationName",
          "An assignment's rollout rolls out a template revision: PUT the assignment with the"
              + " change, then the rollout. configurationName and patch belong to a"
              + " fluxConfigurationRollouts resource.");
    }
    long target = p.targetRevision() == null ? assignment.revision() : p.targetRevision();
    if (target < 1 || target > assignment.revision()) {
      throw ArmException.invalidProperty(
          "properties.targetRevision",
          "The targetRevision "
              + target
              + " does not exist: assignment '"
              + assignment.resourceId()
              + "' has revisions 1 to "
              + assignment.revision()
              + ". Omit targetRevision to roll out the latest.");
    }
    if (target == assignment.releasedRevision()) {
      throw ArmException.invalidProperty(
          "properties.targetRevision",
          "Revision "
              + target
              + " of assignment '"
              + assignment.resourceId()
              + "' is already released to every cluster. "
              + (assignment.staged()
                  ? "PUT the assignment with the new template first, then create the rollout."
                  : "Set the assignment's rolloutMode to Staged and PUT the new template: a"
                      + " rollout then takes it to the clusters wave by wave."));
    }
    if (p.waves() == null || p.waves().isEmpty()) {
      throw ArmException.invalidProperty(
          "properties.waves",
          "A rollout needs at least one wave, e.g. \"waves\":[{\"name\":\"canary\","
              + "\"clusters\":[\"<cluster name or id>\"],\"bakeTimeInSeconds\":600}].");
    }
    if (p.waves().size() > MAX_WAVES) {
      throw ArmException.invalidProperty(
          "properties.waves",
          "A rollout has at most " + MAX_WAVES + " waves; got " + p.waves().size() + ".");
    }
    List<PlannedWave> waves = new ArrayList<>();
    Map<String, String> waveOf = new HashMap<>();
    Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < p.waves().size(); i++) {
      PlannedWave w = wave(i, p.waves().get(i), assignment, selected);
      if (!names.add(w.name())) {
        throw ArmException.invalidProperty(
            "properties.waves[" + i + "].name",
            "Two waves are named '" + w.name() + "': give every wave its own name.");
      }
      for (String id : w.clusterIds()) {
        String other = waveOf.putIfAbsent(id, w.name());
        if (other != null) {
          throw ArmException.invalidProperty(
              "properties.waves[" + i + "]",
              "Cluster '"
                  + resourceId(selected, id)
                  + "' is in wave '"
                  + other
                  + "' and in wave '"
                  + w.name()
                  + "': waves must not overlap. Remove it from one of them (or narrow that"
                  + " wave's clusterSelector).");
        }
      }
      waves.add(w);
    }
    return new RolloutPlan(
        assignment.key(),
        target,
        assignment.releasedRevision(),
        Boolean.TRUE.equals(p.rollbackOnFailure()),
        waves,
        null,
        null);
  }

  private static PlannedWave wave(
      int i, Rollout.Wave w, Target assignment, List<ClusterRow> selected) {
    String at = "properties.waves[" + i + "]";
    if (w == null) {
      throw ArmException.invalidProperty(at, "Wave " + (i + 1) + " is null: give it clusters.");
    }
    String name = w.name() == null ? "wave-" + (i + 1) : w.name();
    if (!WAVE_NAME.matcher(name).matches()) {
      throw ArmException.invalidProperty(
          at + ".name",
          "The wave name '"
              + name
              + "' is invalid: use lowercase letters, digits and '-', starting and ending with a"
              + " letter or digit, at most 63 characters.");
    }
    boolean byList = w.clusters() != null;
    Map<String, String> tags =
        w.clusterSelector() == null || w.clusterSelector().matchTags() == null
            ? null
            : new LinkedHashMap<>(w.clusterSelector().matchTags());
    if (byList == (tags != null)) {
      throw ArmException.invalidProperty(
          at,
          "Wave '"
              + name
              + "' needs either 'clusters' (cluster names or ARM ids) or 'clusterSelector'"
              + " ({\"matchTags\":{\"ring\":\"1\"}}), not "
              + (byList ? "both." : "neither."));
    }
    List<String> ids = new ArrayList<>();
    if (byList) {
      for (int c = 0; c < w.clusters().size(); c++) {
        String id =
            resolve(w.clusters().get(c), at + ".clusters[" + c + "]", name, assignment, selected);
        if (!ids.contains(id)) {
          ids.add(id);
        }
      }
    } else {
      for (ClusterRow c : selected) {
        if (tags.entrySet().stream()
            .allMatch(e -> e.getValue() != null && e.getValue().equals(tag(c, e.getKey())))) {
          ids.add(c.id());
        }
      }
    }
    if (ids.isEmpty()) {
      throw ArmException.invalidProperty(
          at,
          "Wave '"
              + name
              + "' is empty: "
              + (byList
                  ? "its clusters list names no cluster."
                  : "none of " + covered(assignment) + " has the tags " + tags + ".")
              + " Give it at least one of them, or remove the wave.");
    }
    return new PlannedWave(
        name,
        ids,
        byList ? List.copyOf(new LinkedHashSet<>(w.clusters())) : null,
        tags,
        maxUnavailable(at, name, w.maxUnavailable()),
        bake(at, name, w.bakeTimeInSeconds()));
  }

  private static String resolve(
      String given, String at, String wave, Target assignment, List<ClusterRow> selected) {
    List<ClusterRow> matches = new ArrayList<>();
    for (ClusterRow c : selected) {
      if (given != null
          && (c.ref().resourceId().equalsIgnoreCase(given)
              || c.ref().clusterName().equalsIgnoreCase(given))) {
        matches.add(c);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0).id();
    }
    if (matches.isEmpty()) {
      throw ArmException.invalidProperty(
          at,
          "Cluster '"
              + given
              + "' of wave '"
              + wave
              + "' is not one of "
              + covered(assignment)
              + ". Give the name or ARM id of one of them.");
    }
    throw ArmException.invalidProperty(
        at,
        "Cluster name '"
            + given
            + "' of wave '"
            + wave
            + "' matches "
            + matches.size()
            + " clusters (in different resource groups): give its ARM id instead.");
  }

  private static String maxUnavailable(String at, String wave, JsonNode given) {
    if (given == null || given.isNull()) {
      return "25%";
    }
    String s = given.isNumber() || given.isTextual() ? given.asText().trim() : "";
    var m = MAX_UNAVAILABLE.matcher(s);
    if (!m.matches()
        || (given.isNumber() && !given.canConvertToInt())
        || (!m.group(2).isEmpty() && Long.parseLong(m.group(1)) > 100)
        || Long.parseLong(m.group(1)) > Integer.MAX_VALUE) {
      throw ArmException.invalidProperty(
          at + ".maxUnavailable",
          "maxUnavailable of wave '"
              + wave
              + "' is invalid ("
              + given
              + "): use a positive number of clusters (e.g. 1) or a percentage of the wave from"
              + " 1% to 100% (e.g. \"25%\").");
    }
    return s;
  }

  private static long bake(String at, String wave, Long given) {
    if (given == null) {
      return 0;
    }
    if (given < 0 || given > MAX_BAKE_SECONDS) {
      throw ArmException.invalidProperty(
          at + ".bakeTimeInSeconds",
          "bakeTimeInSeconds of wave '"
              + wave
              + "' is invalid ("
              + given
              + "): use 0 (no bake) up to "
              + MAX_BAKE_SECONDS
              + " (7 days).");
    }
    return given;
  }

  /** How messages name the clusters a rollout may take: an assignment's, or a scope's. */
  private static String covered(Target t) {
    return t.resourceId().contains("/fluxConfigurationRollouts/")
        ? "the clusters of rollout '"
            + t.resourceId()
            + "' (the connected clusters of its scope that hold its configuration, made by hand)"
        : "the clusters assignment '"
            + t.resourceId()
            + "' selects (connected, in its scope, of its cluster types and tags)";
  }

  /** ARM tag names compare case-insensitively; values exactly. */
  private static String tag(ClusterRow c, String key) {
    for (var e : c.tagMap().entrySet()) {
      if (e.getKey().equalsIgnoreCase(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String resourceId(List<ClusterRow> selected, String id) {
    return selected.stream()
        .filter(c -> c.id().equals(id))
        .map(c -> c.ref().resourceId())
        .findFirst()
        .orElse(id);
  }
}
