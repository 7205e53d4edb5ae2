package io.flotilla.helm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.apply.ResourceManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** The Helm release engine on one cluster client; {@link #create} is the way in. */
public final class HelmEngine implements Releases {
  private static final Pattern RELEASE_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final int MAX_RELEASE_NAME = 53;

  private final EngineOptions options;
  private final Clock clock;
  private final Kube kube;
  private final ReleaseStorage storage;
  private final ResourceManager resources;
  private final Deployer deployer;
  private final HookRunner hooks;
  private final DriftDetector drift;
  private volatile String kubeVersion;

  private HelmEngine(KubernetesClient client, EngineOptions options) {
    this.options = options;
    this.clock = options.clock();
    this.kube = new Kube(client);
    this.storage = new ReleaseStorage(client, clock);
    this.resources = new ResourceManager(client, options.fieldManager());
    this.deployer = new Deployer(kube, storage, resources, clock);
    this.hooks = new HookRunner(kube, clock);
    this.drift = new DriftDetector(kube, resources, options.fieldManager());
    this.kubeVersion = options.kubeVersion();
  }

  /** An engine acting through {@code client} (the controller's, an impersonated or remote one). */
  public static Releases create(KubernetesClient client, EngineOptions options) {
    LookupGateway.install(); // before helm-java loads, so that lookup sees the release's cluster
    return new HelmEngine(
        Objects.requireNonNull(client, "client"),
        options == null ? EngineOptions.defaults() : options);
  }

  @Override
  public <T> T readingHistoryOnce(java.util.function.Supplier<T> work) {
    return storage.readingHistoryOnce(work);
  }

  @Override
  public Optional<Release> latest(String storageNamespace, String name) throws ReleaseException {
    return storage.history(storageNamespace, name).stream()
        .findFirst()
        .map(StoredRelease::toRelease);
  }

  @Override
  public List<Release> history(String storageNamespace, String name) throws ReleaseException {
    return storage.history(storageNamespace, name).stream().map(StoredRelease::toRelease).toList();
  }

  @Override
  public Release install(Chart chart, ReleaseRequest request) throws ReleaseException {
    validateName(request.releaseName());
    List<StoredRelease> history =
        storage.history(request.storageNamespace(), request.releaseName());
    if (!history.isEmpty() && history.get(0).status() != ReleaseStatus.UNINSTALLED) {
      throw new ReleaseException(
          ReleaseException.Kind.STORAGE,
          "cannot re-use a name that is still in use: release '%s' exists in namespace '%s' (%s)"
              .formatted(
                  request.releaseName(),
                  request.storageNamespace(),
                  history.get(0).status().helm()));
    }
    int version = history.isEmpty() ? 1 : history.get(0).version() + 1;
    Prepared p = prepare(loaded(chart), request);
    var now = clock.instant();
    StoredRelease pending =
        pending(
            request, version, now, ReleaseStatus.PENDING_INSTALL, "Initial install underway", p);
    return deployer
        .deploy(
            new Deployer.Plan(
                "install",
                pending,
                p.objects(),
                p.rendered().crds(),
                null,
                success(request.options(), "Install complete"),
                err -> "Release \"%s\" failed: %s".formatted(request.releaseName(), err)),
            request.options())
        .toRelease();
  }

  @Override
  public Release upgrade(Chart chart, ReleaseRequest request) throws ReleaseException {
    validateName(request.releaseName());
    List<StoredRelease> history =
        storage.history(request.storageNamespace(), request.releaseName());
    if (history.isEmpty()) {
      throw new ReleaseException(
          ReleaseException.Kind.STORAGE,
          "\"%s\" has no deployed releases".formatted(request.releaseName()));
    }
    StoredRelease last = history.get(0);
    locked(last);
    StoredRelease current =
        history.stream().filter(r -> r.status() == ReleaseStatus.DEPLOYED).findFirst().orElse(last);
    Prepared p = prepare(loaded(chart), request);
    StoredRelease pending =
        pending(
            request,
            last.version() + 1,
            ReleaseCodec.instant(current.info().get("first_deployed")),
            ReleaseStatus.PENDING_UPGRADE,
            "Preparing upgrade",
            p);
    return deployer
        .deploy(
            new Deployer.Plan(
                "upgrade",
                pending,
                p.objects(),
                p.rendered().crds(),
                current.status() == ReleaseStatus.DEPLOYED ? current : null,
                success(request.options(), "Upgrade complete"),
                err -> "Upgrade \"%s\" failed: %s".formatted(request.releaseName(), err)),
            request.options())
        .toRelease();
  }

  @Override
  public Release rollback(String storageNamespace, String name, int toVersion, ActionOptions o)
      throws ReleaseException {
    List<StoredRelease> history = storage.history(storageNamespace, name);
    if (history.isEmpty()) {
      throw new ReleaseException(ReleaseException.Kind.STORAGE, "release: not found: " + name);
    }
    StoredRelease last = history.get(0);
    locked(last);
    StoredRelease target =
        history.stream()
            .filter(r -> r.version() == toVersion)
            .findFirst()
            .orElseThrow(
                () ->
                    new ReleaseException(
                        ReleaseException.Kind.STORAGE,
                        "release '%s' has no revision %d to roll back to"
                            .formatted(name, toVersion)));
    StoredRelease current =
        history.stream().filter(r -> r.status() == ReleaseStatus.DEPLOYED).findFirst().orElse(null);
    ArrayNode hooksJson = target.hooks().deepCopy();
    hooksJson.forEach(
        h ->
            ((ObjectNode) h)
                .putObject("last_run")
                .put("started_at", "")
                .put("completed_at", "")
                .put("phase", ""));
    String description = "Rollback to " + toVersion;
    ObjectNode json =
        ReleaseJson.of(
            name,
            target.namespace(),
            last.version() + 1,
            new ReleaseJson.Info(
                ReleaseCodec.instant(
                    (current == null ? last : current).info().get("first_deployed")),
                clock.instant(),
                ReleaseStatus.PENDING_ROLLBACK,
                description,
                target.info().path("notes").asText("")),
            target.chart().deepCopy(),
            target.config().deepCopy(),
            target.manifest(),
            hooksJson);
    StoredRelease pending = target.withJson(json);
    return deployer
        .deploy(
            new Deployer.Plan(
                "rollback",
                pending,
                deployer.objects(target, target.namespace()),
                List.of(),
                current,
                description,
                err -> "Rollback \"%s\" failed: %s".formatted(name, err)),
            o)
        .toRelease();
  }

  @Override
  public void uninstall(String storageNamespace, String name, UninstallOptions o)
      throws ReleaseException {
    new Uninstaller(kube, storage, resources, hooks, clock).uninstall(storageNamespace, name, o);
  }

  @Override
  public Release test(String storageNamespace, String name, TestOptions o) throws ReleaseException {
    List<StoredRelease> history = storage.history(storageNamespace, name);
    if (history.isEmpty()) {
      throw new ReleaseException(ReleaseException.Kind.STORAGE, "release: not found: " + name);
    }
    StoredRelease r = history.get(0);
    ObjectNode json = r.json().deepCopy();
    Duration timeout = o.timeout() == null ? Duration.ofMinutes(5) : o.timeout();
    try {
      hooks.run(json, "test", r.namespace(), timeout, h -> selected(h.name(), o.filters()));
    } catch (HookRunner.HookFailed e) {
      storage.update(r.withJson(json));
      throw new ReleaseException(ReleaseException.Kind.TEST, e.getMessage(), e);
    } catch (InterruptedException e) {
      throw ReleaseException.interrupted(ReleaseException.Kind.TEST, e);
    }
    StoredRelease tested = r.withJson(json);
    storage.update(tested);
    return tested.toRelease();
  }

  /** Flux's test filters: with any include filter only those run; excluded ones never. */
  static boolean selected(String hook, List<TestOptions.Filter> filters) {
    if (filters == null || filters.isEmpty()) return true;
    boolean anyInclude = false;
    boolean included = false;
    for (TestOptions.Filter f : filters) {
      if (f.exclude()) {
        if (f.name().equals(hook)) return false;
      } else {
        anyInclude = true;
        included |= f.name().equals(hook);
      }
    }
    return !anyInclude || included;
  }

  @Override
  public DriftReport diff(Release release, DriftOptions o) throws ReleaseException {
    return drift.diff(release, o);
  }

  @Override
  public void correctDrift(Release release, DriftReport report, ActionOptions o)
      throws ReleaseException {
    drift.correct(release, report, o);
  }

  @Override
  public Release unlock(Release pending) throws ReleaseException {
    StoredRelease r =
        storage
            .get(pending.storageNamespace(), pending.name(), pending.version())
            .orElseThrow(
                () ->
                    new ReleaseException(
                        ReleaseException.Kind.STORAGE,
                        "release '%s' revision %d not found"
                            .formatted(pending.name(), pending.version())));
    if (!r.status().pending()) return r.toRelease();
    StoredRelease failed =
        r.withStatus(
            ReleaseStatus.FAILED,
            "Release unlocked from stale '%s' state".formatted(r.status().helm()));
    storage.update(failed);
    return failed.toRelease();
  }

  record Prepared(
      LoadedChart chart,
      ChartRenderer.Rendered rendered,
      List<GenericKubernetesResource> objects,
      String manifest) {}

  private Prepared prepare(LoadedChart chart, ReleaseRequest request) throws ReleaseException {
    ObjectNode values =
        request.values() == null ? JsonNodeFactory.instance.objectNode() : request.values();
    ChartRenderer.Rendered r =
        ChartRenderer.render(
            kube.client(),
            chart,
            request.releaseName(),
            request.targetNamespace(),
            values,
            kubeVersion(),
            request.options().disableSchemaValidation());
    PostRender.Result post =
        PostRender.apply(
            r.manifests(), request.options().postRenderer(), request.options().ownerLabels());
    return new Prepared(chart, r, post.objects(), post.manifest());
  }

  private StoredRelease pending(
      ReleaseRequest request,
      int version,
      java.time.Instant firstDeployed,
      ReleaseStatus status,
      String description,
      Prepared p) {
    var now = clock.instant();
    ObjectNode json =
        ReleaseJson.of(
            request.releaseName(),
            request.targetNamespace(),
            version,
            new ReleaseJson.Info(
                firstDeployed == null ? now : firstDeployed,
                now,
                status,
                description,
                p.rendered().notes()),
            p.chart().toJson(),
            request.values(),
            p.manifest(),
            Deployer.hooksJson(p.rendered().hooks()));
    return new StoredRelease(json, java.util.Map.of(), request.storageNamespace());
  }

  /** The engine's own chart, or the archive of a caller's {@link Chart} loaded (and bounded). */
  private static LoadedChart loaded(Chart chart) throws ReleaseException {
    return chart instanceof LoadedChart c ? c : (LoadedChart) Charts.load(chart.archive());
  }

  private static String success(ActionOptions o, String helm) {
    return o.description() == null || o.description().isEmpty() ? helm : o.description();
  }

  private static void locked(StoredRelease last) throws ReleaseException {
    if (last.status().pending()) {
      throw new ReleaseException(
          ReleaseException.Kind.STORAGE,
          "another operation (install/upgrade/rollback) is in progress: release '%s' revision %d is %s"
              .formatted(last.name(), last.version(), last.status().helm()));
    }
  }

  static void validateName(String name) throws ReleaseException {
    if (name == null || name.length() > MAX_RELEASE_NAME || !RELEASE_NAME.matcher(name).matches()) {
      throw new ReleaseException(
          ReleaseException.Kind.CHART,
          ("invalid release name '%s': it must match %s and be at most %d characters long")
              .formatted(name, RELEASE_NAME.pattern(), MAX_RELEASE_NAME));
    }
  }

  private String kubeVersion() throws ReleaseException {
    String v = kubeVersion;
    if (v != null) return v;
    try {
      v = kube.client().getKubernetesVersion().getGitVersion();
    } catch (KubernetesClientException e) {
      throw new ReleaseException(
          ReleaseException.Kind.STORAGE,
          "cannot read the cluster's version: " + ReleaseStorage.reason(e),
          e);
    }
    kubeVersion = v;
    return v;
  }
}
