package io.flotilla.source.git;

import io.flotilla.source.SourceException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * Checks OpenPGP signatures of Git commits and annotated tags against armored public key rings, as
 * source-controller does for {@code spec.verify}: the signed payload is the object without its
 * signature, any key of any ring may have made it, and the answer names the signing key's primary
 * key id. Failures carry Flux's reasons ({@code InvalidCommitSignature}, {@code
 * InvalidTagSignature}, {@code InvalidGitObject}, {@code InvalidVerificationMode}) and messages.
 */
public final class GitVerifier {
  public static final String INVALID_COMMIT_SIGNATURE = "InvalidCommitSignature";
  public static final String INVALID_TAG_SIGNATURE = "InvalidTagSignature";
  public static final String INVALID_GIT_OBJECT = "InvalidGitObject";
  public static final String INVALID_VERIFICATION_MODE = "InvalidVerificationMode";
  public static final String VERIFICATION_ERROR = "VerificationError";

  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final byte[] SIGNATURE_START =
      "-----BEGIN PGP SIGNATURE-----".getBytes(StandardCharsets.US_ASCII);

  private GitVerifier() {}

  /**
   * Verifies what {@code headAndTag} asks of a fetched commit and returns Flux's success message.
   *
   * @throws SourceException with a verification reason; terminal only when a tag is to be verified
   *     but the ref did not point at an annotated tag
   */
  public static String verify(
      GitFetchResult fetched, boolean head, boolean tag, List<String> keyRings)
      throws SourceException {
    StringBuilder message = new StringBuilder();
    if (tag) {
      GitFetchResult.TagObject t = fetched.tag();
      if (t == null) {
        throw SourceException.terminal(
            INVALID_VERIFICATION_MODE,
            "cannot verify tag object's signature if a tag reference is not specified");
      }
      String tagName = t.name() + "@sha1:" + t.id();
      int at = indexOf(t.raw(), SIGNATURE_START);
      if (at < 0) {
        throw SourceException.retryable(
            INVALID_GIT_OBJECT,
            "cannot verify signature of tag '%s' since it is not signed".formatted(tagName),
            null);
      }
      String key;
      try {
        key =
            check(
                Arrays.copyOfRange(t.raw(), 0, at),
                Arrays.copyOfRange(t.raw(), at, t.raw().length),
                keyRings);
      } catch (VerifyFailure e) {
        throw SourceException.retryable(
            INVALID_TAG_SIGNATURE,
            "signature verification of tag '%s' failed: unable to verify Git tag: %s"
                .formatted(tagName, e.getMessage()),
            null);
      }
      message.append("verified signature of\n\t- tag '%s' with key '%s'".formatted(tagName, key));
    }
    if (head) {
      byte[][] parts = splitCommit(fetched.commitObject());
      String key;
      try {
        key = check(parts[0], parts[1], keyRings);
      } catch (VerifyFailure e) {
        throw SourceException.retryable(
            INVALID_COMMIT_SIGNATURE,
            "signature verification of commit '%s' failed: unable to verify Git commit: %s"
                .formatted(fetched.commit(), e.getMessage()),
            null);
      }
      message.append(
          (message.isEmpty()
                  ? "verified signature of\n\t- commit '%s' with key '%s'"
                  : "\n\t- commit '%s' with key '%s'")
              .formatted(fetched.commit(), key));
    }
    return message.toString();
  }

  /** Why a signature did not verify, in fluxcd/pkg's words. */
  static final class VerifyFailure extends Exception {
    VerifyFailure(String message) {
      super(message);
    }
  }

  /**
   * The primary key id (16 upper-case hex digits) of the ring whose key made {@code signature} over
   * {@code payload}.
   */
  static String check(byte[] payload, byte[] signature, List<String> keyRings)
      throws VerifyFailure {
    if (signature == null || signature.length == 0) {
      throw new VerifyFailure("unable to verify payload as the provided signature is empty");
    }
    // a malformed entry must not mask a later one that parses (as fluxcd/pkg does)
    String readError = null;
    boolean attempted = false;
    for (String ring : keyRings) {
      PGPPublicKeyRingCollection keys;
      try (InputStream in =
          PGPUtil.getDecoderStream(
              new ByteArrayInputStream(ring.getBytes(StandardCharsets.UTF_8)))) {
        keys = new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
        if (keys.size() == 0) {
          throw new IOException("no public key found");
        }
      } catch (IOException | PGPException | RuntimeException e) {
        if (readError == null) {
          readError = "unable to read armored key ring: " + e.getMessage();
        }
        continue;
      }
      attempted = true;
      PGPSignature sig = signature(signature);
      try {
        PGPPublicKey key = keys.getPublicKey(sig.getKeyID());
        if (key == null) {
          continue;
        }
        sig.init(new JcaPGPContentVerifierBuilderProvider().setProvider(BC), key);
        sig.update(payload);
        if (sig.verify()) {
          PGPPublicKeyRing owner = keys.getPublicKeyRing(sig.getKeyID());
          return "%016X".formatted(owner.getPublicKey().getKeyID()).toUpperCase(Locale.ROOT);
        }
      } catch (PGPException | RuntimeException e) {
        // a key that cannot check this signature is simply not the signer
      }
    }
    if (!attempted && readError != null) {
      throw new VerifyFailure(readError);
    }
    throw new VerifyFailure("unable to verify payload with any of the given key rings");
  }

  private static PGPSignature signature(byte[] armored) throws VerifyFailure {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
      Object o = new JcaPGPObjectFactory(in).nextObject();
      if (o instanceof PGPSignatureList list && !list.isEmpty()) {
        return list.get(0);
      }
      throw new VerifyFailure("unable to verify payload: no OpenPGP signature found");
    } catch (IOException | RuntimeException e) {
      throw new VerifyFailure(
          "unable to verify payload: invalid OpenPGP signature: " + e.getMessage());
    }
  }

  /**
   * A raw commit split into the signed payload (the commit without its {@code gpgsig} header) and
   * the armored signature (empty when unsigned).
   */
  static byte[][] splitCommit(byte[] raw) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream(raw.length);
    ByteArrayOutputStream sig = new ByteArrayOutputStream();
    int i = 0;
    boolean inHeaders = true;
    boolean inSig = false;
    while (i < raw.length) {
      int end = i;
      while (end < raw.length && raw[end] != '\n') {
        end++;
      }
      int next = Math.min(end + 1, raw.length);
      if (inHeaders) {
        if (end == i) {
          inHeaders = false;
          inSig = false;
          payload.write(raw, i, next - i);
        } else if (startsWith(raw, i, "gpgsig ")) {
          inSig = true;
          sig.write(raw, i + 7, next - i - 7);
        } else if (inSig && raw[i] == ' ') {
          sig.write(raw, i + 1, next - i - 1);
        } else {
          inSig = false;
          payload.write(raw, i, next - i);
        }
      } else {
        payload.write(raw, i, next - i);
      }
      i = next;
    }
    return new byte[][] {payload.toByteArray(), sig.toByteArray()};
  }

  private static boolean startsWith(byte[] raw, int at, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    if (at + p.length > raw.length) {
      return false;
    }
    for (int k = 0; k < p.length; k++) {
      if (raw[at + k] != p[k]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
