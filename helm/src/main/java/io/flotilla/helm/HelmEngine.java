package io.flotilla.helm;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The Helm release engine on one cluster client; {@link #create} is the way in. */
public final class HelmEngine implements Releases {
  private final ReleaseStorage storage;

  private HelmEngine(KubernetesClient client, EngineOptions options) {
    this.storage = new ReleaseStorage(client, options.clock());
  }

  /** An engine acting through {@code client} (the controller's, an impersonated or remote one). */
  public static Releases create(KubernetesClient client, EngineOptions options) {
    return new HelmEngine(
        Objects.requireNonNull(client, "client"),
        options == null ? EngineOptions.defaults() : options);
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
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public Release upgrade(Chart chart, ReleaseRequest request) throws ReleaseException {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public Release rollback(
      String storageNamespace, String name, int toVersion, ActionOptions options)
      throws ReleaseException {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void uninstall(String storageNamespace, String name, UninstallOptions options)
      throws ReleaseException {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public Release test(String storageNamespace, String name, TestOptions options)
      throws ReleaseException {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public DriftReport diff(Release release, DriftOptions options) throws ReleaseException {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void correctDrift(Release release, DriftReport report, ActionOptions options)
      throws ReleaseException {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public Release unlock(Release pending) throws ReleaseException {
    throw new UnsupportedOperationException("not yet");
  }
}
