package io.flotilla.controllers.helmrepository;

import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.HelmRepository;
import io.flotilla.api.flux.source.HelmRepositorySpec;
import io.flotilla.api.flux.source.HelmRepositoryStatus;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.controllers.source.Notices;
import io.flotilla.controllers.source.SourceKind;
import io.flotilla.controllers.source.Step;
import io.flotilla.controllers.source.Stored;
import io.flotilla.source.SourceException;
import io.flotilla.source.helm.ChartIndex;
import io.flotilla.source.helm.ChartRepository;
import io.flotilla.source.helm.IndexFormatException;
import io.flotilla.source.helm.RepositoryOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The HelmRepository kind of the source loop, as source-controller does it: download {@code
 * index.yaml} (bounded, hashed on the way: the revision is the digest of the bytes as served),
 * short-circuit when that is the stored revision, else validate it by streaming it into the compact
 * index and store that as {@code index-<hex>.yaml}. A {@code type: oci} repository is data only
 * ({@link #dataOnly}).
 */
record HelmRepositorySource(long maxIndexBytes)
    implements SourceKind<HelmRepository, HelmRepositoryStatus, Void> {
  static final String KIND = "helmrepository";

  /** source-controller's {@code helmRepositoryFailConditions}: their end is a recovery. */
  private static final List<String> FAILURES =
      List.of(ConditionTypes.FETCH_FAILED, ConditionTypes.STORAGE_OPERATION_FAILED);

  @Override
  public HelmRepository newObject() {
    return new HelmRepository();
  }

  @Override
  public boolean dataOnly(HelmRepository repo) {
    return repo.getSpec().isOci();
  }

  @Override
  public Duration interval(HelmRepository repo) {
    HelmRepositorySpec spec = repo.getSpec();
    try {
      return GoDuration.parse(
          spec.interval() == null ? HelmRepositorySpec.DEFAULT_INTERVAL : spec.interval());
    } catch (IllegalArgumentException e) {
      return Duration.ofMinutes(1);
    }
  }

  @Override
  public Outcome reconcile(HelmRepository repo, Step<Void> step)
      throws SourceException, IOException {
    HelmRepositoryStatus old = repo.getStatus();
    Artifact previous = step.previous();
    step.progress(
        step.artifacts().disappeared(previous)
            ? "building artifact: disappeared from storage"
            : null);
    ChartRepository chartRepo = repository(repo, step);
    try (TempDirs.Scratch tmp = step.scratch("helmrepository-")) {
      ChartRepository.Download index;
      try {
        index = chartRepo.downloadIndex(tmp.path().resolve("index.yaml"), maxIndexBytes);
      } catch (IOException e) {
        throw SourceException.retryable(
            Reasons.FAILED,
            "failed to fetch Helm repository index: failed to cache index to temporary file: "
                + e.getMessage(),
            null);
      }
      // the URL follows the artifact server's current address, as Flux re-derives it
      Optional<Artifact> stored =
          previous != null && index.digest().equals(previous.revision())
              ? step.artifacts().find(a -> a.revision().equals(index.digest()))
              : Optional.empty();
      Artifact artifact = stored.isPresent() ? stored.get() : store(step, index, tmp.path());
      // Flux names the URL as the spec has it (its ChartRepository keeps the URL it was given)
      String message =
          "stored fetched index of %s from '%s'"
              .formatted(sizeText(artifact.size()), repo.getSpec().url());
      return step.stored(
          artifact,
          "stored artifact: revision '" + artifact.revision() + "'",
          Notices.of(
              previous,
              artifact,
              old == null ? null : old.conditions(),
              FAILURES,
              "NewArtifact",
              Reasons.SUCCEEDED,
              message),
          null);
    }
  }

  private static ChartRepository repository(HelmRepository repo, Step<?> step)
      throws SourceException {
    HelmRepositorySpec spec = repo.getSpec();
    if (spec.url() != null && spec.url().startsWith("oci://")) {
      throw SourceException.terminal(
          Reasons.URL_INVALID,
          "invalid Helm repository URL: 'oci' URL scheme cannot be used with 'default' HelmRepository type; set spec.type to 'oci'");
    }
    RepositoryOptions options =
        HelmRepositoryAuth.http(step.client(), repo.getMetadata().getNamespace(), spec);
    try {
      return new ChartRepository(spec.url(), options);
    } catch (IllegalArgumentException e) {
      throw SourceException.terminal(Reasons.URL_INVALID, e.getMessage());
    }
  }

  /**
   * Validates the downloaded index (showing the new revision as Flux does first), stores its JSON
   * form as {@code index-<hex>.yaml}.
   */
  private static Artifact store(Step<?> step, ChartRepository.Download index, Path tmp)
      throws SourceException, IOException {
    ChartIndex parsed;
    try {
      parsed = ChartIndex.read(index.file());
    } catch (IndexFormatException e) {
      throw SourceException.retryable(
          Reasons.INDEXATION_FAILED,
          "failed to load Helm repository from index YAML: failed to load index: " + e.getMessage(),
          null);
    }
    step.building(
        "new index revision '" + index.digest() + "'", step.previous(), Reasons.NEW_REVISION);
    Path json = tmp.resolve("index.json");
    try (OutputStream out = Files.newOutputStream(json)) {
      parsed.writeJson(out);
    }
    Files.delete(index.file());
    String hex = index.digest().substring("sha256:".length());
    return step.artifacts().storeFile(index.digest(), "index-" + hex + ".yaml", json).toApi();
  }

  @Override
  public HelmRepositoryStatus status(HelmRepository repo, Common common, Stored<Void> stored) {
    return new HelmRepositoryStatus(
        common.observedGeneration(),
        common.conditions(),
        common.url(),
        common.artifact(),
        common.lastHandledReconcileAt());
  }

  /** Flux's wording: {@code size <HumanSize>}, or {@code unknown size}. */
  private static String sizeText(Long size) {
    return size == null ? "unknown size" : "size " + humanSize(size);
  }

  /** Go's {@code units.HumanSize}: decimal units, four significant digits. */
  static String humanSize(long size) {
    String[] units = {"B", "kB", "MB", "GB", "TB"};
    double v = size;
    int i = 0;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    String s =
        new java.math.BigDecimal(v)
            .round(new java.math.MathContext(4))
            .stripTrailingZeros()
            .toPlainString();
    return s + units[i];
  }
}
