package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.helm.HelmReleaseSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a HelmRelease's release lives, as helm-controller names it: the release name ({@code
 * spec.releaseName}, else {@code [targetNamespace-]name}, shortened past Helm's 53 characters to 40
 * characters, a dash and 12 hex digits of its SHA-256), the namespace it deploys to, the namespace
 * its storage Secrets live in, and the generated HelmChart's name.
 */
record ReleaseNames(String release, String targetNamespace, String storageNamespace) {
  static final int MAX_NAME = 53;
  private static final int HASH_CHARS = 12;

  static ReleaseNames of(HelmRelease hr) {
    HelmReleaseSpec spec = hr.getSpec();
    String ns = hr.getMetadata().getNamespace();
    String target = blank(spec.targetNamespace()) ? ns : spec.targetNamespace();
    String storage = blank(spec.storageNamespace()) ? ns : spec.storageNamespace();
    String name;
    if (!blank(spec.releaseName())) {
      name = spec.releaseName();
    } else if (!blank(spec.targetNamespace())) {
      name = shorten(spec.targetNamespace() + "-" + hr.getMetadata().getName());
    } else {
      name = shorten(hr.getMetadata().getName());
    }
    return new ReleaseNames(name, target, storage);
  }

  /** {@code <hrNamespace>-<hrName>}, the HelmChart generated from {@code spec.chart}. */
  static String helmChartName(HelmRelease hr) {
    return hr.getMetadata().getNamespace() + "-" + hr.getMetadata().getName();
  }

  /** Helm's limit: names beyond 53 characters keep 40 and get a hash suffix. */
  static String shorten(String name) {
    if (name.length() <= MAX_NAME) {
      return name;
    }
    try {
      byte[] sum =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      String hex = HexFormat.of().formatHex(sum);
      return name.substring(0, MAX_NAME - HASH_CHARS - 1) + "-" + hex.substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isEmpty();
  }
}
