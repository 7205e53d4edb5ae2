package io.flotilla.source.git;

/**
 * Credentials from a GitRepository's {@code secretRef}: HTTP basic ({@code username}/{@code
 * password}) or a {@code bearerToken}. SSH identities come later. {@link #toString()} never shows a
 * secret.
 */
public record GitCredentials(String username, String password, String bearerToken) {
  public static final GitCredentials NONE = new GitCredentials(null, null, null);

  public static GitCredentials basic(String username, String password) {
    return new GitCredentials(username, password, null);
  }

  public static GitCredentials bearer(String token) {
    return new GitCredentials(null, null, token);
  }

  boolean hasBasic() {
    return username != null && !username.isEmpty() || password != null && !password.isEmpty();
  }

  boolean hasBearer() {
    return bearerToken != null && !bearerToken.isEmpty();
  }

  @Override
  public String toString() {
    return "GitCredentials[username="
        + username
        + ", password="
        + (password == null ? "null" : "***")
        + ", bearerToken="
        + (bearerToken == null ? "null" : "***")
        + "]";
  }
}
