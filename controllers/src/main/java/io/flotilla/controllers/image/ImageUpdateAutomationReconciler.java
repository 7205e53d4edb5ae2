package io.flotilla.controllers.image;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.flux.image.ImagePolicy;
import io.flotilla.api.flux.image.ImageRef;
import io.flotilla.api.flux.image.ImageUpdateAutomation;
import io.flotilla.api.flux.image.ImageUpdateAutomationSpec;
import io.flotilla.api.flux.image.ImageUpdateAutomationStatus;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositoryRef;
import io.flotilla.api.flux.source.GitRepositorySpec;
import io.flotilla.controllers.gitrepository.SecretCredentials;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.controllers.runtime.StatusPatch;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.source.SourceException;
import io.flotilla.source.git.GitCredentials;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * image-automation-controller's ImageUpdateAutomation: clones the GitRepository, rewrites the
 * {@code $imagepolicy} setters under {@code spec.update.path} to the selected ImagePolicies' latest
 * images, commits with {@code spec.git.commit} and pushes per {@code spec.git.push}. Runs on its
 * interval and whenever a policy of its namespace or its GitRepository changes.
 */
final class ImageUpdateAutomationReconciler implements Reconciler<ImageUpdateAutomation> {
  static final String INVALID_SOURCE_CONFIG = "InvalidSourceConfiguration";
  static final String UPDATE_FAILED = "UpdateFailed";
  static final String INVALID_POLICY_SELECTOR = "InvalidPolicySelector";
  static final String REMOVED_TEMPLATE_FIELD = "RemovedTemplateField";
  static final String DEFAULT_MESSAGE = "Update from image update automation";

  private final EventRecorder events;
  private final Path work;
  private final Clock clock;

  ImageUpdateAutomationReconciler(EventRecorder events, Path work, Clock clock) {
    this.events = events;
    this.work = work;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, ImageUpdateAutomation>> prepareEventSources(
      EventSourceContext<ImageUpdateAutomation> ctx) {
    return AutomationWatches.eventSources(ctx);
  }

  @Override
  public UpdateControl<ImageUpdateAutomation> reconcile(
      ImageUpdateAutomation auto, Context<ImageUpdateAutomation> ctx) {
    ImageUpdateAutomationSpec spec = auto.getSpec();
    if (spec == null || spec.suspended()) {
      return UpdateControl.noUpdate();
    }
    ImageUpdateAutomationStatus old = auto.getStatus();
    ImageOutcome.Status status = ImageOutcome.start(auto, clock);
    Duration interval = interval(spec);
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    String lastRun = old == null ? null : old.lastAutomationRunTime();
    String lastCommit = old == null ? null : old.lastPushCommit();
    String lastPush = old == null ? null : old.lastPushTime();
    Map<String, ImageRef> observed = old == null ? null : old.observedPolicies();
    String sourceRevision = old == null ? null : old.observedSourceRevision();
    Outcome outcome;
    try {
      Run run = new Run(auto, ctx.getClient());
      GitUpdate.Done done = run.execute();
      observed = run.observed;
      sourceRevision = done.headRevision();
      lastRun = now;
      String message;
      if (done.commit() != null) {
        lastCommit = done.commit();
        lastPush = now;
        message = run.pushedMessage(done.commit());
        if (events != null) {
          events.normal(auto, Reasons.SUCCEEDED, message + "\n" + run.commitMessage);
        }
      } else {
        message =
            "no updates made"
                + (lastPush != null && lastCommit != null && lastCommit.length() >= 7
                    ? "; last commit %s at %s".formatted(lastCommit.substring(0, 7), lastPush)
                    : "");
      }
      outcome = new Outcome.Ready(message, interval);
    } catch (ReconcileException e) {
      outcome = ImageOutcome.failed(e, interval);
    }
    Long observedGeneration = status.finish(outcome, events);
    auto.setStatus(
        new ImageUpdateAutomationStatus(
            lastRun,
            lastCommit,
            lastPush,
            observedGeneration,
            status.conditions().toList(),
            observed,
            sourceRevision,
            Triggers.requestedAt(auto)));
    return StatusPatch.write(StatusPatch.of(auto, ImageUpdateAutomation::new), outcome.next());
  }

  /** One run: everything read and checked before the clone, so a bad spec clones nothing. */
  private final class Run {
    final ImageUpdateAutomation auto;
    final KubernetesClient client;
    Map<String, ImageRef> observed;
    String commitMessage;
    String pushBranch;
    String refspec;

    Run(ImageUpdateAutomation auto, KubernetesClient client) {
      this.auto = auto;
      this.client = client;
    }

    GitUpdate.Done execute() throws ReconcileException {
      ImageUpdateAutomationSpec spec = auto.getSpec();
      String ns = auto.getMetadata().getNamespace();
      ImageUpdateAutomationSpec.GitSpec gitSpec = spec.git();
      if (gitSpec == null || gitSpec.commit() == null || gitSpec.commit().author() == null) {
        throw new ReconcileException(
            INVALID_SOURCE_CONFIG,
            "spec.git.commit.author is required: the automation commits as that author",
            true);
      }
      var sourceRef = spec.sourceRef();
      if (sourceRef.kind() != null && !sourceRef.kind().equals(GitRepository.KIND)) {
        throw new ReconcileException(
            INVALID_SOURCE_CONFIG,
            "spec.sourceRef.kind '%s' is not supported; use GitRepository"
                .formatted(sourceRef.kind()),
            true);
      }
      CommitTemplate template = template(gitSpec.commit().messageTemplate());
      String sourceNs =
          sourceRef.namespace() == null || sourceRef.namespace().isEmpty()
              ? ns
              : sourceRef.namespace();
      GitRepository origin = get(GitRepository.class, sourceNs, sourceRef.name());
      if (origin == null || origin.getSpec() == null) {
        throw new ReconcileException(
            Reasons.DEPENDENCY_NOT_READY,
            "referenced GitRepository '%s/%s' does not exist".formatted(sourceNs, sourceRef.name()),
            false);
      }
      GitRepositorySpec originSpec = origin.getSpec();
      GitRepositoryRef ref =
          gitSpec.checkout() != null && gitSpec.checkout().ref() != null
              ? gitSpec.checkout().ref()
              : originSpec.ref();
      String checkoutBranch = ref == null ? "master" : ref.branch();
      if (ref != null && ref.branch() == null && ref.tag() == null && ref.commit() == null) {
        throw new ReconcileException(
            INVALID_SOURCE_CONFIG,
            "the checkout ref of GitRepository '%s/%s' is a semver range or name; set spec.git.checkout.ref to a branch, tag or commit"
                .formatted(sourceNs, sourceRef.name()),
            true);
      }
      pushBranch = gitSpec.push() == null ? null : blankToNull(gitSpec.push().branch());
      refspec = gitSpec.push() == null ? null : blankToNull(gitSpec.push().refspec());
      if (checkoutBranch == null && pushBranch == null && refspec == null) {
        throw new ReconcileException(
            INVALID_SOURCE_CONFIG,
            "spec.git.push.branch is required when checking out a tag or commit",
            true);
      }
      Map<String, ImageRef> policies = policies(spec, ns);
      observed = new TreeMap<>();
      policies.forEach((k, v) -> observed.put(k.substring(k.indexOf(':') + 1), v));
      CommitSigner signer = signer(gitSpec.commit().signingKey(), ns);
      GitCredentials credentials;
      try {
        credentials = SecretCredentials.load(client, sourceNs, originSpec);
      } catch (SourceException e) {
        throw new ReconcileException(e.reason(), e.getMessage(), e.terminal());
      }
      Duration timeout;
      try {
        timeout =
            GoDuration.parse(
                originSpec.timeout() == null
                    ? GitRepositorySpec.DEFAULT_TIMEOUT
                    : originSpec.timeout());
      } catch (IllegalArgumentException e) {
        timeout = Duration.ofSeconds(60);
      }
      var author = gitSpec.commit().author();
      PersonIdent ident =
          new PersonIdent(
              author.name() == null ? "" : author.name(),
              author.email(),
              Instant.now(clock),
              clock.getZone());
      GitUpdate.Request request =
          new GitUpdate.Request(
              originSpec.url(),
              credentials,
              timeout,
              checkoutBranch,
              ref == null ? null : ref.tag(),
              ref == null ? null : ref.commit(),
              pushBranch,
              refspec,
              gitSpec.push() == null ? null : gitSpec.push().options(),
              ident,
              signer);
      String path = spec.update() == null ? null : spec.update().path();
      return GitUpdate.run(
          request,
          work,
          (root, head) -> {
            TreeUpdate.Changed changed = TreeUpdate.apply(root, path, policies);
            if (changed.isEmpty()) {
              return new GitUpdate.Edited(false, null);
            }
            commitMessage = render(template, gitSpec.commit().messageTemplateValues(), changed);
            changed.write();
            return new GitUpdate.Edited(true, commitMessage);
          });
    }

    String pushedMessage(String commit) {
      StringBuilder m =
          new StringBuilder("committed and pushed commit '").append(commit).append("'");
      if (pushBranch != null || refspec == null) {
        m.append(" to branch '")
            .append(pushBranch != null ? pushBranch : checkoutBranchOf(auto))
            .append("'");
        if (refspec != null) {
          m.append(" and using refspec '").append(refspec).append("'");
        }
      } else {
        m.append(" using refspec '").append(refspec).append("'");
      }
      return m.toString();
    }

    private String checkoutBranchOf(ImageUpdateAutomation a) {
      var g = a.getSpec().git();
      if (g.checkout() != null
          && g.checkout().ref() != null
          && g.checkout().ref().branch() != null) {
        return g.checkout().ref().branch();
      }
      var ref = a.getSpec().sourceRef();
      GitRepository origin =
          get(
              GitRepository.class,
              ref.namespace() == null ? a.getMetadata().getNamespace() : ref.namespace(),
              ref.name());
      return origin != null
              && origin.getSpec().ref() != null
              && origin.getSpec().ref().branch() != null
          ? origin.getSpec().ref().branch()
          : "master";
    }

    private String render(
        CommitTemplate template, Map<String, String> values, TreeUpdate.Changed changed)
        throws ReconcileException {
      try {
        return template.render(
            TemplateData.of(
                auto.getMetadata().getNamespace(), auto.getMetadata().getName(), changed, values));
      } catch (CommitTemplate.TemplateException e) {
        throw new ReconcileException(
            UPDATE_FAILED, "failed to run template from spec: " + e.getMessage(), true);
      }
    }

    /** The latest images of the policies in the namespace that {@code policySelector} selects. */
    private Map<String, ImageRef> policies(ImageUpdateAutomationSpec spec, String ns)
        throws ReconcileException {
      List<ImagePolicy> items;
      try {
        var list = client.resources(ImagePolicy.class).inNamespace(ns);
        items =
            spec.policySelector() == null
                ? list.list().getItems()
                : list.withLabelSelector(spec.policySelector()).list().getItems();
      } catch (KubernetesClientException e) {
        throw new ReconcileException(
            e.getCode() == 400 ? INVALID_POLICY_SELECTOR : Reasons.FAILED,
            "failed to list ImagePolicies in namespace '%s': %s".formatted(ns, e.getMessage()),
            e.getCode() == 400);
      }
      Map<String, ImageRef> out = new LinkedHashMap<>();
      for (ImagePolicy p : items) {
        ImageRef latest = AutomationWatches.latest(p);
        if (latest != null) {
          out.put(ns + ":" + p.getMetadata().getName(), latest);
        }
      }
      return out;
    }

    private CommitSigner signer(ImageUpdateAutomationSpec.SigningKey key, String ns)
        throws ReconcileException {
      if (key == null) {
        return null;
      }
      if (key.type() != null && !key.type().isEmpty() && !key.type().equals("gpg")) {
        throw new ReconcileException(
            INVALID_SOURCE_CONFIG,
            "spec.git.commit.signingKey.type '%s' is not supported by Flotilla; use 'gpg'"
                .formatted(key.type()),
            true);
      }
      String name = key.secretRef().name();
      Secret s = get(Secret.class, ns, name);
      if (s == null) {
        throw new ReconcileException(
            GitUpdate.GIT_OPERATION_FAILED,
            "could not find signing key secret '%s/%s'".formatted(ns, name),
            false);
      }
      byte[] asc = data(s, "git.asc");
      if (asc == null) {
        throw new ReconcileException(
            GitUpdate.GIT_OPERATION_FAILED,
            "signing key secret '%s/%s' does not contain a 'git.asc' key".formatted(ns, name),
            false);
      }
      try {
        return CommitSigner.of(asc, data(s, "passphrase"), ns + "/" + name);
      } catch (IllegalArgumentException e) {
        throw new ReconcileException(GitUpdate.GIT_OPERATION_FAILED, e.getMessage(), false);
      }
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T get(
        Class<T> type, String ns, String name) {
      try {
        return client.resources(type).inNamespace(ns).withName(name).get();
      } catch (KubernetesClientException e) {
        return null;
      }
    }
  }

  private static byte[] data(Secret s, String key) {
    if (s.getData() != null && s.getData().get(key) != null) {
      return Base64.getDecoder().decode(s.getData().get(key));
    }
    if (s.getStringData() != null && s.getStringData().get(key) != null) {
      return s.getStringData().get(key).getBytes(StandardCharsets.UTF_8);
    }
    return null;
  }

  private static CommitTemplate template(String text) throws ReconcileException {
    CommitTemplate t;
    try {
      t = CommitTemplate.parse(text == null || text.isEmpty() ? DEFAULT_MESSAGE : text);
    } catch (CommitTemplate.TemplateException e) {
      throw new ReconcileException(
          UPDATE_FAILED,
          "unable to create commit message template from spec: " + e.getMessage(),
          true);
    }
    if (t.readsTopLevel("Updated")) {
      throw new ReconcileException(
          REMOVED_TEMPLATE_FIELD,
          "spec.git.commit.messageTemplate uses the removed field '.Updated'; use '.Changed' instead",
          true);
    }
    return t;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static Duration interval(ImageUpdateAutomationSpec spec) {
    try {
      Duration d = GoDuration.parse(spec.interval());
      return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
    } catch (RuntimeException e) {
      return Duration.ofMinutes(10);
    }
  }
}
