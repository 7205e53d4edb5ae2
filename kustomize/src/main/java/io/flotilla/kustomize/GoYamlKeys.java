package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** go-yaml v2's order of mapping keys, which kustomize's output follows. */
final class GoYamlKeys {
  private GoYamlKeys() {}

  static List<String> sortedKeys(ObjectNode o) {
    List<String> keys = new ArrayList<>(o.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      keys.add(it.next().getKey());
    }
    keys.sort(GoYamlKeys::compareKeys);
    return keys;
  }

  /** go-yaml v2's key order: letters after other characters, digit runs compared as numbers. */
  static int compareKeys(String a, String b) {
    if (a.equals(b)) return 0;
    return less(a, b) ? -1 : 1;
  }

  private static boolean less(String as, String bs) {
    int[] a = as.codePoints().toArray();
    int[] b = bs.codePoints().toArray();
    for (int i = 0; i < a.length && i < b.length; i++) {
      if (a[i] == b[i]) continue;
      boolean al = Character.isLetter(a[i]);
      boolean bl = Character.isLetter(b[i]);
      if (al && bl) return a[i] < b[i];
      if (al || bl) return bl;
      long an = 0;
      long bn = 0;
      if (a[i] == '0' || b[i] == '0') {
        for (int j = i - 1; j >= 0 && Character.isDigit(a[j]); j--) {
          if (a[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      for (; ai < a.length && Character.isDigit(a[ai]); ai++) an = an * 10 + (a[ai] - '0');
      int bi = i;
      for (; bi < b.length && Character.isDigit(b[bi]); bi++) bn = bn * 10 + (b[bi] - '0');
      if (an != bn) return an < bn;
      if (ai != bi) return ai < bi;
      return a[i] < b[i];
    }
    return a.length < b.length;
  }
}
