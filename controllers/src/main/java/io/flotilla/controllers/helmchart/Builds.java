package io.flotilla.controllers.helmchart;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.HelmChart;
import io.flotilla.api.flux.source.HelmChartSpec;
import io.flotilla.api.flux.source.HelmRepository;
import io.flotilla.controllers.helmrepository.HelmRepositoryAuth;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactStorage;
import io.flotilla.source.helm.ChartBuilder;
import io.flotilla.source.helm.ChartIndex;
import io.flotilla.source.helm.ChartRepository;
import io.flotilla.source.helm.ChartVersion;
import io.flotilla.source.helm.OciChartRepository;
import io.flotilla.source.helm.RepositoryOptions;
import io.flotilla.source.oci.OciClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One HelmChart build: finds the source, then pulls (HelmRepository) or packages (Git/Bucket). */
record Builds(
    KubernetesClient client,
    SourceCaches sources,
    ArtifactStorage storage,
    long maxBytes,
    IndexCache indexes) {
  private static final int MAX_FILES = 10_000;

  /** The build, or null when the source has no artifact yet ({@code state.waiting} says so). */
  ChartBuilder.Build build(HelmChart chart, HelmChartSource.State state, Path tmp, boolean force)
      throws SourceException, IOException {
    HelmChartSpec spec = chart.getSpec();
    String ns = chart.getMetadata().getNamespace();
    HelmChartSpec.SourceReference ref = spec.sourceRef();
    long generation = Conditions.generation(chart);
    List<String> valuesFiles = spec.valuesFiles() == null ? List.of() : spec.valuesFiles();
    Path cached =
        state.artifact == null ? null : storage.localPath(state.artifact.path()).orElse(null);
    Path out = tmp.resolve("chart.tgz");
    switch (ref.kind()) {
      case HelmRepository -> {
        HelmRepository repo = get(HelmRepository.class, ns, ref);
        String meta = valuesFiles.isEmpty() ? "" : Long.toString(generation);
        ChartBuilder.Options opts = options(valuesFiles, spec, meta, cached, force);
        return repo.getSpec().isOci()
            ? fromOci(repo, spec, tmp, out, opts, state)
            : fromIndex(repo, spec, out, opts, state);
      }
      case GitRepository, Bucket -> {
        Artifact source =
            ref.kind() == HelmChartSpec.Kind.GitRepository
                ? artifactOf(get(GitRepository.class, ns, ref))
                : artifactOf(get(Bucket.class, ns, ref));
        if (source == null || storage.localPath(source.path()).isEmpty()) {
          state.waiting = noArtifact(ref);
          return null;
        }
        state.sourceRevision = source.revision();
        Path work = Files.createDirectories(tmp.resolve("source"));
        storage.copyToPath(source.path(), ".", work);
        String meta = "";
        if (spec.reconcileStrategy() == HelmChartSpec.ReconcileStrategy.REVISION) {
          String rev = source.revision().substring(source.revision().lastIndexOf(':') + 1);
          meta = rev.substring(0, Math.min(12, rev.length()));
        }
        if (!valuesFiles.isEmpty()) {
          meta = meta.isEmpty() ? Long.toString(generation) : meta + "." + generation;
        }
        return ChartBuilder.local(
            work,
            spec.chart(),
            out,
            options(valuesFiles, spec, meta, cached, force),
            (url, name, version, target) -> dependency(ns, url, name, version, target));
      }
      default -> throw new IllegalStateException();
    }
  }

  private ChartBuilder.Options options(
      List<String> valuesFiles, HelmChartSpec spec, String meta, Path cached, boolean force) {
    return new ChartBuilder.Options(
        valuesFiles,
        Boolean.TRUE.equals(spec.ignoreMissingValuesFiles()),
        meta,
        cached,
        force,
        maxBytes,
        MAX_FILES);
  }

  private ChartBuilder.Build fromIndex(
      HelmRepository repo,
      HelmChartSpec spec,
      Path out,
      ChartBuilder.Options opts,
      HelmChartSource.State state)
      throws SourceException {
    Artifact index = artifactOf(repo);
    Path file = index == null ? null : storage.localPath(index.path()).orElse(null);
    if (file == null) {
      state.waiting = noArtifact(spec.sourceRef());
      return null;
    }
    state.sourceRevision = index.revision();
    ChartVersion version;
    try {
      version = indexes.get(index.digest(), file).resolve(spec.chart(), spec.version());
    } catch (IOException e) {
      throw SourceException.retryable(
          Reasons.CHART_PULL_ERROR,
          "chart pull error: could not load repository index for remote chart reference: "
              + e.getMessage(),
          null);
    } catch (IllegalArgumentException e) {
      throw SourceException.terminal(
          Reasons.INVALID_CHART_REFERENCE,
          "invalid chart reference: failed to get chart version for remote reference: "
              + e.getMessage());
    }
    ChartRepository http = http(repo);
    return ChartBuilder.remote(version, t -> http.downloadChart(version, t, maxBytes), out, opts);
  }

  private ChartBuilder.Build fromOci(
      HelmRepository repo,
      HelmChartSpec spec,
      Path tmp,
      Path out,
      ChartBuilder.Options opts,
      HelmChartSource.State state)
      throws SourceException {
    OciChartRepository oci;
    try {
      oci =
          new OciChartRepository(
              repo.getSpec().url(),
              HelmRepositoryAuth.oci(client, repo.getMetadata().getNamespace(), repo.getSpec()));
    } catch (IllegalArgumentException e) {
      throw SourceException.terminal(
          Reasons.URL_INVALID, "invalid Helm repository URL: " + e.getMessage());
    }
    ChartVersion version;
    try {
      version = oci.resolve(spec.chart(), spec.version());
    } catch (OciClient.AuthException e) {
      throw SourceException.retryable(
          Reasons.AUTHENTICATION_FAILED,
          "failed to login to OCI registry: " + e.getMessage(),
          null);
    } catch (IOException | IllegalArgumentException e) {
      throw SourceException.retryable(
          Reasons.CHART_PULL_ERROR,
          "chart pull error: failed to get chart version for remote reference: " + e.getMessage(),
          null);
    }
    state.sourceRevision = null;
    return ChartBuilder.remote(version, t -> oci.download(version, t, maxBytes), out, opts);
  }

  private ChartRepository http(HelmRepository repo) throws SourceException {
    RepositoryOptions options =
        HelmRepositoryAuth.http(client, repo.getMetadata().getNamespace(), repo.getSpec());
    try {
      return new ChartRepository(repo.getSpec().url(), options);
    } catch (IllegalArgumentException e) {
      throw SourceException.terminal(Reasons.URL_INVALID, e.getMessage());
    }
  }

  /**
   * A dependency of a packaged chart, as source-controller fetches it: with the credentials (and,
   * for http, the stored index) of a HelmRepository in the HelmChart's namespace whose URL is the
   * dependency's repository, else anonymously. Repository aliases ({@code @name}, {@code
   * alias:name}) are refused by the builder, as Flux does not resolve them.
   */
  private void dependency(String ns, String url, String name, String version, Path target)
      throws IOException {
    HelmRepository declared = repositoryFor(ns, url);
    try {
      if (url.startsWith("oci://")) {
        OciClient.Options options =
            declared == null
                ? new OciClient.Options(false, null, null, null, Duration.ofSeconds(60))
                : HelmRepositoryAuth.oci(client, ns, declared.getSpec());
        OciChartRepository oci = new OciChartRepository(url, options);
        oci.download(oci.resolve(name, version), target, maxBytes);
        return;
      }
      RepositoryOptions options =
          declared == null
              ? RepositoryOptions.anonymous(Duration.ofSeconds(60))
              : HelmRepositoryAuth.http(client, ns, declared.getSpec());
      ChartRepository repo = new ChartRepository(url, options);
      repo.downloadChart(index(repo, declared, target).resolve(name, version), target, maxBytes);
    } catch (SourceException e) {
      throw new IOException(
          "dependency '%s' from %s: credentials of HelmRepository '%s': %s"
              .formatted(name, url, declared.getMetadata().getName(), e.getMessage()));
    } catch (IllegalArgumentException e) {
      throw new IOException("dependency '%s' from %s: %s".formatted(name, url, e.getMessage()));
    }
  }

  /** The HelmRepository's stored index when it has one, else the index downloaded now. */
  private ChartIndex index(ChartRepository repo, HelmRepository declared, Path target)
      throws IOException {
    Artifact stored = declared == null ? null : artifactOf(declared);
    Path file = stored == null ? null : storage.localPath(stored.path()).orElse(null);
    if (file != null && Files.isRegularFile(file)) {
      return indexes.get(stored.digest(), file);
    }
    Path index = target.resolveSibling(target.getFileName() + ".index.yaml");
    try {
      repo.downloadIndex(index, 50L << 20);
      return ChartIndex.read(index);
    } finally {
      Files.deleteIfExists(index);
    }
  }

  /** The first HelmRepository in {@code ns} whose URL is {@code url} (trailing slashes aside). */
  private HelmRepository repositoryFor(String ns, String url) {
    String want = trimSlashes(url);
    return client.resources(HelmRepository.class).inNamespace(ns).list().getItems().stream()
        .filter(r -> r.getSpec() != null && r.getSpec().url() != null)
        .filter(r -> trimSlashes(r.getSpec().url()).equals(want))
        .min(java.util.Comparator.comparing(r -> r.getMetadata().getName()))
        .orElse(null);
  }

  private static String trimSlashes(String url) {
    String u = url.strip();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    return u;
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T get(
      Class<T> type, String ns, HelmChartSpec.SourceReference ref) throws SourceException {
    T obj =
        sources
            .get(type, ns, ref.name())
            .orElseGet(() -> client.resources(type).inNamespace(ns).withName(ref.name()).get());
    if (obj == null) {
      throw SourceException.retryable(
          Reasons.SOURCE_UNAVAILABLE,
          "failed to get source: %s '%s' not found in namespace '%s'; create it or fix spec.sourceRef"
              .formatted(ref.kind(), ref.name(), ns),
          null);
    }
    return obj;
  }

  private static String noArtifact(HelmChartSpec.SourceReference ref) {
    return "no artifact available for %s source '%s'".formatted(ref.kind(), ref.name());
  }

  private static Artifact artifactOf(Object source) {
    return switch (source) {
      case HelmRepository r -> r.getStatus() == null ? null : r.getStatus().artifact();
      case GitRepository g -> g.getStatus() == null ? null : g.getStatus().artifact();
      case Bucket b -> b.getStatus() == null ? null : b.getStatus().artifact();
      default -> null;
    };
  }
}
