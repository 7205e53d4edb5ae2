package io.flotilla.sops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Decrypts SOPS documents (getsops/sops v3 format) with the credentials of a {@link SopsKeys}.
 * Nothing here logs; messages name formats, paths and key types, never a plain value.
 */
public final class Sops {
  private Sops() {}

  /**
   * Decrypts {@code data} read as {@code in} and writes the plain document as {@code out}. {@code
   * verifyMac} checks the document's MAC over its values (SOPS' integrity check): true for a file
   * as it was written, false where kustomize may have changed values around the encrypted ones, as
   * kustomize-controller does for built resources.
   */
  public static byte[] decrypt(byte[] data, Format in, Format out, SopsKeys keys, boolean verifyMac)
      throws SopsException {
    Document doc = Document.read(data, in);
    TreeCipher cipher = decryptTree(doc.branches(), Metadata.from(doc.metadata()), keys, verifyMac);
    return Document.emit(doc.branches(), cipher.rawData(), out);
  }

  /**
   * Decrypts a built resource that carries a {@code sops} field (a Secret encrypted whole), in
   * place, and removes the field. The MAC is not checked, as kustomize-controller does not:
   * transformers add labels and namespaces to the object after it was encrypted.
   */
  public static void decryptResource(ObjectNode resource, SopsKeys keys) throws SopsException {
    Metadata metadata = Metadata.from(resource.get("sops"));
    resource.remove("sops");
    decryptTree(List.of(resource), metadata, keys, false);
  }

  /** Whether a resource is SOPS-encrypted whole: it has a {@code sops} mapping with a MAC. */
  public static boolean isEncryptedResource(ObjectNode resource) {
    return resource.path("sops").isObject() && resource.path("sops").has("mac");
  }

  private static TreeCipher decryptTree(
      List<ObjectNode> branches, Metadata metadata, SopsKeys keys, boolean verifyMac)
      throws SopsException {
    byte[] key = DataKey.recover(metadata, keys);
    if (key.length != 32) {
      throw new SopsException("the recovered data key is not 32 bytes (AES-256)");
    }
    TreeCipher cipher = new TreeCipher(key, metadata.rules());
    String mac;
    try {
      mac = cipher.decrypt(branches);
    } catch (SopsException e) {
      throw new SopsException("error decrypting sops tree: " + e.getMessage());
    }
    if (verifyMac) {
      if (metadata.mac().isEmpty()) {
        throw new SopsException("failed to verify sops data integrity: the document has no MAC");
      }
      ValueCipher.Plain stored;
      try {
        stored = ValueCipher.decrypt(metadata.mac(), key, metadata.lastModified(), "sops.mac");
      } catch (SopsException e) {
        throw new SopsException("failed to verify sops data integrity: " + e.getMessage());
      }
      if (!java.security.MessageDigest.isEqual(
          stored.bytes(), mac.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
        throw new SopsException(
            "failed to verify sops data integrity: the MAC does not match the values"
                + " (a value was changed, added or removed after encryption)");
      }
    }
    return cipher;
  }
}
