package io.flotilla.controllers.helmrelease;

import io.flotilla.apply.ObjectRef;
import io.flotilla.helm.ActionOptions;
import io.flotilla.helm.Chart;
import io.flotilla.helm.DriftOptions;
import io.flotilla.helm.DriftReport;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseException;
import io.flotilla.helm.ReleaseRequest;
import io.flotilla.helm.ReleaseStatus;
import io.flotilla.helm.Releases;
import io.flotilla.helm.TestOptions;
import io.flotilla.helm.UninstallOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory release engine for state-machine tests: releases per storage namespace and name,
 * Helm's status transitions (deployed, superseded, failed, uninstalled), and failures on demand.
 * {@code fail(action, kind, store)} makes the next such action fail, storing a failed revision when
 * {@code store}, as Helm does when the failure happens after its first storage write.
 */
final class FakeReleases implements Releases {
  private final Map<String, List<Release>> store = new HashMap<>();
  private final Map<String, Failure> failures = new HashMap<>();
  final List<String> calls = new ArrayList<>();
  DriftReport drift = new DriftReport(List.of());
  boolean testHookFails;

  private record Failure(ReleaseException.Kind kind, boolean store) {}

  FakeReleases fail(String action, ReleaseException.Kind kind, boolean storeFailed) {
    failures.put(action, new Failure(kind, storeFailed));
    return this;
  }

  /** A release as another tool (or a killed process) left it. */
  void put(String ns, String name, int version, ReleaseStatus status, String chartVersion) {
    add(ns, name, release(ns, name, version, status, "podinfo", chartVersion, null, List.of()));
  }

  private static String key(String ns, String name) {
    return ns + "/" + name;
  }

  private List<Release> list(String ns, String name) {
    return store.computeIfAbsent(key(ns, name), k -> new ArrayList<>());
  }

  private void add(String ns, String name, Release r) {
    List<Release> l = list(ns, name);
    l.removeIf(x -> x.version() == r.version());
    l.add(r);
    l.sort(Comparator.comparingInt(Release::version).reversed());
  }

  private static Release release(
      String ns,
      String name,
      int version,
      ReleaseStatus status,
      String chart,
      String chartVersion,
      com.fasterxml.jackson.databind.JsonNode config,
      List<Release.Hook> hooks) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version);
    return new Release(
        name,
        ns,
        version,
        status,
        status.helm(),
        Instant.parse("2026-01-01T00:00:00Z"),
        t,
        null,
        chart,
        chartVersion,
        "6.0.0",
        config,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n",
        hooks,
        new Release.Labels(Map.of()),
        ns);
  }

  private static Release with(Release r, ReleaseStatus status, List<Release.Hook> hooks) {
    return new Release(
        r.name(),
        r.namespace(),
        r.version(),
        status,
        status.helm(),
        r.firstDeployed(),
        r.lastDeployed(),
        r.deleted(),
        r.chartName(),
        r.chartVersion(),
        r.appVersion(),
        r.config(),
        r.manifest(),
        hooks,
        r.labels(),
        r.storageNamespace());
  }

  private void maybeFail(String action, ReleaseRequest req, Chart chart, int version)
      throws ReleaseException {
    Failure f = failures.remove(action);
    if (f == null) {
      return;
    }
    if (f.store() && req != null) {
      supersedeDeployed(req.storageNamespace(), req.releaseName());
      add(
          req.storageNamespace(),
          req.releaseName(),
          release(
              req.targetNamespace(),
              req.releaseName(),
              version,
              ReleaseStatus.FAILED,
              chart.name(),
              chart.version(),
              req.values(),
              List.of()));
    }
    throw new ReleaseException(f.kind(), action + " failed: boom");
  }

  private void supersedeDeployed(String ns, String name) {
    List<Release> l = list(ns, name);
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i).status() == ReleaseStatus.DEPLOYED) {
        l.set(i, with(l.get(i), ReleaseStatus.SUPERSEDED, l.get(i).hooks()));
      }
    }
  }

  private int next(String ns, String name) {
    return list(ns, name).stream().mapToInt(Release::version).max().orElse(0) + 1;
  }

  @Override
  public Optional<Release> latest(String ns, String name) {
    List<Release> l = list(ns, name);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  @Override
  public List<Release> history(String ns, String name) {
    return List.copyOf(list(ns, name));
  }

  @Override
  public Release install(Chart chart, ReleaseRequest req) throws ReleaseException {
    calls.add("install");
    Optional<Release> existing = latest(req.storageNamespace(), req.releaseName());
    if (existing.isPresent() && existing.get().status() != ReleaseStatus.UNINSTALLED) {
      throw new ReleaseException(
          ReleaseException.Kind.STORAGE, "cannot re-use a name that is still in use");
    }
    int v = next(req.storageNamespace(), req.releaseName());
    maybeFail("install", req, chart, v);
    return deploy(chart, req, v);
  }

  @Override
  public Release upgrade(Chart chart, ReleaseRequest req) throws ReleaseException {
    calls.add("upgrade");
    int v = next(req.storageNamespace(), req.releaseName());
    maybeFail("upgrade", req, chart, v);
    supersedeDeployed(req.storageNamespace(), req.releaseName());
    return deploy(chart, req, v);
  }

  private Release deploy(Chart chart, ReleaseRequest req, int v) {
    Release r =
        release(
            req.targetNamespace(),
            req.releaseName(),
            v,
            ReleaseStatus.DEPLOYED,
            chart.name(),
            chart.version(),
            req.values(),
            hooks(null));
    add(req.storageNamespace(), req.releaseName(), r);
    return r;
  }

  @Override
  public Release rollback(String ns, String name, int toVersion, ActionOptions options)
      throws ReleaseException {
    calls.add("rollback");
    maybeFail("rollback", null, null, 0);
    Release target =
        list(ns, name).stream().filter(r -> r.version() == toVersion).findFirst().orElseThrow();
    int v = next(ns, name);
    supersedeDeployed(ns, name);
    Release r =
        release(
            target.namespace(),
            name,
            v,
            ReleaseStatus.DEPLOYED,
            target.chartName(),
            target.chartVersion(),
            target.config(),
            hooks(null));
    add(ns, name, r);
    return r;
  }

  @Override
  public void uninstall(String ns, String name, UninstallOptions options) throws ReleaseException {
    calls.add("uninstall");
    maybeFail("uninstall", null, null, 0);
    if (options.keepHistory()) {
      List<Release> l = list(ns, name);
      l.set(0, with(l.get(0), ReleaseStatus.UNINSTALLED, l.get(0).hooks()));
    } else {
      store.remove(key(ns, name));
    }
  }

  @Override
  public Release test(String ns, String name, TestOptions options) throws ReleaseException {
    calls.add("test");
    List<Release> l = list(ns, name);
    Release tested =
        with(l.get(0), l.get(0).status(), hooks(testHookFails ? "Failed" : "Succeeded"));
    l.set(0, tested);
    if (testHookFails) {
      throw new ReleaseException(ReleaseException.Kind.TEST, "pod smoke failed");
    }
    return tested;
  }

  @Override
  public DriftReport diff(Release release, DriftOptions options) {
    calls.add("diff");
    return drift;
  }

  @Override
  public void correctDrift(Release release, DriftReport report, ActionOptions options) {
    calls.add("correctDrift");
    drift = new DriftReport(List.of());
  }

  @Override
  public Release unlock(Release pending) {
    calls.add("unlock");
    Release r = with(pending, ReleaseStatus.FAILED, pending.hooks());
    add(pending.namespace(), pending.name(), r);
    return r;
  }

  /** One test hook, {@code smoke}, in {@code phase} (null: not run yet). */
  private static List<Release.Hook> hooks(String phase) {
    Instant t = phase == null ? null : Instant.parse("2026-01-01T00:10:00Z");
    return List.of(
        new Release.Hook(
            "smoke", "Pod", "templates/test.yaml", List.of("test"), 0, List.of(), phase, t, t));
  }

  static DriftReport drifted() {
    return new DriftReport(
        List.of(
            new DriftReport.Entry(
                new ObjectRef("apps", "v1", "Deployment", "default", "podinfo"),
                DriftReport.Change.CHANGED,
                "spec.replicas")));
  }
}
