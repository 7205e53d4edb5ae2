package io.flotilla.deploy.install;

/** An install stopped before it wrote anything, with what is wrong and what to do. */
public final class InstallRefused extends RuntimeException {
  public InstallRefused(String message) {
    super(message);
  }
}
