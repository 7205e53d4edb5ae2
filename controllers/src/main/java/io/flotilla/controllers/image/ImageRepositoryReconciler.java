package io.flotilla.controllers.image;

import io.flotilla.api.flux.image.ImageRepository;
import io.flotilla.api.flux.image.ImageRepositorySpec;
import io.flotilla.api.flux.image.ImageRepositoryStatus;
import io.flotilla.api.flux.image.ScanResult;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.controllers.runtime.StatusPatch;
import io.flotilla.controllers.runtime.Triggers;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * image-reflector-controller's ImageRepository: scans the registry's tags when due (never scanned,
 * a reconcile request, a new image name or exclusion list, no tags in the store, the interval
 * passed), drops the excluded ones, keeps the rest in the {@link TagStore} and reports {@code
 * lastScanResult} and {@code canonicalImageName}. A failed scan keeps the previous tags and result.
 */
final class ImageRepositoryReconciler implements Reconciler<ImageRepository> {
  static final String IMAGE_URL_INVALID = "ImageURLInvalid";
  static final String READ_OPERATION_FAILED = "ReadOperationFailed";
  private final Reflector reflector;

  ImageRepositoryReconciler(Reflector reflector) {
    this.reflector = reflector;
  }

  @Override
  public UpdateControl<ImageRepository> reconcile(
      ImageRepository repo, Context<ImageRepository> ctx) {
    ImageRepositorySpec spec = repo.getSpec();
    if (spec == null || spec.suspended()) {
      return UpdateControl.noUpdate();
    }
    ImageRepositoryStatus old = repo.getStatus();
    ImageOutcome.Status status = ImageOutcome.start(repo, reflector.clock());
    Duration interval = interval(spec);
    ScanResult result = old == null ? null : old.lastScanResult();
    String canonical = old == null ? null : old.canonicalImageName();
    List<String> observedExclusions = old == null ? null : old.observedExclusionList();
    String handled = old == null ? null : old.lastHandledReconcileAt();
    Outcome outcome;
    try {
      ImageReference ref;
      try {
        ref = ImageReference.parse(spec.image());
      } catch (IllegalArgumentException e) {
        throw new ReconcileException(IMAGE_URL_INVALID, e.getMessage(), true);
      }
      refuseUnsupported(spec);
      Duration wait = due(repo, ref, interval);
      if (wait.isZero()) {
        TagScan scan = TagScan.of(spec.exclusions());
        List<String> tags;
        try {
          tags =
              scan.filter(
                  RegistryAccess.client(ctx.getClient(), repo, ref, reflector.env()).tags());
        } catch (IOException e) {
          throw new ReconcileException(
              READ_OPERATION_FAILED, "scan failed: " + e.getMessage(), false);
        }
        reflector.tags().put(ref.canonical(), tags);
        result =
            new ScanResult(
                TagScan.revision(tags),
                tags.size(),
                Instant.now(reflector.clock()).truncatedTo(ChronoUnit.SECONDS).toString(),
                TagScan.latest(tags));
        canonical = ref.canonical();
        observedExclusions = spec.exclusions();
        handled = Triggers.requestedAt(repo);
        wait = interval;
      }
      outcome =
          new Outcome.Ready("successful scan: found %d tags".formatted(result.tagCount()), wait);
    } catch (ReconcileException e) {
      outcome = ImageOutcome.failed(e, interval);
    }
    Long observedGeneration = status.finish(outcome, reflector.events());
    repo.setStatus(
        new ImageRepositoryStatus(
            status.conditions().toList(),
            observedGeneration,
            canonical,
            result,
            observedExclusions,
            handled));
    return StatusPatch.write(StatusPatch.of(repo, ImageRepository::new), outcome.next());
  }

  /** Zero when a scan is due now, else how long until it is. */
  private Duration due(ImageRepository repo, ImageReference ref, Duration interval) {
    ImageRepositoryStatus s = repo.getStatus();
    if (s == null || s.lastScanResult() == null || s.lastScanResult().scanTime() == null) {
      return Duration.ZERO;
    }
    if (!Objects.equals(Triggers.requestedAt(repo), s.lastHandledReconcileAt())
        || !ref.canonical().equals(s.canonicalImageName())
        || !Objects.equals(repo.getSpec().exclusions(), s.observedExclusionList())
        || reflector.tags().get(ref.canonical()).isEmpty()) {
      return Duration.ZERO;
    }
    Duration left =
        interval.minus(
            Duration.between(
                Instant.parse(s.lastScanResult().scanTime()), Instant.now(reflector.clock())));
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ZERO : left;
  }

  static Duration interval(ImageRepositorySpec spec) {
    try {
      return GoDuration.parse(spec.interval());
    } catch (RuntimeException e) {
      return Duration.ofMinutes(10);
    }
  }

  /**
   * Settings Flotilla does not act on yet are refused by name (Stalled) rather than accepted and
   * ignored: a scan without the asked-for credentials or proxy would reach the registry otherwise
   * than the user meant.
   */
  static void refuseUnsupported(ImageRepositorySpec spec) throws ReconcileException {
    String field = null;
    String fix = "use spec.secretRef with a kubernetes.io/dockerconfigjson Secret";
    if (spec.provider() != null
        && spec.provider() != ImageRepositorySpec.Provider.GENERIC
        && spec.provider() != ImageRepositorySpec.Provider.AZURE) {
      field = "spec.provider '" + spec.provider().name().toLowerCase(java.util.Locale.ROOT) + "'";
    } else if (spec.serviceAccountName() != null && !spec.serviceAccountName().isEmpty()) {
      field = "spec.serviceAccountName";
    } else if (spec.proxySecretRef() != null) {
      field = "spec.proxySecretRef";
      fix = "remove it and reach the registry directly";
    }
    if (field != null) {
      throw new ReconcileException(
          UNSUPPORTED,
          field + " is not supported by Flotilla yet (it would be ignored): " + fix,
          true);
    }
  }

  static final String UNSUPPORTED = "UnsupportedConfiguration";
}
