package io.flotilla.kube.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Who a request runs as, after authentication and impersonation; {@code extra} as kube's user.Info
 * carries it (a service account token's credential id and bound pod, impersonated extras).
 */
public record UserInfo(
    String name, String uid, List<String> groups, Map<String, List<String>> extra) {
  public static final String MASTERS = "system:masters";
  static final String AUTHENTICATED = "system:authenticated";
  static final String UNAUTHENTICATED = "system:unauthenticated";
  static final String ANONYMOUS = "system:anonymous";
  static final String SA_PREFIX = "system:serviceaccount:";
  static final String SA_GROUP = "system:serviceaccounts";
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public UserInfo {
    groups = List.copyOf(groups);
    uid = uid == null ? "" : uid;
    extra = java.util.Collections.unmodifiableMap(new TreeMap<>(extra));
  }

  UserInfo(String name, String uid, List<String> groups) {
    this(name, uid, groups, Map.of());
  }

  /** Members of {@code system:masters} pass every authorization check, as in kube-apiserver. */
  boolean privileged() {
    return groups.contains(MASTERS);
  }

  static UserInfo serviceAccount(String namespace, String name, String uid) {
    return serviceAccount(namespace, name, uid, Map.of());
  }

  static UserInfo serviceAccount(
      String namespace, String name, String uid, Map<String, List<String>> extra) {
    return new UserInfo(
        SA_PREFIX + namespace + ":" + name,
        uid,
        List.of(SA_GROUP, SA_GROUP + ":" + namespace, AUTHENTICATED),
        extra);
  }

  /** The groups the API server gives every service account of a namespace. */
  static List<String> serviceAccountGroups(String namespace) {
    return List.of(SA_GROUP, SA_GROUP + ":" + namespace);
  }

  /** {@code [namespace, name]} when the user name is a valid service account name, else null. */
  static String[] splitServiceAccount(String username) {
    if (username == null || !username.startsWith(SA_PREFIX)) {
      return null;
    }
    String[] parts = username.substring(SA_PREFIX.length()).split(":", -1);
    if (parts.length != 2
        || parts[0].length() > 63
        || !DNS_LABEL.matcher(parts[0]).matches()
        || parts[1].length() > 253
        || !DNS_SUBDOMAIN.matcher(parts[1]).matches()) {
      return null;
    }
    return parts;
  }

  /** The same user with {@code system:authenticated} added when it is missing. */
  /** A user a configured bearer token names, in its groups and authenticated. */
  public static UserInfo ofToken(String name, List<String> groups) {
    return new UserInfo(name, "", groups).authenticated();
  }

  UserInfo authenticated() {
    if (groups.contains(AUTHENTICATED)) {
      return this;
    }
    List<String> g = new ArrayList<>(groups);
    g.add(AUTHENTICATED);
    return new UserInfo(name, uid, g, extra);
  }
}
