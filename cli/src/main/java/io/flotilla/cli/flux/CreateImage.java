package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.flux.meta.GoDuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flux create image repository|policy|update}: the image automation kinds, with flux's
 * flags, checks, messages and {@code --export} output.
 */
final class CreateImage {
  /** go-containerregistry's characters for a repository path. */
  private static final String REPOSITORY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_-./";

  private CreateImage() {}

  static CommandLine group() {
    CommandLine image =
        Groups.group("image", "The create image sub-commands work with image automation objects.");
    image.addSubcommand(new Repository());
    image.addSubcommand(new Policy());
    image.addSubcommand(new Update());
    return image;
  }

  /**
   * Prints the object with {@code --export}; otherwise applies it and waits for Ready with the
   * lines flux's {@code upsertAndWait} prints.
   */
  private static void write(Creation c, FluxKind kind, Consumer<ObjectNode> spec) {
    ObjectNode object = c.object(kind);
    spec.accept(object.putObject("spec"));
    if (c.create.export) {
      c.export(kind, object);
      return;
    }
    try (Kube kube = c.flux.kube()) {
      c.log().generate("generating " + kind.kind());
      c.log().action("applying " + kind.kind());
      boolean created = Upsert.apply(kube, kind, object);
      c.log().success(kind.kind() + (created ? " created" : " updated"));
      c.log().waiting("waiting for " + kind.kind() + " reconciliation");
      Deadline.after(c.flux.timeout)
          .poll(() -> Readiness.check(kube.get(kind, c.namespace(), c.name)));
      c.log().success(kind.kind() + " reconciliation completed");
    }
  }

  /**
   * go-containerregistry's {@code name.NewRepository}: an optional registry (a first path part with
   * '.' or ':') and a lower-case repository path; no tag or digest.
   */
  static void checkImage(String image) {
    String registry = "";
    String repository = image;
    int slash = image.indexOf('/');
    if (slash >= 0) {
      String first = image.substring(0, slash);
      if (first.contains(".") || first.contains(":")) {
        registry = first;
        repository = image.substring(slash + 1);
      }
    }
    int runes = repository.codePointCount(0, repository.length());
    if (runes < 2 || runes > 255) {
      throw badImage("repository must be between 2 and 255 characters in length: " + repository);
    }
    if (!repository.chars().allMatch(ch -> REPOSITORY_CHARS.indexOf(ch) >= 0)) {
      throw badImage(
          "repository can only contain the characters `" + REPOSITORY_CHARS + "`: " + repository);
    }
    if (!registry.isEmpty() && !authority(registry)) {
      throw badImage("registries must be valid RFC 3986 URI authorities: " + registry);
    }
  }

  private static boolean authority(String registry) {
    try {
      return registry.equals(new URI("//" + registry).getRawAuthority());
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static FluxException badImage(String why) {
    return new FluxException("unable to parse image value: " + why);
  }

  @Command(
      name = "repository",
      description =
          "The create image repository command generates an ImageRepository resource. An"
              + " ImageRepository object specifies an image repository to scan.")
  static final class Repository extends NamedCreate {
    @Option(names = "--image", description = "the image repository to scan; e.g., library/alpine")
    String image;

    @Option(
        names = "--secret-ref",
        description = "the name of a docker-registry secret to use for credentials")
    String secretRef;

    @Option(names = "--cert-ref", description = "the name of a secret to use for TLS certificates")
    String certRef;

    // flux's global --timeout bounds the wait for Ready; this one bounds a scan
    @Option(
        names = "--scan-timeout",
        converter = FluxGroup.DurationConverter.class,
        description = "a timeout for scanning; this defaults to the interval if not set")
    Duration scanTimeout;

    @Override
    void run(Creation c) {
      Specs.require(image, "an image repository (--image) is required");
      checkImage(image);
      write(
          c,
          FluxKind.IMAGE_REPOSITORY,
          spec -> {
            spec.put("image", image);
            spec.put("interval", GoDuration.format(c.create.interval));
            if (scanTimeout != null && !scanTimeout.isZero()) {
              spec.put("timeout", GoDuration.format(scanTimeout));
            }
            Specs.putNameRef(spec, "secretRef", secretRef);
            Specs.putNameRef(spec, "certSecretRef", certRef);
          });
    }
  }

  @Command(
      name = "policy",
      description =
          "The create image policy command generates an ImagePolicy resource. An ImagePolicy"
              + " object calculates a \"latest image\" given an image repository and a policy,"
              + " e.g., semver.")
  static final class Policy extends NamedCreate {
    @Option(names = "--image-ref", description = "the name of an image repository object")
    String imageRef;

    @Option(names = "--select-semver", description = "a semver range to apply to tags; e.g., '1.x'")
    String semver;

    @Option(
        names = "--select-alpha",
        description =
            "use alphabetical sorting to select image; either \"asc\" meaning select the last, or"
                + " \"desc\" meaning select the first")
    String alpha;

    @Option(
        names = "--select-numeric",
        description =
            "use numeric sorting to select image; either \"asc\" meaning select the last, or"
                + " \"desc\" meaning select the first")
    String numeric;

    @Option(
        names = "--filter-regex",
        description = "regular expression pattern used to filter the image tags")
    String filterRegex;

    @Option(
        names = "--filter-extract",
        description =
            "replacement pattern (using capture groups from --filter-regex) to use for sorting")
    String filterExtract;

    @Override
    void run(Creation c) {
      Specs.require(
          imageRef, "the name of an ImageRepository in the namespace is required (--image-ref)");
      write(
          c,
          FluxKind.IMAGE_POLICY,
          spec -> {
            spec.putObject("imageRepositoryRef").put("name", imageRef);
            spec.set("policy", ImagePolicyFlags.policy(semver, alpha, numeric));
            ObjectNode filter = ImagePolicyFlags.filter(filterRegex, filterExtract);
            if (filter != null) {
              spec.set("filterTags", filter);
            }
          });
    }
  }

  @Command(
      name = "update",
      description =
          "The create image update command generates an ImageUpdateAutomation resource. An"
              + " ImageUpdateAutomation object specifies an automated update to images mentioned"
              + " in YAMLs in a git repository.")
  static final class Update extends NamedCreate {
    @Option(
        names = "--git-repo-ref",
        description =
            "the name of a GitRepository resource with details of the upstream Git repository")
    String gitRepoRef;

    @Option(
        names = "--git-repo-namespace",
        description =
            "the namespace of the GitRepository resource, defaults to the ImageUpdateAutomation"
                + " namespace")
    String gitRepoNamespace;

    @Option(
        names = "--git-repo-path",
        description =
            "path to the directory containing the manifests to be updated, defaults to the"
                + " repository root")
    String gitRepoPath;

    @Option(names = "--checkout-branch", description = "the branch to checkout")
    String checkoutBranch;

    @Option(
        names = "--push-branch",
        description =
            "the branch to push commits to, defaults to the checkout branch if not specified")
    String pushBranch;

    @Option(names = "--commit-template", description = "a template for commit messages")
    String commitTemplate;

    @Option(names = "--author-name", description = "the name to use for commit author")
    String authorName;

    @Option(names = "--author-email", description = "the email to use for commit author")
    String authorEmail;

    @Override
    void run(Creation c) {
      Specs.require(gitRepoRef, "a reference to a GitRepository is required (--git-repo-ref)");
      Specs.require(checkoutBranch, "the Git repository branch is required (--checkout-branch)");
      Specs.require(authorName, "the author name is required (--author-name)");
      Specs.require(authorEmail, "the author email is required (--author-email)");
      write(
          c,
          FluxKind.IMAGE_UPDATE,
          spec -> {
            ObjectNode source = spec.putObject("sourceRef").put("kind", "GitRepository");
            source.put("name", gitRepoRef);
            Specs.putIf(source, "namespace", gitRepoNamespace);
            ObjectNode git = spec.putObject("git");
            git.putObject("checkout").putObject("ref").put("branch", checkoutBranch);
            ObjectNode commit = git.putObject("commit");
            commit.putObject("author").put("email", authorEmail).put("name", authorName);
            Specs.putIf(commit, "messageTemplate", commitTemplate);
            if (!Specs.empty(pushBranch)) {
              git.putObject("push").put("branch", pushBranch);
            }
            spec.put("interval", GoDuration.format(c.create.interval));
            if (!Specs.empty(gitRepoPath)) {
              spec.putObject("update").put("path", gitRepoPath).put("strategy", "Setters");
            }
          });
    }
  }
}
