package io.flotilla.server.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.server.assignment.AssignmentRollouts;
import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.context.ServiceContext;
import io.flotilla.server.fluxconfig.ConfigurationLifecycle;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.rollout.RolloutProgress.State;
import io.flotilla.server.rollout.RolloutProgress.WaveProgress;
import io.flotilla.server.rollout.RolloutSubject.Target;
import io.flotilla.server.store.AuditLog;
import io.flotilla.server.store.Authorship;
import io.flotilla.server.store.ClusterRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/** The rules and transactions of rollouts; moving them on is the engine's. */
public final class RolloutService {
  private final ServiceContext context;
  private final AssignmentSubject assignments;
  private final ConfigurationSubject configurations;
  private final RolloutSubjects subjects;
  private final RolloutEngine engine;
  private final RolloutStore store = new RolloutStore();
  private final ClusterRepository clusters = new ClusterRepository();
  private final RolloutView view;

  public RolloutService(
      ServiceContext context,
      Connectivity connectivity,
      AssignmentRollouts assignments,
      ConfigurationLifecycle lifecycle) {
    this.context = context;
    this.assignments = new AssignmentSubject(assignments);
    this.configurations = new ConfigurationSubject(context, lifecycle);
    this.subjects = new RolloutSubjects(this.assignments, configurations);
    this.engine = new RolloutEngine(context, connectivity, subjects);
    this.view = new RolloutView(context.clock(), engine, subjects);
  }

  /** One pass of the engine over every running rollout (run it every second or so). */
  public void tick() {
    engine.tick();
  }

  /** Which assignment: its scope and name, as in its path. */
  record AssignmentName(String subscription, String resourceGroup, String name) {}

  /** Which configuration rollout: its scope (a subscription, or a resource group) and name. */
  record ConfigurationRolloutName(String subscription, String resourceGroup, String name) {
    String collection() {
      return "/subscriptions/"
          + subscription
          + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup)
          + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurationRollouts/";
    }

    String resourceId() {
      return collection() + name;
    }

    String key() {
      return resourceId().toLowerCase(Locale.ROOT);
    }
  }

  /** The user's actions on a rollout (ARM POST actions). */
  enum Action {
    pause,
    resume,
    abort,
    rollback
  }

  record Created(boolean created, Rollout resource) {}

  Created put(AssignmentName an, String name, JsonNode properties, String actor) {
    Instant now = context.clock().instant();
    String key =
        context.inTransaction(
            h -> {
              Target t = require(h, an);
              String id = t.resourceId() + "/rollouts/" + name;
              String k = id.toLowerCase(Locale.ROOT);
              if (store.find(h, k).isPresent()) {
                throw new ArmException(
                    409,
                    "RolloutExists",
                    "Rollout '"
                        + id
                        + "' exists and cannot be changed. Abort it (or let it finish) and create"
                        + " a rollout with another name.");
              }
              for (RolloutRow other : store.ofAssignment(h, t.key())) {
                if (other.progress().state().active()) {
                  throw new ArmException(
                      409,
                      "RolloutInProgress",
                      "Rollout '"
                          + other.resourceId()
                          + "' of this assignment is "
                          + other.progress().state()
                          + ". Wait for it to finish, or abort it, before starting another.");
                }
              }
              RolloutPlan plan =
                  RolloutRules.parse(properties, t, assignments.clusters(h, t.key()));
              validateName(name);
              store.insert(
                  h,
                  new RolloutRow(
                      k,
                      id,
                      name,
                      plan,
                      RolloutProgress.start(plan.waves().size()),
                      Authorship.created(now, actor)));
              AuditLog.record(
                  h,
                  now,
                  actor,
                  "create",
                  id,
                  "revision " + plan.baseRevision() + " -> " + plan.targetRevision());
              return k;
            });
    engine.advance(key); // the first wave starts now, not on the next pass
    return new Created(true, get(key));
  }

  /** Creates and starts a rollout of a configuration change (docs/assignments.md). */
  Created putConfiguration(ConfigurationRolloutName n, JsonNode properties, String actor) {
    validateName(n.name());
    Instant now = context.clock().instant();
    context.useTransaction(
        h -> {
          if (store.find(h, n.key()).isPresent()) {
            throw new ArmException(
                409,
                "RolloutExists",
                "Rollout '"
                    + n.resourceId()
                    + "' exists and cannot be changed. Abort it (or let it finish) and create a"
                    + " rollout with another name.");
          }
          var parsed =
              ConfigurationRolloutRules.parse(
                  h, n.key(), n.resourceId(), n.subscription(), n.resourceGroup(), properties);
          refuseOverlap(h, n, parsed);
          store.insert(
              h,
              new RolloutRow(
                  n.key(),
                  n.resourceId(),
                  n.name(),
                  parsed.plan(),
                  RolloutProgress.start(parsed.plan().waves().size()),
                  Authorship.created(now, actor)));
          configurations.insert(h, n.key(), parsed.members());
          AuditLog.record(
              h,
              now,
              actor,
              "create",
              n.resourceId(),
              "patch of configuration '"
                  + parsed.plan().configurationName()
                  + "' on "
                  + parsed.members().size()
                  + " cluster(s)");
        });
    engine.advance(n.key());
    return new Created(true, get(n.key()));
  }

  /**
   * Two rollouts of one configuration on one cluster would undo each other's waves: while one runs
   * (or is paused) another that takes any of its clusters is refused, naming both. The clusters are
   * locked (in id order, as every batch writer locks them) so that two PUTs at once take turns.
   */
  private void refuseOverlap(
      Handle h, ConfigurationRolloutName n, ConfigurationRolloutRules.Parsed parsed) {
    List<String> ids =
        parsed.members().stream().map(ConfigurationSubject.Member::clusterId).sorted().toList();
    ids.forEach(id -> clusters.lock(h, id));
    configurations
        .overlapping(h, parsed.plan().configurationName(), ids)
        .ifPresent(
            o -> {
              throw new ArmException(
                  409,
                  "RolloutInProgress",
                  "Rollout '"
                      + o.rolloutId()
                      + "' of configuration '"
                      + parsed.plan().configurationName()
                      + "' is "
                      + o.state()
                      + " on cluster '"
                      + clusters
                          .findById(h, o.clusterId())
                          .map(c -> c.ref().resourceId())
                          .orElse(o.clusterId())
                      + "', which rollout '"
                      + n.resourceId()
                      + "' would change too. Wait for it to finish, or abort it, before starting"
                      + " another.");
            });
  }

  Rollout getConfiguration(ConfigurationRolloutName n) {
    return context.withHandle(h -> render(h, requireConfiguration(h, n)));
  }

  List<Rollout> listConfiguration(ConfigurationRolloutName scope) {
    return context.withHandle(
        h -> store.withKeyPrefix(h, scope.key()).stream().map(r -> render(h, r)).toList());
  }

  Rollout actConfiguration(ConfigurationRolloutName n, Action action, String actor) {
    return act(context.withHandle(h -> requireConfiguration(h, n)).key(), action, actor);
  }

  private RolloutRow requireConfiguration(Handle h, ConfigurationRolloutName n) {
    return store
        .find(h, n.key())
        .orElseThrow(
            () ->
                new ArmException(
                    404,
                    "ResourceNotFound",
                    "The configuration rollout '" + n.resourceId() + "' was not found."));
  }

  private Rollout render(Handle h, RolloutRow row) {
    return render(h, row, subjects.find(h, row.plan().assignmentKey()).orElseThrow());
  }

  private static void validateName(String name) {
    if (!name.matches("^[a-zA-Z0-9]([-a-zA-Z0-9_.]{0,61}[a-zA-Z0-9])?$")) {
      throw ArmException.invalidProperty(
          "name",
          "The rollout name '"
              + name
              + "' is invalid: use letters, digits, '-', '_' and '.', starting and ending with a"
              + " letter or digit, at most 63 characters.");
    }
  }

  Rollout get(AssignmentName an, String name) {
    return context.withHandle(
        h -> {
          Target t = require(h, an);
          RolloutRow row = requireRollout(h, t, name);
          return render(h, row, t);
        });
  }

  private Rollout get(String key) {
    return context.withHandle(h -> render(h, store.find(h, key).orElseThrow()));
  }

  List<Rollout> list(AssignmentName an) {
    return context.withHandle(
        h -> {
          Target t = require(h, an);
          return store.ofAssignment(h, t.key()).stream().map(r -> render(h, r, t)).toList();
        });
  }

  /** The rollouts of every assignment (for the dashboard), newest last. */
  public List<Rollout> all(Handle h, String assignmentKey) {
    return assignments
        .find(h, assignmentKey)
        .map(t -> store.ofAssignment(h, t.key()).stream().map(r -> render(h, r, t)).toList())
        .orElse(List.of());
  }

  Rollout act(AssignmentName an, String name, Action action, String actor) {
    return act(
        context.withHandle(h -> requireRollout(h, require(h, an), name)).key(), action, actor);
  }

  private Rollout act(String key, Action action, String actor) {
    Instant now = context.clock().instant();
    context.useTransaction(
        h -> {
          RolloutRow row = store.lock(h, key).orElseThrow();
          State from = row.progress().state();
          RolloutProgress p = row.progress();
          RolloutProgress next =
              switch (action) {
                case pause -> {
                  allowed(action, from, State.Running);
                  yield p.paused(now, "Paused by " + actor + "; the bake clock stands still.");
                }
                case resume -> {
                  allowed(action, from, State.Paused);
                  yield p.resumed(now, "Resumed by " + actor + ".");
                }
                case abort -> {
                  allowed(action, from, State.Running, State.Paused, State.Halted);
                  yield p.withState(
                      State.Aborted,
                      "Aborted by "
                          + actor
                          + "; every cluster keeps the revision it has (rollback gives the"
                          + " started waves revision "
                          + row.plan().baseRevision()
                          + " again).");
                }
                case rollback -> {
                  allowed(action, from, State.Running, State.Paused, State.Halted, State.Aborted);
                  List<WaveProgress> waves = new ArrayList<>(p.waves());
                  String done = engine.rollback(h, row.plan(), waves);
                  yield new RolloutProgress(
                      State.RolledBack,
                      p.currentWave(),
                      waves,
                      p.failure(),
                      done + " (by " + actor + ")",
                      p.evaluatedAt(),
                      null);
                }
              };
          store.update(h, row.with(next, row.authorship().modified(now, actor)));
          AuditLog.record(h, now, actor, action.name(), row.resourceId(), next.message());
        });
    if (action == Action.rollback) {
      context.useHandle(
          h -> subjects.changed(store.find(h, key).orElseThrow().plan().assignmentKey()));
    }
    if (action == Action.resume) {
      engine.advance(key);
    }
    return get(key);
  }

  private static void allowed(Action action, State from, State... states) {
    if (!List.of(states).contains(from)) {
      throw new ArmException(
          409,
          "RolloutStateConflict",
          "The rollout is "
              + from
              + "; '"
              + action
              + "' applies only to a rollout that is "
              + String.join(" or ", java.util.Arrays.stream(states).map(Enum::name).toList())
              + ".");
    }
  }

  private Target require(Handle h, AssignmentName an) {
    return assignments.require(h, an.subscription(), an.resourceGroup(), an.name());
  }

  private RolloutRow requireRollout(Handle h, Target t, String name) {
    String id = t.resourceId() + "/rollouts/" + name;
    return store
        .find(h, id.toLowerCase(Locale.ROOT))
        .orElseThrow(
            () ->
                new ArmException(
                    404,
                    "ResourceNotFound",
                    "The rollout '"
                        + name
                        + "' of assignment '"
                        + t.resourceId()
                        + "' was not found."));
  }

  private Rollout render(Handle h, RolloutRow row, Target t) {
    return view.render(h, row, t);
  }
}
