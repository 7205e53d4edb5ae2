package io.flotilla.kube.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The RBAC rule matcher and coverage check, as tables of rule, request and answer. */
class PolicyRuleTest {
  private static final UserInfo BOB = new UserInfo("bob", "", List.of("system:authenticated"));

  /** Cells are space-separated lists; {@code -} is an empty list, {@code ''} the core group. */
  static List<String> cell(String s) {
    if (s == null || s.equals("-")) {
      return List.of();
    }
    return Arrays.stream(s.split(" ")).map(x -> x.equals("''") ? "" : x).toList();
  }

  static PolicyRule rule(String verbs, String groups, String resources, String names) {
    return new PolicyRule(cell(verbs), cell(groups), cell(resources), cell(names), List.of());
  }

  @ParameterizedTest(name = "{0} on {1}/{2}/{3} name={4}: rule [{5}|{6}|{7}|{8}] -> {9}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # verb   | group | resource    | sub    | name | rule verbs  | groups | resources          | names | allowed
          get      | apps  | deployments | ''     | web  | get         | apps   | deployments        | -     | true
          get      | apps  | deployments | ''     | web  | list        | apps   | deployments        | -     | false
          get      | apps  | deployments | ''     | web  | *           | apps   | deployments        | -     | true
          get      | apps  | deployments | ''     | web  | get         | ''     | deployments        | -     | false
          get      | ''    | configmaps  | ''     | a    | get         | ''     | configmaps         | -     | true
          get      | ''    | configmaps  | ''     | a    | get         | *      | *                  | -     | true
          get      | apps  | deployments | status | web  | get         | apps   | deployments        | -     | false
          get      | apps  | deployments | status | web  | get         | apps   | deployments/status | -     | true
          get      | apps  | deployments | status | web  | get         | apps   | */status           | -     | true
          get      | apps  | deployments | ''     | web  | get         | apps   | deployments/status | -     | false
          get      | apps  | deployments | scale  | web  | get         | apps   | */status           | -     | false
          get      | ''    | configmaps  | ''     | a    | get         | ''     | configmaps         | a b   | true
          get      | ''    | configmaps  | ''     | c    | get         | ''     | configmaps         | a b   | false
          list     | ''    | configmaps  | ''     | ''   | list        | ''     | configmaps         | a     | false
          create   | ''    | configmaps  | ''     | ''   | create      | ''     | configmaps         | a     | false
          watch    | ''    | configmaps  | ''     | a    | watch       | ''     | configmaps         | a     | true
          deletecollection | '' | pods   | ''     | ''   | delete      | ''     | pods               | -     | false
          impersonate | '' | serviceaccounts | '' | x    | impersonate | ''     | serviceaccounts    | -     | true
          """)
  void resourceRules(
      String verb,
      String group,
      String resource,
      String sub,
      String name,
      String ruleVerbs,
      String ruleGroups,
      String ruleResources,
      String ruleNames,
      boolean allowed) {
    Attributes a = Attributes.resource(BOB, verb, group, resource, sub, "ns", name);
    assertThat(rule(ruleVerbs, ruleGroups, ruleResources, ruleNames).allows(a)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0} {1}: rule [{2}|{3}] -> {4}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          get  | /apis          | get  | /apis /api     | true
          get  | /apis/apps/v1  | get  | /apis          | false
          get  | /apis/apps/v1  | get  | /apis/*        | true
          get  | /healthz       | get  | *              | true
          post | /healthz       | get  | *              | false
          get  | /version       | *    | /version       | true
          """)
  void nonResourceRules(String verb, String path, String ruleVerbs, String urls, boolean allowed) {
    Attributes a = new Attributes(BOB, verb, false, path, "", "", "", "", "", "");
    PolicyRule r = new PolicyRule(cell(ruleVerbs), List.of(), List.of(), List.of(), cell(urls));
    assertThat(r.allows(a)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "owner [{0}|{1}|{2}|{3}] covers [{4}|{5}|{6}|{7}] -> {8}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          *        | *    | *            | -   | get  | apps | deployments        | -   | true
          get list | apps | deployments  | -   | get  | apps | deployments        | -   | true
          get      | apps | deployments  | -   | list | apps | deployments        | -   | false
          get      | apps | deployments  | -   | get  | *    | deployments        | -   | false
          get      | apps | deployments  | -   | get  | apps | *                  | -   | false
          get      | apps | */status     | -   | get  | apps | deployments/status | -   | true
          get      | apps | deployments  | a   | get  | apps | deployments        | -   | false
          get      | apps | deployments  | -   | get  | apps | deployments        | a   | true
          get      | apps | deployments  | a b | get  | apps | deployments        | a   | true
          """)
  void coverage(
      String ov,
      String og,
      String or,
      String on,
      String sv,
      String sg,
      String sr,
      String sn,
      boolean covered) {
    assertThat(rule(ov, og, or, on).covers(rule(sv, sg, sr, sn))).isEqualTo(covered);
  }

  @org.junit.jupiter.api.Test
  void missingRightsArePrintedCompactlyAsTheApiServerDoes() {
    PolicyRule wanted = rule("get list", "apps ''", "deployments", "-");
    List<PolicyRule> parts = wanted.breakdown();
    assertThat(parts).hasSize(4);
    assertThat(PolicyRule.compact(parts))
        .extracting(PolicyRule::compactString)
        .containsExactly(
            "{APIGroups:[\"apps\"], Resources:[\"deployments\"], Verbs:[\"get\" \"list\"]}",
            "{APIGroups:[\"\"], Resources:[\"deployments\"], Verbs:[\"get\" \"list\"]}");
  }
}
