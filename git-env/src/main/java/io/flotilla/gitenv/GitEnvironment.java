package io.flotilla.gitenv;

import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.util.SystemReader;

/**
 * Keeps JGit and the git CLI to the directories Flotilla names. Git exports {@code GIT_DIR}, {@code
 * GIT_WORK_TREE}, {@code GIT_INDEX_FILE}, the object-directory variables and more to a hook, a
 * {@code git rebase --exec} or a {@code git bisect run}; JGit's init and clone, and a git child
 * process, let them win over the directory they were given, and would write into the user's own
 * repository. With {@link #isolate()} those variables read as unset for JGit, and {@link
 * #scrub(Map)} drops them from a child process's environment; every other variable (proxies, {@code
 * HOME}, {@code XDG_CONFIG_HOME}) reads as before.
 */
public final class GitEnvironment {
  /**
   * Git's own {@code local_repo_env} (environment.c: what it clears before it works in another
   * repository), with {@code GIT_NAMESPACE} and {@code GIT_CEILING_DIRECTORIES}.
   */
  static final Set<String> REPOSITORY_VARIABLES =
      Set.of(
          "GIT_DIR",
          "GIT_WORK_TREE",
          "GIT_IMPLICIT_WORK_TREE",
          "GIT_INDEX_FILE",
          "GIT_COMMON_DIR",
          "GIT_NAMESPACE",
          "GIT_PREFIX",
          "GIT_OBJECT_DIRECTORY",
          "GIT_ALTERNATE_OBJECT_DIRECTORIES",
          "GIT_GRAFT_FILE",
          "GIT_SHALLOW_FILE",
          "GIT_NO_REPLACE_OBJECTS",
          "GIT_REPLACE_REF_BASE",
          "GIT_CONFIG",
          "GIT_CONFIG_PARAMETERS",
          "GIT_CONFIG_COUNT",
          "GIT_CEILING_DIRECTORIES");

  private GitEnvironment() {}

  /** Hides the repository variables from JGit, once per process; later calls do nothing. */
  public static synchronized void isolate() {
    SystemReader current = SystemReader.getInstance();
    if (!(current instanceof Isolated)) {
      SystemReader.setInstance(new Isolated(current));
    }
  }

  /** Drops the repository variables from a git child process's environment. */
  public static void scrub(Map<String, String> environment) {
    environment.keySet().removeAll(REPOSITORY_VARIABLES);
  }

  private static final class Isolated extends SystemReader.Delegate {
    Isolated(SystemReader delegate) {
      super(delegate);
    }

    @Override
    public String getenv(String variable) {
      return REPOSITORY_VARIABLES.contains(variable) ? null : super.getenv(variable);
    }
  }
}
