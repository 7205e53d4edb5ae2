package io.flotilla.source.git;

import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.gitenv.GitEnvironment;
import io.flotilla.source.Redaction;
import io.flotilla.source.Semver;
import io.flotilla.source.SourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one ref of a Git repository into a work tree with JGit, the way Flux's source-controller
 * does: a shallow fetch of a single branch or tag, a full fetch when a specific commit is asked
 * for, the highest matching tag for a semver range. Supports {@code http(s)://}, {@code git://},
 * {@code ssh://} and {@code file://} URLs; scp-like {@code host:path} is refused with a hint.
 * Authentication comes from {@link GitCredentials}: basic, bearer, a CA bundle, or an SSH identity
 * checked against known_hosts.
 */
public final class GitFetcher {
  static {
    GitEnvironment.isolate();
  }

  private static final Logger log = LoggerFactory.getLogger(GitFetcher.class);

  private final Duration timeout;
  private final GitProxy proxy;

  public GitFetcher(Duration timeout) {
    this(timeout, null);
  }

  /** A fetcher whose http(s) connections go through {@code proxy} (null: the JVM's default). */
  public GitFetcher(Duration timeout, GitProxy proxy) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.proxy = proxy;
  }

  /**
   * What to check out besides the ref: submodules (recursively, with the same credentials) and only
   * some directories ({@code sparseCheckout}, as {@code spec.sparseCheckout}; null or empty for
   * all).
   */
  public record Options(boolean recurseSubmodules, List<String> sparseCheckout) {
    public static Options defaults() {
      return new Options(false, null);
    }
  }

  /**
   * Checks the URL before any I/O: scheme, host, no scp-like syntax.
   *
   * @throws SourceException terminal, reason {@code URLInvalid}, with a hint what to write
   */
  public static void validateUrl(String url) throws SourceException {
    GitUrls.validate(url);
  }

  /**
   * The revision the ref currently points to, from a cheap {@code ls-remote} that downloads no
   * objects; a controller compares it with the stored artifact's revision to skip an unchanged
   * fetch. For a {@code commit} ref the answer is known without contacting the remote.
   *
   * @throws SourceException with reason {@code GitOperationFailed} if the ref does not exist or the
   *     remote cannot be listed, {@code URLInvalid} (terminal) for a malformed URL
   */
  public String remoteRevision(String url, GitRef ref, GitCredentials credentials)
      throws SourceException {
    GitUrls.validate(url);
    GitRef r = ref == null ? GitRef.ofBranch(null) : ref;
    GitCredentials c = credentials == null ? GitCredentials.NONE : credentials;
    if (r.commit() != null) {
      return Revision.of(r.branch() == null ? null : Constants.R_HEADS + r.branch(), r.commit());
    }
    String remote = GitUrls.withSshUser(url);
    try (GitSession session = GitSession.open(remote, c, timeout, proxy)) {
      Collection<Ref> refs = lsRemote(session, url, remote, c, "unable to list remote for '%s'");
      String target = targetRef(session, url, remote, r, refs, c);
      for (Ref candidate : refs) {
        if (candidate.getName().equals(target)) {
          ObjectId id =
              candidate.getPeeledObjectId() != null
                  ? candidate.getPeeledObjectId()
                  : candidate.getObjectId();
          return Revision.of(target, id.name());
        }
      }
      throw notFound(url, target, c);
    }
  }

  /** As {@link #fetch(String, GitRef, GitCredentials, Path, boolean)} without submodules. */
  public GitFetchResult fetch(String url, GitRef ref, GitCredentials credentials, Path into)
      throws SourceException {
    return fetch(url, ref, credentials, into, false);
  }

  /**
   * Fetches the ref into {@code into} (created if missing; it must be empty) and checks it out;
   * with {@code recurseSubmodules}, also checks out the submodules with the same credentials.
   *
   * @return the revision, the commit, its subject and the work tree
   * @throws SourceException {@code GitOperationFailed} for unknown refs, unreachable or refusing
   *     remotes, failed authentication and missing commits; {@code URLInvalid} (terminal) for a
   *     malformed URL; {@code AuthenticationFailed} (terminal) for unusable credentials
   */
  public GitFetchResult fetch(
      String url, GitRef ref, GitCredentials credentials, Path into, boolean recurseSubmodules)
      throws SourceException {
    return fetch(url, ref, credentials, into, new Options(recurseSubmodules, null));
  }

  /**
   * As {@link #fetch(String, GitRef, GitCredentials, Path, boolean)} with {@code options}; a sparse
   * directory missing from the commit fails with {@code GitOperationFailed}.
   */
  public GitFetchResult fetch(
      String url, GitRef ref, GitCredentials credentials, Path into, Options options)
      throws SourceException {
    Options o = options == null ? Options.defaults() : options;
    List<String> sparse = sparseDirs(o.sparseCheckout());
    GitUrls.validate(url);
    GitRef r = ref == null ? GitRef.ofBranch(null) : ref;
    GitCredentials c = credentials == null ? GitCredentials.NONE : credentials;
    String remote = GitUrls.withSshUser(url);
    prepare(into);
    long started = System.nanoTime();
    try (GitSession session = GitSession.open(remote, c, timeout, proxy);
        Git git = Git.init().setDirectory(into.toFile()).call()) {
      Repository repo = git.getRepository();
      StoredConfig config = repo.getConfig();
      // submodules with relative URLs resolve against origin, as in a clone
      config.setString("remote", "origin", "url", remote);
      // a throwaway checkout: no background auto-gc racing the caller's cleanup
      config.setInt("gc", null, "auto", 0);
      config.setBoolean("gc", null, "autoDetach", false);
      config.save();
      String fullRef;
      ObjectId commit;
      GitFetchResult.TagObject tag = null;
      if (r.commit() != null) {
        fullRef = r.branch() == null ? null : Constants.R_HEADS + r.branch();
        List<RefSpec> specs = new ArrayList<>();
        if (fullRef != null) {
          specs.add(new RefSpec("+" + fullRef + ":" + fullRef));
        } else {
          specs.add(new RefSpec("+refs/heads/*:refs/remotes/origin/*"));
          specs.add(new RefSpec("+refs/tags/*:refs/tags/*"));
        }
        fetchRefs(session, git, url, remote, c, specs, false, fullRef);
        commit = resolveCommit(repo, url, r.commit(), c);
      } else {
        fullRef = targetRef(session, url, remote, r, null, c);
        fetchRefs(
            session,
            git,
            url,
            remote,
            c,
            List.of(new RefSpec("+" + fullRef + ":" + fullRef)),
            true,
            fullRef);
        Ref fetched = repo.exactRef(fullRef);
        if (fetched == null) {
          throw notFound(url, fullRef, c);
        }
        try (RevWalk walk = new RevWalk(repo)) {
          RevObject target = walk.parseAny(fetched.getObjectId());
          if (target instanceof RevTag t) {
            tag =
                new GitFetchResult.TagObject(
                    Repository.shortenRefName(fullRef), t.getId().name(), t.getRawBuffer().clone());
          }
          commit = walk.parseCommit(fetched.getObjectId()).getId();
        }
      }
      if (o.recurseSubmodules()) {
        // submodule commands need the index and a real checkout
        git.checkout().setName(commit.name()).setForced(true).call();
        updateSubmodules(session, git, 0);
        if (!sparse.isEmpty()) {
          SparseDirs.prune(into, sparse);
        }
      } else {
        TreeExport.write(repo, commit, into, sparse);
      }
      SparseDirs.requirePresent(into, sparse);
      String subject;
      byte[] rawCommit;
      try (RevWalk walk = new RevWalk(repo)) {
        RevCommit parsed = walk.parseCommit(commit);
        subject = GitFetchResult.shortMessage(parsed.getFullMessage());
        rawCommit = parsed.getRawBuffer().clone();
      }
      String revision = Revision.of(fullRef, commit.name());
      log.debug(
          "fetched {} from {} in {} ms",
          revision,
          Redaction.url(url),
          Duration.ofNanos(System.nanoTime() - started).toMillis());
      return new GitFetchResult(revision, commit.name(), subject, into, rawCommit, tag);
    } catch (SourceException e) {
      throw e;
    } catch (Exception e) {
      throw failed("unable to clone '%s'", url, e, null, c);
    }
  }

  /** Initialises and fetches the submodules of {@code git}, and theirs, as {@code --recursive}. */
  private static void updateSubmodules(GitSession session, Git git, int depth) throws Exception {
    if (depth > 10) {
      throw new IOException("submodules nested more than 10 levels deep");
    }
    session.call(() -> git.submoduleInit().call());
    session.call(() -> session.configure(git.submoduleUpdate()).setFetch(true).call());
    try (org.eclipse.jgit.submodule.SubmoduleWalk walk =
        org.eclipse.jgit.submodule.SubmoduleWalk.forIndex(git.getRepository())) {
      while (walk.next()) {
        try (Repository sub = walk.getRepository()) {
          if (sub != null) {
            try (Git subGit = Git.wrap(sub)) {
              updateSubmodules(session, subGit, depth + 1);
            }
          }
        }
      }
    }
  }

  /** {@code spec.sparseCheckout} as tree paths: no {@code ./} prefix or trailing slash. */
  static List<String> sparseDirs(List<String> dirs) throws SourceException {
    List<String> out = new ArrayList<>();
    if (dirs == null) {
      return out;
    }
    for (String d : dirs) {
      String p = d == null ? "" : d.strip();
      while (p.startsWith("./")) {
        p = p.substring(2);
      }
      p = p.replaceAll("/+$", "");
      if (p.isEmpty() || p.equals(".")) {
        return List.of(); // the whole tree
      }
      if (p.startsWith("/") || List.of(p.split("/")).contains("..")) {
        throw SourceException.terminal(
            Reasons.GIT_OPERATION_FAILED,
            "failed to sparse checkout directories : '%s' must be a relative path inside the repository"
                .formatted(d));
      }
      out.add(p);
    }
    return out;
  }

  /** The full ref name to fetch; for a semver range, the highest matching remote tag. */
  private String targetRef(
      GitSession session,
      String url,
      String remote,
      GitRef r,
      Collection<Ref> listed,
      GitCredentials c)
      throws SourceException {
    if (r.name() != null) {
      return r.name();
    }
    if (r.semver() != null) {
      Semver.Range range;
      try {
        range = Semver.range(r.semver());
      } catch (IllegalArgumentException e) {
        throw SourceException.terminal(
            Reasons.GIT_OPERATION_FAILED, "semver parse error: " + e.getMessage());
      }
      Collection<Ref> refs =
          listed != null
              ? listed
              : lsRemote(session, url, remote, c, "unable to list tags of '%s'");
      List<String> tags = new ArrayList<>();
      for (Ref ref : refs) {
        if (ref.getName().startsWith(Constants.R_TAGS) && !ref.getName().endsWith("^{}")) {
          tags.add(ref.getName().substring(Constants.R_TAGS.length()));
        }
      }
      String tag =
          Semver.best(range, tags)
              .orElseThrow(
                  () ->
                      SourceException.retryable(
                          Reasons.GIT_OPERATION_FAILED,
                          "no match found for semver: " + r.semver(),
                          null));
      return Constants.R_TAGS + tag;
    }
    if (r.tag() != null) {
      return Constants.R_TAGS + r.tag();
    }
    return Constants.R_HEADS + r.effectiveBranch();
  }

  private Collection<Ref> lsRemote(
      GitSession session, String url, String remote, GitCredentials c, String context)
      throws SourceException {
    try {
      return session.call(
          () -> session.configure(Git.lsRemoteRepository().setRemote(remote)).call());
    } catch (SourceException e) {
      throw e;
    } catch (Exception e) {
      throw failed(context, url, e, session, c);
    }
  }

  private void fetchRefs(
      GitSession session,
      Git git,
      String url,
      String remote,
      GitCredentials c,
      List<RefSpec> specs,
      boolean shallow,
      String want)
      throws SourceException {
    var fetch =
        session
            .configure(git.fetch())
            .setRemote(remote)
            .setRefSpecs(specs)
            .setTagOpt(TagOpt.NO_TAGS);
    if (shallow) {
      fetch.setDepth(1);
    }
    try {
      session.call(fetch::call);
    } catch (SourceException e) {
      throw e;
    } catch (Exception e) {
      if (want != null && String.valueOf(e.getMessage()).contains("Remote does not have")) {
        throw notFound(url, want, c);
      }
      throw failed("unable to clone '%s'", url, e, session, c);
    }
  }

  /** A git call that failed: {@code what} (a format of the url), then why, secrets redacted. */
  private SourceException failed(
      String what, String url, Exception e, GitSession session, GitCredentials c) {
    return redacted(
        what.formatted(url) + ": " + GitErrors.describe(e, session, timeout, url), c, e);
  }

  /** A retryable git failure whose message may name a URL: the credentials' secrets redacted. */
  private static SourceException redacted(String message, GitCredentials c, Exception cause) {
    return SourceException.retryable(
        Reasons.GIT_OPERATION_FAILED, Redaction.message(message, c.secrets()), cause);
  }

  private static ObjectId resolveCommit(
      Repository repo, String url, String commit, GitCredentials c)
      throws SourceException, IOException {
    ObjectId id;
    try {
      id = repo.resolve(commit + "^{commit}");
    } catch (IOException | RuntimeException e) {
      id = null;
    }
    if (id == null) {
      throw redacted(
          "unable to resolve commit object for '%s': object not found in '%s'"
              .formatted(commit, url),
          c,
          null);
    }
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit rc = walk.parseCommit(id);
      return rc.getId();
    } catch (MissingObjectException e) {
      throw SourceException.retryable(
          Reasons.GIT_OPERATION_FAILED,
          "unable to resolve commit object for '%s': object not found".formatted(commit),
          null);
    }
  }

  private static SourceException notFound(String url, String ref, GitCredentials c) {
    return redacted(
        "unable to clone: couldn't find remote ref \"%s\": git repository: '%s'"
            .formatted(ref, url),
        c,
        null);
  }

  private static void prepare(Path into) throws SourceException {
    try {
      Files.createDirectories(into);
      try (Stream<Path> entries = Files.list(into)) {
        if (entries.findAny().isPresent()) {
          throw SourceException.retryable(
              Reasons.GIT_OPERATION_FAILED,
              "checkout directory '%s' is not empty".formatted(into),
              null);
        }
      }
    } catch (IOException e) {
      throw SourceException.retryable(
          Reasons.GIT_OPERATION_FAILED,
          "cannot create checkout directory '%s': %s".formatted(into, e.getMessage()),
          e);
    }
  }
}
