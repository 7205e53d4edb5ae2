package io.flotilla.sops;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;

/**
 * OpenPGP decryption of a SOPS data key: an armored message to one of the imported secret keys
 * (primary or subkey), as {@code gpg --decrypt} with kustomize-controller's imported keyring. Keys
 * must not be passphrase-protected, as Flux requires.
 */
final class Pgp {
  private Pgp() {}

  /** The secret key rings of armored (or binary) key blocks, several blocks allowed. */
  static List<PGPSecretKeyRing> keyRings(byte[] armored) throws SopsException {
    List<PGPSecretKeyRing> out = new ArrayList<>();
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
      PGPSecretKeyRingCollection c =
          new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator());
      c.getKeyRings().forEachRemaining(out::add);
    } catch (IOException | PGPException e) {
      throw new SopsException("not an OpenPGP secret key block: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new SopsException("no OpenPGP secret key found");
    }
    return out;
  }

  /** The primary key's fingerprint of each ring, upper-case hex, for messages. */
  static String fingerprint(PGPSecretKeyRing ring) {
    return HexFormat.of().withUpperCase().formatHex(ring.getPublicKey().getFingerprint());
  }

  static byte[] decrypt(String armoredMessage, List<PGPSecretKeyRing> rings) throws SopsException {
    try (InputStream in =
        PGPUtil.getDecoderStream(
            new ByteArrayInputStream(armoredMessage.getBytes(StandardCharsets.US_ASCII)))) {
      JcaPGPObjectFactory factory = new JcaPGPObjectFactory(in);
      Object o = factory.nextObject();
      if (!(o instanceof PGPEncryptedDataList)) {
        o = factory.nextObject();
      }
      if (!(o instanceof PGPEncryptedDataList list)) {
        throw new SopsException("not an OpenPGP encrypted message");
      }
      List<String> recipients = new ArrayList<>();
      for (Iterator<?> it = list.getEncryptedDataObjects(); it.hasNext(); ) {
        if (!(it.next() instanceof PGPPublicKeyEncryptedData data)) {
          continue;
        }
        recipients.add(String.format(Locale.ROOT, "%016X", data.getKeyID()));
        PGPPrivateKey key = privateKey(rings, data.getKeyID());
        if (key == null) {
          continue;
        }
        InputStream clear =
            data.getDataStream(new JcePublicKeyDataDecryptorFactoryBuilder().build(key));
        byte[] plain = literal(new JcaPGPObjectFactory(clear));
        if (data.isIntegrityProtected() && !data.verify()) {
          throw new SopsException("OpenPGP message failed its integrity check");
        }
        return plain;
      }
      throw new SopsException(
          "no imported OpenPGP secret key for the message's recipients "
              + String.join(", ", recipients));
    } catch (IOException | PGPException e) {
      throw new SopsException("OpenPGP decryption failed: " + e.getMessage());
    }
  }

  private static PGPPrivateKey privateKey(List<PGPSecretKeyRing> rings, long keyId)
      throws PGPException, SopsException {
    for (PGPSecretKeyRing ring : rings) {
      PGPSecretKey secret = ring.getSecretKey(keyId);
      if (secret != null) {
        try {
          return secret.extractPrivateKey(
              new JcePBESecretKeyDecryptorBuilder(
                      new JcaPGPDigestCalculatorProviderBuilder().build())
                  .build(new char[0]));
        } catch (PGPException e) {
          throw new SopsException(
              "OpenPGP key "
                  + fingerprint(ring)
                  + " is protected by a passphrase; import it without one");
        }
      }
    }
    return null;
  }

  private static byte[] literal(JcaPGPObjectFactory factory) throws IOException, PGPException {
    Object o = factory.nextObject();
    if (o instanceof PGPCompressedData compressed) {
      return literal(new JcaPGPObjectFactory(compressed.getDataStream()));
    }
    if (!(o instanceof PGPLiteralData literal)) {
      throw new PGPException("the message holds no literal data");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    literal.getInputStream().transferTo(out);
    return out.toByteArray();
  }
}
