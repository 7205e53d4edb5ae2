package io.flotilla.api.flux.source;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.flotilla.api.flux.meta.LocalObjectReference;

/**
 * {@code GitRepository.spec.verify}: which signatures to check ({@code HEAD} — the commit, the
 * default; {@code Tag} — the annotated tag the ref points at; {@code TagAndHEAD} — both) against
 * the armored OpenPGP public keys in the secret's values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GitRepositoryVerification(String mode, LocalObjectReference secretRef) {
  public static final String HEAD = "HEAD";
  public static final String TAG = "Tag";
  public static final String TAG_AND_HEAD = "TagAndHEAD";

  /** The mode in effect: {@code HEAD} when unset (Flux's default). */
  public String effectiveMode() {
    return mode == null || mode.isEmpty() ? HEAD : mode;
  }

  public boolean verifyHead() {
    return effectiveMode().equals(HEAD) || effectiveMode().equals(TAG_AND_HEAD);
  }

  public boolean verifyTag() {
    return effectiveMode().equals(TAG) || effectiveMode().equals(TAG_AND_HEAD);
  }
}
