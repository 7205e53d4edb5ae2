package io.flotilla.sops;

/**
 * One entry of a key group in a document's {@code sops} metadata: the data key encrypted for one
 * master key. Types Flotilla cannot use are kept so that a failure can name them.
 */
sealed interface MasterKey {
  /** The encrypted data key as written in the document. */
  String enc();

  /** How messages name the key: its type and public identity, never key material. */
  String describe();

  record Age(String recipient, String enc) implements MasterKey {
    public String describe() {
      return "age recipient " + recipient;
    }
  }

  record Pgp(String fingerprint, String enc) implements MasterKey {
    public String describe() {
      return "pgp key " + fingerprint;
    }
  }

  record AzureKv(String vaultUrl, String name, String version, String enc) implements MasterKey {
    public String describe() {
      return "azure_kv key " + keyId();
    }

    String keyId() {
      return trimSlash(vaultUrl) + "/keys/" + name + "/" + version;
    }
  }

  record HcVault(String address, String enginePath, String keyName, String enc)
      implements MasterKey {
    public String describe() {
      return "hc_vault key " + trimSlash(address) + "/v1/" + enginePath + "/keys/" + keyName;
    }
  }

  /** {@code kms} (AWS) and {@code gcp_kms}: read, never used. */
  record Unsupported(String type, String id, String enc) implements MasterKey {
    public String describe() {
      return type + " key " + id;
    }
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
