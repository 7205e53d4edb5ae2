package io.flotilla.source.git;

import java.util.Set;
import org.eclipse.jgit.util.SystemReader;

/**
 * Keeps JGit to the directories Flotilla names. JGit's init and clone read {@code GIT_DIR}, {@code
 * GIT_WORK_TREE}, {@code GIT_INDEX_FILE} and the object-directory variables from the process's
 * environment, and let them win over the directory they were given: started from a git hook, a
 * {@code git rebase --exec} or {@code git bisect run}, a fetch would have written into the user's
 * own repository. With {@link #isolate()} those variables read as unset for JGit; every other
 * variable (proxies, {@code HOME}, {@code XDG_CONFIG_HOME}) reads as before.
 */
public final class GitEnvironment {
  static final Set<String> REPOSITORY_VARIABLES =
      Set.of(
          "GIT_DIR",
          "GIT_WORK_TREE",
          "GIT_INDEX_FILE",
          "GIT_COMMON_DIR",
          "GIT_OBJECT_DIRECTORY",
          "GIT_ALTERNATE_OBJECT_DIRECTORIES",
          "GIT_CEILING_DIRECTORIES");

  private GitEnvironment() {}

  /** Hides the repository variables from JGit, once per process; later calls do nothing. */
  public static synchronized void isolate() {
    SystemReader current = SystemReader.getInstance();
    if (!(current instanceof Isolated)) {
      SystemReader.setInstance(new Isolated(current));
    }
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
