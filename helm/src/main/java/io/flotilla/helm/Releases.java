package io.flotilla.helm;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Helm actions the helm-controller needs, on one cluster client (the controller's own, an
 * impersonated one, or a remote cluster's): what Helm's SDK offers as {@code action.Install},
 * {@code Upgrade}, {@code Rollback}, {@code Uninstall}, {@code ReleaseTesting} and {@code History},
 * over Helm-compatible release storage (Secrets {@code sh.helm.release.v1.<name>.v<N>}).
 *
 * <p>This is the contract between the release engine ({@code io.flotilla.helm}) and the HelmRelease
 * reconciler ({@code io.flotilla.controllers.helmrelease}). Every action stores the release as Helm
 * does, before (pending-*) and after (deployed, failed, superseded) it acts, so that Helm's own CLI
 * lists and upgrades what Flotilla installed, and the other way round.
 */
public interface Releases {

  /**
   * Runs {@code work} reading each release's stored history from the cluster at most once on this
   * thread, the engine's own writes kept in step with what was read: for one reconcile, the only
   * writer of its release, which would otherwise list the same Secrets for every step. Engines
   * without storage of their own just run it.
   */
  default <T> T readingHistoryOnce(Supplier<T> work) {
    return work.get();
  }

  /** The newest stored revision of {@code name} in {@code storageNamespace}, in any status. */
  Optional<Release> latest(String storageNamespace, String name) throws ReleaseException;

  /** Every stored revision, newest first. */
  List<Release> history(String storageNamespace, String name) throws ReleaseException;

  /** A first release; fails if a release of that name exists in storage. */
  Release install(Chart chart, ReleaseRequest request) throws ReleaseException;

  /** A new revision over the newest deployed (or failed) one. */
  Release upgrade(Chart chart, ReleaseRequest request) throws ReleaseException;

  /** A new revision with the chart, values and manifest of {@code toVersion}. */
  Release rollback(String storageNamespace, String name, int toVersion, ActionOptions options)
      throws ReleaseException;

  /** Runs the uninstall hooks, deletes the release's objects, then its storage (unless kept). */
  void uninstall(String storageNamespace, String name, UninstallOptions options)
      throws ReleaseException;

  /** Runs the release's test hooks (filtered) and stores their outcome on the release. */
  Release test(String storageNamespace, String name, TestOptions options) throws ReleaseException;

  /** Compares the release's objects with the live cluster. */
  DriftReport diff(Release release, DriftOptions options) throws ReleaseException;

  /** Re-applies the drifted objects of {@code report}. */
  void correctDrift(Release release, DriftReport report, ActionOptions options)
      throws ReleaseException;

  /**
   * Marks a release left in a {@code pending-*} status by an interrupted action as failed (Flux's
   * "unlock"), so that the next action can go on. Returns the updated release.
   */
  Release unlock(Release pending) throws ReleaseException;
}
