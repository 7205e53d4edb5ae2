package io.flotilla.controllers.image;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * Signs commits with the OpenPGP key of {@code spec.git.commit.signingKey}'s Secret ({@code
 * git.asc}, an armored secret key ring, and {@code passphrase} when the key is encrypted): a
 * detached armored signature over the commit, as {@code git commit -S} writes it.
 */
final class CommitSigner implements Signer {
  private final PGPPrivateKey key;
  private final int algorithm;

  private CommitSigner(PGPPrivateKey key, int algorithm) {
    this.key = key;
    this.algorithm = algorithm;
  }

  /**
   * @param secret the Secret's name, for messages
   * @throws IllegalArgumentException in Flux's words when the key ring cannot be used
   */
  static CommitSigner of(byte[] armored, byte[] passphrase, String secret) {
    PGPSecretKeyRingCollection rings;
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
      rings = new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
    } catch (IOException | PGPException | RuntimeException e) {
      throw new IllegalArgumentException(
          "could not read signing key from secret '%s': %s".formatted(secret, e.getMessage()));
    }
    List<PGPSecretKeyRing> list = new ArrayList<>();
    rings.getKeyRings().forEachRemaining(list::add);
    if (list.isEmpty()) {
      throw new IllegalArgumentException(
          "could not read signing key from secret '%s': no secret key in 'git.asc'"
              .formatted(secret));
    }
    if (list.size() > 1) {
      throw new IllegalArgumentException(
          "multiple entities read from secret '%s', could not determine which signing key to use"
              .formatted(secret));
    }
    PGPSecretKey signing = null;
    for (Iterator<PGPSecretKey> it = list.get(0).getSecretKeys(); it.hasNext(); ) {
      PGPSecretKey k = it.next();
      if (k.isSigningKey() && !k.isPrivateKeyEmpty()) {
        signing = k;
        break;
      }
    }
    if (signing == null) {
      throw new IllegalArgumentException(
          "signing key secret '%s' holds no key that can sign".formatted(secret));
    }
    boolean encrypted = signing.getKeyEncryptionAlgorithm() != 0;
    if (encrypted && passphrase == null) {
      throw new IllegalArgumentException(
          "can not use passphrase protected signing key without 'passphrase' field present in secret %s"
              .formatted(secret));
    }
    try {
      char[] pass =
          passphrase == null
              ? new char[0]
              : new String(passphrase, java.nio.charset.StandardCharsets.UTF_8).toCharArray();
      PGPPrivateKey priv =
          signing.extractPrivateKey(
              new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(pass));
      return new CommitSigner(priv, signing.getPublicKey().getAlgorithm());
    } catch (PGPException e) {
      throw new IllegalArgumentException(
          "could not decrypt private key of the signing key present in secret %s: %s"
              .formatted(secret, e.getMessage()));
    }
  }

  @Override
  public GpgSignature sign(
      Repository repository,
      GpgConfig config,
      byte[] data,
      PersonIdent committer,
      String signingKey,
      CredentialsProvider credentials)
      throws IOException {
    try {
      @SuppressWarnings("deprecation")
      PGPSignatureGenerator gen =
          new PGPSignatureGenerator(
              new BcPGPContentSignerBuilder(algorithm, HashAlgorithmTags.SHA256));
      gen.init(PGPSignature.BINARY_DOCUMENT, key);
      gen.update(data);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArmoredOutputStream armor = new ArmoredOutputStream(out);
          BCPGOutputStream bcpg = new BCPGOutputStream(armor)) {
        gen.generate().encode(bcpg);
      }
      return new GpgSignature(out.toByteArray());
    } catch (PGPException e) {
      throw new IOException("cannot sign the commit: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean canLocateSigningKey(
      Repository repository,
      GpgConfig config,
      PersonIdent committer,
      String signingKey,
      CredentialsProvider credentials) {
    return true;
  }
}
