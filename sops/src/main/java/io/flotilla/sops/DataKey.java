package io.flotilla.sops;

import java.util.ArrayList;
import java.util.List;

/**
 * Recovers a document's data key: each key group yields its part from the first of its master keys
 * the credentials open (age first, then OpenPGP, then the rest in document order, SOPS' decryption
 * order); one group's part is the key, several are combined with Shamir's secret sharing.
 */
final class DataKey {
  private DataKey() {}

  static byte[] recover(Metadata metadata, SopsKeys keys) throws SopsException {
    List<byte[]> parts = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<List<MasterKey>> groups = metadata.keyGroups();
    for (int g = 0; g < groups.size(); g++) {
      byte[] part = null;
      for (MasterKey key : ordered(groups.get(g))) {
        try {
          part = unwrap(key, keys);
          break;
        } catch (SopsException e) {
          failures.add(
              (groups.size() > 1 ? "group " + g + ": " : "")
                  + key.describe()
                  + ": "
                  + e.getMessage());
        }
      }
      if (part != null) {
        parts.add(part);
      }
    }
    if (groups.stream().allMatch(List::isEmpty)) {
      throw new SopsException("cannot get sops data key: the document lists no master keys");
    }
    if (groups.size() > 1) {
      int needed = metadata.shamirThreshold() > 0 ? metadata.shamirThreshold() : groups.size();
      if (parts.size() < needed) {
        throw new SopsException(
            "cannot get sops data key: %d of %d key groups needed, %d decrypted: %s"
                .formatted(needed, groups.size(), parts.size(), String.join("; ", failures)));
      }
      return Shamir.combine(parts.subList(0, needed));
    }
    if (parts.isEmpty()) {
      throw new SopsException("cannot get sops data key: " + String.join("; ", failures));
    }
    return parts.get(0);
  }

  private static List<MasterKey> ordered(List<MasterKey> group) {
    List<MasterKey> out = new ArrayList<>();
    group.stream().filter(k -> k instanceof MasterKey.Age).forEach(out::add);
    group.stream().filter(k -> k instanceof MasterKey.Pgp).forEach(out::add);
    group.stream()
        .filter(k -> !(k instanceof MasterKey.Age) && !(k instanceof MasterKey.Pgp))
        .forEach(out::add);
    return out;
  }

  private static byte[] unwrap(MasterKey key, SopsKeys keys) throws SopsException {
    return switch (key) {
      case MasterKey.Age age -> {
        if (keys.age().isEmpty()) {
          throw new SopsException("no age identity imported (*.agekey)");
        }
        yield Age.decrypt(age.enc(), keys.age());
      }
      case MasterKey.Pgp pgp -> {
        if (keys.pgp().isEmpty()) {
          throw new SopsException("no OpenPGP key imported (*.asc)");
        }
        yield Pgp.decrypt(pgp.enc(), keys.pgp());
      }
      case MasterKey.AzureKv kv -> RemoteKeys.azureKeyVault(kv, keys);
      case MasterKey.HcVault vault -> RemoteKeys.vaultTransit(vault, keys);
      case MasterKey.Unsupported u ->
          throw new SopsException(
              "key type '"
                  + u.type()
                  + "' is not supported by Flotilla (supported: age, pgp, azure_kv, hc_vault)");
    };
  }

  /** HashiCorp's Shamir scheme over GF(2^8) as SOPS uses it: each part ends with its x. */
  static final class Shamir {
    private Shamir() {}

    static byte[] combine(List<byte[]> parts) throws SopsException {
      int len = parts.get(0).length;
      if (len < 2 || parts.stream().anyMatch(p -> p.length != len)) {
        throw new SopsException("cannot combine Shamir parts: they differ in length");
      }
      int n = parts.size();
      int[] xs = new int[n];
      for (int i = 0; i < n; i++) {
        xs[i] = parts.get(i)[len - 1] & 0xff;
        for (int j = 0; j < i; j++) {
          if (xs[j] == xs[i]) {
            throw new SopsException("cannot combine Shamir parts: duplicate part");
          }
        }
      }
      byte[] secret = new byte[len - 1];
      for (int b = 0; b < len - 1; b++) {
        int result = 0;
        for (int i = 0; i < n; i++) {
          int basis = 1;
          for (int j = 0; j < n; j++) {
            if (i != j) {
              basis = mult(basis, div(xs[j], xs[i] ^ xs[j]));
            }
          }
          result ^= mult(parts.get(i)[b] & 0xff, basis);
        }
        secret[b] = (byte) result;
      }
      return secret;
    }

    static int mult(int a, int b) {
      int r = 0;
      for (int i = 0; i < 8; i++) {
        if ((b & 1) != 0) {
          r ^= a;
        }
        boolean high = (a & 0x80) != 0;
        a = (a << 1) & 0xff;
        if (high) {
          a ^= 0x1b;
        }
        b >>= 1;
      }
      return r;
    }

    static int div(int a, int b) {
      if (a == 0) {
        return 0;
      }
      int inv = 1; // b^254 is b's inverse in GF(2^8)
      for (int i = 0; i < 254; i++) {
        inv = mult(inv, b);
      }
      return mult(a, inv);
    }
  }
}
