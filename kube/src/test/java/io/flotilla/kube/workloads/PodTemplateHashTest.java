package io.flotilla.kube.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PodTemplateHashTest {
  private static JsonNode json(String s) {
    return Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  private static final String TEMPLATE =
      """
      {"metadata":{"labels":{"app":"web"}},
       "spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}
      """;

  @Test
  void fnvMatchesThePublishedTestVectors() {
    // FNV-1a 32-bit, as Go's hash/fnv New32a: "" -> 0x811c9dc5, "a" -> 0xe40c292c
    assertThat(PodTemplateHash.fnv1a(0x811c9dc5, new byte[0])).isEqualTo(0x811c9dc5);
    assertThat(PodTemplateHash.fnv1a(0x811c9dc5, "a".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0xe40c292c);
    assertThat(PodTemplateHash.fnv1a(0x811c9dc5, "foobar".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0xbf9cf968);
  }

  @Test
  void safeEncodeMapsEachDigitAsRandSafeEncodeStringDoes() {
    // rune % 27 into "bcdfghjklmnpqrstvwxz2456789": '0' (48) -> 21 -> '4' ... '9' (57) -> 3 -> 'f'
    assertThat(PodTemplateHash.safeEncode("0123456789")).isEqualTo("456789bcdf");
    assertThat(PodTemplateHash.safeEncode(Integer.toUnsignedString(0xe40c292c)))
        .isEqualTo("7d6b446664"); // 3826002220
  }

  @Test
  void aHashIsTheSafeEncodedDecimalOfAnUnsigned32BitSum() {
    String hash = PodTemplateHash.compute(json(TEMPLATE), null);
    assertThat(hash).matches("[4-9bcdf]{1,10}");
    assertThat(PodTemplateHash.compute(json(TEMPLATE), null)).isEqualTo(hash);
  }

  @Test
  void theCollisionCountChangesTheHash() {
    String none = PodTemplateHash.compute(json(TEMPLATE), null);
    String zero = PodTemplateHash.compute(json(TEMPLATE), 0);
    String one = PodTemplateHash.compute(json(TEMPLATE), 1);
    assertThat(zero).isNotEqualTo(none); // eight zero bytes are still hashed, as in ComputeHash
    assertThat(one).isNotEqualTo(zero).isNotEqualTo(none);
  }

  @Test
  void aDifferentImageIsADifferentHash() {
    assertThat(PodTemplateHash.compute(json(TEMPLATE.replace("1.27", "1.28")), null))
        .isNotEqualTo(PodTemplateHash.compute(json(TEMPLATE), null));
  }

  @Test
  void emptyAndZeroValuesAreTheSameTemplateAsGoSeesIt() {
    // kubectl create (protobuf) writes the zero values of Go's non-pointer fields; kubectl rollout
    // undo (a JSON patch of the typed template) writes creationTimestamp: null and resources: {}
    JsonNode protobuf =
        json(
            """
            {"metadata":{"generation":0,"labels":{"app":"web","pod-template-hash":"5857659bb"}},
             "spec":{"containers":[{"image":"nginx:1.27","name":"nginx","resources":{},
               "stdin":false,"stdinOnce":false,"tty":false}],
              "hostIPC":false,"hostNetwork":false,"hostPID":false}}
            """);
    JsonNode typedJson =
        json(
            """
            {"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
             "spec":{"containers":[{"image":"nginx:1.27","name":"nginx","resources":{}}]}}
            """);
    assertThat(PodTemplateHash.equalIgnoreHash(protobuf, typedJson)).isTrue();
    assertThat(PodTemplateHash.equalIgnoreHash(protobuf, json(TEMPLATE))).isTrue();
    assertThat(PodTemplateHash.compute(typedJson, null))
        .isEqualTo(PodTemplateHash.compute(json(TEMPLATE), null));
  }

  @Test
  void zeroesThatMeanSomethingStillCount() {
    JsonNode root =
        json(
            """
            {"metadata":{"labels":{"app":"web"}},
             "spec":{"securityContext":{"runAsUser":0},
               "containers":[{"name":"nginx","image":"nginx:1.27"}]}}
            """);
    assertThat(PodTemplateHash.equalIgnoreHash(root, json(TEMPLATE))).isFalse();
    assertThat(PodTemplateHash.compute(root, null))
        .isNotEqualTo(PodTemplateHash.compute(json(TEMPLATE), null));
  }

  @Test
  void onlyThePodTemplateHashLabelIsIgnored() {
    assertThat(
            PodTemplateHash.equalIgnoreHash(
                json(TEMPLATE.replace("\"app\":\"web\"", "\"app\":\"web\",\"tier\":\"front\"")),
                json(TEMPLATE)))
        .isFalse();
  }

  @Test
  void aControllerRevisionHashIsFnv1OfItsDataThenTheProbe() {
    byte[] data = "{\"spec\":{}}".getBytes(StandardCharsets.UTF_8);
    String plain = PodTemplateHash.revision(data, null);
    assertThat(plain).matches("[4-9bcdf]{1,10}");
    assertThat(PodTemplateHash.revision(data, 1)).isNotEqualTo(plain);
    // FNV-1 (multiply, then xor) of "a" is 0x050c5d7e
    assertThat(PodTemplateHash.revision("a".getBytes(StandardCharsets.UTF_8), null))
        .isEqualTo(PodTemplateHash.safeEncode(Integer.toUnsignedString(0x050c5d7e)));
  }
}
