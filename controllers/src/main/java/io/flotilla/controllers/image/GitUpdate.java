package io.flotilla.controllers.image;

import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.ReconcileException;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.gitenv.GitEnvironment;
import io.flotilla.source.SourceException;
import io.flotilla.source.git.GitCredentials;
import io.flotilla.source.git.GitTransport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.api.CommitCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * One automation run against a Git repository: a fresh clone of the checkout branch (or of the push
 * branch when it already exists), the edit, one commit (signed when a signer is given), and the
 * push to the branch and/or refspec. A push refused as non-fast-forward (someone pushed in between)
 * is retried from a fresh clone; any other refusal fails the run, and the local commit goes with
 * the clone.
 */
final class GitUpdate {
  static {
    GitEnvironment.isolate();
  }

  static final String GIT_OPERATION_FAILED = "GitOperationFailed";
  static final int ATTEMPTS = 3;

  /** What to clone and where to push. {@code checkoutBranch} null means tag or commit. */
  record Request(
      String url,
      GitCredentials credentials,
      Duration timeout,
      String checkoutBranch,
      String checkoutTag,
      String checkoutCommit,
      String pushBranch,
      String refspec,
      Map<String, String> pushOptions,
      PersonIdent author,
      CommitSigner signer) {}

  /** The edit of a clone: the message and whether anything changed. */
  interface Edit {
    /** Changes files under {@code root} and says so; nothing is written when it throws. */
    Edited apply(Path root, String headRevision) throws ReconcileException;
  }

  record Edited(boolean changed, String message) {}

  /** What the run did: {@code commit} is null when nothing changed. */
  record Done(String headRevision, String commit, int attempts) {}

  private GitUpdate() {}

  static Done run(Request r, Path work, Edit edit) throws ReconcileException {
    for (int attempt = 1; ; attempt++) {
      Path dir;
      try {
        dir = TempDirs.create(work, "image-automation-");
      } catch (IOException e) {
        throw new ReconcileException(
            Reasons.STORAGE_OPERATION_FAILED,
            "cannot create a working directory: " + e.getMessage(),
            false);
      }
      try (GitTransport transport = GitTransport.open(r.url(), r.credentials(), r.timeout())) {
        Attempt a = attempt(r, transport, dir, edit);
        if (a instanceof Attempt.Finished f) {
          return new Done(f.head(), f.commit(), attempt);
        }
        Attempt.Rejected rejected = (Attempt.Rejected) a;
        if (!rejected.nonFastForward() || attempt == ATTEMPTS) {
          throw new ReconcileException(
              GIT_OPERATION_FAILED,
              rejected.message()
                  + (rejected.nonFastForward()
                      ? " (still after %d attempts on a fresh checkout)".formatted(ATTEMPTS)
                      : ""),
              false);
        }
      } catch (SourceException e) {
        throw new ReconcileException(e.reason(), e.getMessage(), e.terminal());
      } finally {
        TempDirs.deleteQuietly(dir);
      }
    }
  }

  private sealed interface Attempt {
    record Finished(String head, String commit) implements Attempt {}

    record Rejected(boolean nonFastForward, String message) implements Attempt {}
  }

  private static Attempt attempt(Request r, GitTransport transport, Path dir, Edit edit)
      throws ReconcileException {
    try (Git git = checkout(r, transport, dir)) {
      String head = revision(git);
      Edited e = edit.apply(dir, head);
      if (!e.changed()) {
        return new Attempt.Finished(head, null);
      }
      git.add().addFilepattern(".").call();
      CommitCommand commit =
          git.commit().setMessage(e.message()).setAuthor(r.author()).setCommitter(r.author());
      if (r.signer() != null) {
        commit.setSign(true).setSigner(r.signer());
      } else {
        commit.setSign(false);
      }
      RevCommit c = commit.call();
      Attempt pushed = push(r, transport, git, c);
      return pushed instanceof Attempt.Finished ? new Attempt.Finished(head, c.getName()) : pushed;
    } catch (ReconcileException e) {
      throw e;
    } catch (Exception e) {
      throw new ReconcileException(
          GIT_OPERATION_FAILED,
          "Git operation on '%s' failed: %s".formatted(r.url(), message(e)),
          false);
    }
  }

  /** A clone of the branch to push to when it exists, else of the checkout ref. */
  private static Git checkout(Request r, GitTransport transport, Path dir) throws Exception {
    String pushBranch = r.pushBranch();
    boolean switchBranch =
        pushBranch != null && !pushBranch.isEmpty() && !pushBranch.equals(r.checkoutBranch());
    String from;
    if (switchBranch && remoteHas(r, transport, "refs/heads/" + pushBranch)) {
      from = "refs/heads/" + pushBranch;
      switchBranch = false;
    } else if (r.checkoutBranch() != null) {
      from = "refs/heads/" + r.checkoutBranch();
    } else if (r.checkoutTag() != null) {
      from = "refs/tags/" + r.checkoutTag();
    } else {
      from = null;
    }
    String branchRef = from;
    Git git =
        transport.call(
            () -> {
              var clone = Git.cloneRepository().setURI(r.url()).setDirectory(dir.toFile());
              if (branchRef != null) {
                clone.setBranch(branchRef);
              }
              return transport.configure(clone).call();
            });
    if (from == null && r.checkoutCommit() != null) {
      git.checkout().setName(r.checkoutCommit()).call();
    }
    if (switchBranch || from == null || from.startsWith("refs/tags/")) {
      git.checkout().setCreateBranch(true).setName(pushBranch).setForced(true).call();
    }
    return git;
  }

  private static boolean remoteHas(Request r, GitTransport transport, String ref) throws Exception {
    var refs =
        transport.call(
            () ->
                transport
                    .configure(Git.lsRemoteRepository().setRemote(r.url()).setHeads(true))
                    .call());
    return refs.stream().map(Ref::getName).anyMatch(ref::equals);
  }

  private static Attempt push(Request r, GitTransport transport, Git git, RevCommit c)
      throws Exception {
    List<RefSpec> specs = new ArrayList<>();
    String local = git.getRepository().getFullBranch();
    String target =
        r.pushBranch() != null && !r.pushBranch().isEmpty()
            ? r.pushBranch()
            : (r.refspec() == null || r.refspec().isEmpty() ? r.checkoutBranch() : null);
    if (target != null) {
      specs.add(new RefSpec(local + ":refs/heads/" + target));
    }
    if (r.refspec() != null && !r.refspec().isEmpty()) {
      specs.add(new RefSpec(r.refspec()));
    }
    List<String> options = new ArrayList<>();
    if (r.pushOptions() != null) {
      r.pushOptions().forEach((k, v) -> options.add(v == null || v.isEmpty() ? k : k + "=" + v));
    }
    Iterable<PushResult> results =
        transport.call(
            () -> {
              PushCommand push = git.push().setRemote("origin").setRefSpecs(specs);
              if (!options.isEmpty()) {
                push.setPushOptions(options);
              }
              return transport.configure(push).call();
            });
    for (PushResult result : results) {
      for (RemoteRefUpdate u : result.getRemoteUpdates()) {
        RemoteRefUpdate.Status s = u.getStatus();
        if (s == RemoteRefUpdate.Status.OK || s == RemoteRefUpdate.Status.UP_TO_DATE) {
          continue;
        }
        String remote = result.getMessages() == null ? "" : result.getMessages().strip();
        String msg =
            "failed to push to '%s' %s: %s%s%s"
                .formatted(
                    r.url(),
                    u.getRemoteName(),
                    s.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    u.getMessage() == null ? "" : " (" + u.getMessage() + ")",
                    remote.isEmpty() ? "" : "; the server said: " + remote.replace('\n', ' '));
        return new Attempt.Rejected(s == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD, msg);
      }
    }
    return new Attempt.Finished(null, c.getName());
  }

  /** {@code <branch>@sha1:<commit>}, as Flux writes a Git revision. */
  private static String revision(Git git) throws IOException {
    var head = git.getRepository().resolve("HEAD");
    String branch = git.getRepository().getBranch();
    return (head == null
        ? ""
        : (branch == null || head.getName().equals(branch) ? "" : branch + "@")
            + "sha1:"
            + head.getName());
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    Throwable c = e.getCause();
    while ((m == null || m.isBlank()) && c != null) {
      m = c.getMessage();
      c = c.getCause();
    }
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
