package io.flotilla.source.git;

/**
 * What to check out, as in {@code GitRepository.spec.ref}. Precedence follows Flux: {@code commit}
 * &gt; {@code name} &gt; {@code semver} &gt; {@code tag} &gt; {@code branch}; with nothing set the
 * branch is {@code master}. A {@code commit} together with a {@code branch} fetches that branch and
 * checks out the commit, and the revision then names the branch.
 */
public record GitRef(String branch, String tag, String semver, String name, String commit) {
  /** Flux's default branch when the ref is empty. */
  public static final String DEFAULT_BRANCH = "master";

  public GitRef {
    branch = blankToNull(branch);
    tag = blankToNull(tag);
    semver = blankToNull(semver);
    name = blankToNull(name);
    commit = blankToNull(commit);
  }

  public static GitRef ofBranch(String branch) {
    return new GitRef(branch, null, null, null, null);
  }

  public static GitRef ofTag(String tag) {
    return new GitRef(null, tag, null, null, null);
  }

  public static GitRef ofSemver(String range) {
    return new GitRef(null, null, range, null, null);
  }

  public static GitRef ofName(String fullRefName) {
    return new GitRef(null, null, null, fullRefName, null);
  }

  public static GitRef ofCommit(String sha) {
    return new GitRef(null, null, null, null, sha);
  }

  /** The branch to use when nothing of higher precedence is set. */
  public String effectiveBranch() {
    return branch == null ? DEFAULT_BRANCH : branch;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
