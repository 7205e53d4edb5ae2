package io.flotilla.controllers.image;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.image.ImagePolicy;
import io.flotilla.api.flux.image.ImagePolicySpec;
import io.flotilla.api.flux.image.ImagePolicyStatus;
import io.flotilla.api.flux.image.ImageRef;
import io.flotilla.api.flux.image.ImageRepository;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.PrimaryIndex;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.controllers.runtime.StatusPatch;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.kustomize.GoRegexp;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * image-reflector-controller's ImagePolicy: the latest of its ImageRepository's scanned tags by
 * {@code spec.policy} after {@code spec.filterTags}, with the digest as {@code
 * digestReflectionPolicy} asks. Runs again when the repository's scan finds other tags.
 */
final class ImagePolicyReconciler implements Reconciler<ImagePolicy> {
  static final String INVALID_POLICY = "InvalidPolicy";
  static final String INTERVAL_NOT_CONFIGURED = "IntervalNotConfigured";

  /** Flux's reason for a policy that selects nothing ({@code metav1.StatusFailure}). */
  static final String FAILURE = "Failure";

  private static final String REPOSITORY_INDEX = "imagepolicy-repository";
  private final Reflector reflector;

  ImagePolicyReconciler(Reflector reflector) {
    this.reflector = reflector;
  }

  @Override
  public List<EventSource<?, ImagePolicy>> prepareEventSources(
      EventSourceContext<ImagePolicy> ctx) {
    ctx.getPrimaryCache().addIndexer(REPOSITORY_INDEX, p -> List.of(repositoryKey(p)));
    return List.of(
        PrimaryIndex.watch(
            ctx,
            ImageRepository.class,
            "imagepolicy-repositories",
            REPOSITORY_INDEX,
            "",
            ImagePolicyReconciler::watched));
  }

  private static String repositoryKey(ImagePolicy p) {
    ImagePolicySpec.RepositoryRef ref =
        p.getSpec() == null ? null : p.getSpec().imageRepositoryRef();
    if (ref == null) {
      return "";
    }
    String ns = ref.namespace() == null ? p.getMetadata().getNamespace() : ref.namespace();
    return ns + "/" + ref.name();
  }

  /** What a policy reads of its repository: the scan's revision and who may use it. */
  private static List<Object> watched(ImageRepository r) {
    return Arrays.asList(revision(r), r.getSpec() == null ? null : r.getSpec().accessFrom());
  }

  private static String revision(ImageRepository r) {
    return r.getStatus() == null || r.getStatus().lastScanResult() == null
        ? null
        : r.getStatus().lastScanResult().revision() + "|" + r.getStatus().canonicalImageName();
  }

  @Override
  public UpdateControl<ImagePolicy> reconcile(ImagePolicy policy, Context<ImagePolicy> ctx) {
    ImagePolicySpec spec = policy.getSpec();
    if (spec == null || spec.suspended()) {
      return UpdateControl.noUpdate();
    }
    ImagePolicyStatus old = policy.getStatus();
    ImageOutcome.Status status = ImageOutcome.start(policy, reflector.clock());
    Duration interval = interval(spec);
    ImageRef latest = old == null ? null : old.latestRef();
    ImageRef previous = old == null ? null : old.observedPreviousRef();
    Outcome outcome;
    try {
      ImageRef ref = select(policy, ctx, old);
      if (latest == null || !latest.equals(ref)) {
        previous = latest;
        latest = ref;
      }
      outcome = new Outcome.Ready(readyMessage(latest, previous), interval);
    } catch (ReconcileException e) {
      outcome = ImageOutcome.failed(e, interval == null ? Duration.ofSeconds(30) : interval);
    }
    Long observedGeneration = status.finish(outcome, reflector.events());
    policy.setStatus(
        new ImagePolicyStatus(
            latest,
            previous,
            observedGeneration,
            status.conditions().toList(),
            Triggers.requestedAt(policy)));
    return StatusPatch.write(StatusPatch.of(policy, ImagePolicy::new), outcome.next());
  }

  /** The latest image of the policy, with its digest when the reflection policy asks. */
  private ImageRef select(ImagePolicy policy, Context<ImagePolicy> ctx, ImagePolicyStatus old)
      throws ReconcileException {
    ImagePolicySpec spec = policy.getSpec();
    if (spec.reflection() == ImagePolicySpec.ReflectionPolicy.Always && spec.interval() == null) {
      throw new ReconcileException(
          INTERVAL_NOT_CONFIGURED,
          "spec.interval must be set when spec.digestReflectionPolicy is set to 'Always'",
          true);
    }
    ImageRepository repo = repository(policy, ctx);
    ImageReference image;
    try {
      image = ImageReference.parse(repo.getSpec().image());
    } catch (IllegalArgumentException e) {
      throw new ReconcileException(
          ImageRepositoryReconciler.IMAGE_URL_INVALID, e.getMessage(), true);
    }
    TagPolicy tagPolicy;
    TagFilter filter;
    try {
      tagPolicy = TagPolicy.of(spec.policy());
      filter = spec.filterTags() == null ? null : TagFilter.of(spec.filterTags());
    } catch (IllegalArgumentException e) {
      throw new ReconcileException(INVALID_POLICY, e.getMessage(), true);
    }
    String canonical = repo.getStatus() == null ? null : repo.getStatus().canonicalImageName();
    List<String> tags =
        canonical == null ? List.of() : reflector.tags().get(canonical).orElse(List.of());
    if (tags.isEmpty()) {
      throw new ReconcileException(
          Reasons.DEPENDENCY_NOT_READY,
          "no tags in database: ImageRepository '%s/%s' has not scanned any tags of '%s' yet"
              .formatted(
                  repo.getMetadata().getNamespace(),
                  repo.getMetadata().getName(),
                  repo.getSpec().image()),
          false);
    }
    Map<String, String> candidates;
    try {
      candidates =
          filter == null
              ? tags.stream().collect(Collectors.toMap(t -> t, t -> t, (a, b) -> a))
              : filter.apply(tags);
    } catch (GoRegexp.TooComplex e) {
      throw new ReconcileException(
          INVALID_POLICY, "invalid policy: failed to filter tags: " + e.getMessage(), true);
    }
    Optional<String> best;
    try {
      best = tagPolicy.latest(candidates.keySet());
    } catch (TagPolicy.InvalidTag e) {
      throw new ReconcileException(FAILURE, e.getMessage(), false);
    }
    if (best.isEmpty()) {
      throw new ReconcileException(
          FAILURE,
          "no tag of '%s' matches %s (%d tags scanned%s)"
              .formatted(
                  repo.getSpec().image(),
                  tagPolicy.describe(),
                  tags.size(),
                  filter == null
                      ? ""
                      : ", %d kept by spec.filterTags.pattern '%s'"
                          .formatted(candidates.size(), spec.filterTags().pattern())),
          false);
    }
    String tag = candidates.get(best.get());
    return new ImageRef(repo.getSpec().image(), tag, digest(spec, old, repo, image, tag, ctx));
  }

  private String digest(
      ImagePolicySpec spec,
      ImagePolicyStatus old,
      ImageRepository repo,
      ImageReference image,
      String tag,
      Context<ImagePolicy> ctx)
      throws ReconcileException {
    ImageRef was = old == null ? null : old.latestRef();
    switch (spec.reflection()) {
      case Never:
        return null;
      case IfNotPresent:
        if (was != null
            && was.name().equals(repo.getSpec().image())
            && was.tag().equals(tag)
            && was.digest() != null
            && !was.digest().isEmpty()) {
          return was.digest();
        }
        break;
      case Always:
        break;
    }
    try {
      return RegistryAccess.client(ctx.getClient(), repo, image, reflector.env()).digest(tag);
    } catch (IOException e) {
      throw new ReconcileException(
          Reasons.FAILED,
          "failed fetching digest of %s:%s: %s"
              .formatted(repo.getSpec().image(), tag, e.getMessage()),
          false);
    }
  }

  private static ImageRepository repository(ImagePolicy policy, Context<ImagePolicy> ctx)
      throws ReconcileException {
    ImagePolicySpec.RepositoryRef ref = policy.getSpec().imageRepositoryRef();
    String ns =
        ref.namespace() == null || ref.namespace().isEmpty()
            ? policy.getMetadata().getNamespace()
            : ref.namespace();
    ImageRepository repo;
    try {
      repo =
          ctx.getClient()
              .resources(ImageRepository.class)
              .inNamespace(ns)
              .withName(ref.name())
              .get();
    } catch (KubernetesClientException e) {
      throw new ReconcileException(
          Reasons.FAILED, "failed to get the referred ImageRepository: " + e.getMessage(), false);
    }
    if (repo == null) {
      throw new ReconcileException(
          Reasons.DEPENDENCY_NOT_READY,
          "failed to get the referred ImageRepository: referenced ImageRepository does not exist:"
              + " imagerepositories.image.toolkit.fluxcd.io \"%s\" not found in namespace '%s'"
                  .formatted(ref.name(), ns),
          false);
    }
    RepositoryAcl.check(ctx.getClient(), policy.getMetadata().getNamespace(), repo);
    return repo;
  }

  /** Flux's message: the tag, its digest, and what it was before when it changed. */
  static String readyMessage(ImageRef latest, ImageRef previous) {
    StringBuilder m =
        new StringBuilder("Latest image tag for ")
            .append(latest.name())
            .append(" resolved to ")
            .append(latest.tag());
    if (latest.digest() != null && !latest.digest().isEmpty()) {
      m.append(" with digest ").append(latest.digest());
    }
    if (previous != null && !previous.equals(latest)) {
      m.append(" (previously ").append(previous).append(")");
    }
    return m.toString();
  }

  /** {@code spec.interval} under {@code Always}; no timed runs otherwise. */
  private static Duration interval(ImagePolicySpec spec) {
    if (spec.reflection() != ImagePolicySpec.ReflectionPolicy.Always) {
      return null;
    }
    try {
      return spec.interval() == null
          ? ImagePolicySpec.DEFAULT_INTERVAL
          : GoDuration.parse(spec.interval());
    } catch (RuntimeException e) {
      return ImagePolicySpec.DEFAULT_INTERVAL;
    }
  }
}
