package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.flux.meta.GoDuration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flux create source git NAME --url … --branch|--tag|--tag-semver|--commit|--ref-name}. */
@Command(name = "git")
final class CreateSourceGit extends NamedCreate {
  @Mixin GitUrl git;

  @Option(names = "--branch", description = "git branch")
  String branch;

  @Option(names = "--tag", description = "git tag")
  String tag;

  @Option(names = "--tag-semver", description = "git tag semver range")
  String semver;

  @Option(names = "--ref-name", description = "git reference name")
  String refName;

  @Option(names = "--commit", description = "git commit")
  String commit;

  @Mixin AuthFlags.Basic auth;

  @Option(
      names = "--secret-ref",
      description = "the name of an existing secret containing SSH or basic credentials")
  String secretRef;

  @Option(
      names = "--ca-file",
      description = "path to TLS CA file used for validating self-signed certificates")
  java.nio.file.Path caFile;

  @Option(
      names = "--recurse-submodules",
      description = "include Git submodules in the artifact",
      arity = "0..1")
  boolean recurseSubmodules;

  @Option(
      names = "--ignore-paths",
      split = ",",
      description =
          "set paths to ignore in git resource (can specify multiple paths with commas: path1,path2)")
  List<String> ignorePaths = new ArrayList<>();

  @Option(
      names = {"-s", "--silent"},
      description = "assumes the deploy key is already setup, skips confirmation")
  boolean silent;

  @Override
  void run(Creation c) {
    String scheme = git.checkedScheme("git");
    if (Specs.empty(branch)
        && Specs.empty(tag)
        && Specs.empty(semver)
        && Specs.empty(commit)
        && Specs.empty(refName)) {
      throw new FluxException(
          "a Git ref is required, use one of the following: --branch, --tag, --commit, --ref-name"
              + " or --tag-semver");
    }
    if (caFile != null && scheme.equals("ssh")) {
      throw new FluxException("specifying a CA file is not supported for Git over SSH");
    }
    ObjectNode repo = c.object(FluxKind.GIT_REPOSITORY);
    ObjectNode spec = repo.putObject("spec");
    spec.put("url", git.url);
    spec.put("interval", GoDuration.format(c.create.interval));
    if (recurseSubmodules) {
      spec.put("recurseSubmodules", true);
    }
    if (!ignorePaths.isEmpty()) {
      spec.put("ignore", String.join("\n", ignorePaths));
    }
    ObjectNode ref = spec.putObject("ref");
    if (!Specs.empty(commit)) {
      ref.put("commit", commit);
      Specs.putIf(ref, "branch", branch);
    } else if (!Specs.empty(refName)) {
      ref.put("name", refName);
    } else if (!Specs.empty(semver)) {
      ref.put("semver", semver);
    } else if (!Specs.empty(tag)) {
      ref.put("tag", tag);
    } else {
      ref.put("branch", branch);
    }
    Specs.putNameRef(spec, "secretRef", secretRef);
    if (c.create.export) {
      c.export(FluxKind.GIT_REPOSITORY, repo);
      return;
    }
    c.log().generate("generating GitRepository source");
    Credentials credentials = auth.credentials(caFile);
    if (Specs.empty(secretRef) && scheme.equals("ssh")) {
      throw new FluxException(
          "generating SSH keys is not supported by flotilla flux yet: create the Secret with the"
              + " key and known_hosts and pass --secret-ref");
    }
    if (scheme.equals("http") && credentials.any()) {
      c.log().warning("insecure configuration: credentials configured for an HTTP URL");
    }
    c.applySource(
        FluxKind.GIT_REPOSITORY,
        "GitRepository source",
        repo,
        kube -> {
          if (Specs.empty(secretRef) && credentials.any()) {
            credentials.apply(kube, c, name);
            spec.putObject("secretRef").put("name", name);
          }
        });
  }
}
