package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every {@code az k8s-configuration}, {@code k8s-extension} and {@code connectedk8s} command of the
 * seed tutorials, with {@code az} replaced by {@code flotilla} and placeholders filled in, parses
 * as written. FluxCommandsIT and ExtensionAndClusterCommandsIT run them against a service.
 */
class SeedCommandsTest {
  @TempDir Path home;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "connectedk8s connect --name edge --resource-group rg",
        """
        k8s-configuration flux create -g rg \\
        -c edge \\
        -n flux-system \\
        --namespace flux-system \\
        -t connectedClusters \\
        --scope cluster \\
        -u https://github.com/owner/gitops-repo \\
        --branch main  \\
        --kustomization name=infrastructure path=./clusters/edge/infra prune=true \\
        --kustomization name=app path=./clusters/edge/apps prune=true
        """,
        "k8s-extension update --configuration-settings multiTenancy.enforce=false -c edge -g rg"
            + " -n flux -t connectedClusters",
        DemoClusterIT.TUTORIAL_CREATE,
        "k8s-configuration flux show -g flux-demo-rg -c flux-demo-arc -n cluster-config"
            + " -t connectedClusters",
        "k8s-extension create -g rg -c edge -n flux --extension-type microsoft.flux"
            + " -t connectedClusters",
        "k8s-extension create -g rg -c edge -t managedClusters --name flux --extension-type"
            + " microsoft.flux --config image-automation-controller.enabled=true"
            + " image-reflector-controller.enabled=true",
        "k8s-extension create --resource-group rg --cluster-name edge --cluster-type"
            + " managedClusters --name flux --extension-type microsoft.flux --config"
            + " useKubeletIdentity=true",
        "k8s-extension update -g rg -c edge -n flux -t connectedClusters --config"
            + " source-controller.resources.limits.memory=2Gi"
            + " source-controller.resources.requests.memory=300Mi",
        "k8s-extension update --resource-group rg --cluster-name edge --name flux --cluster-type"
            + " connectedClusters --config helm-controller.detectDrift=true",
        "k8s-extension update --resource-group rg --cluster-name edge --cluster-type"
            + " connectedClusters --name flux --config"
            + " helm-controller.outOfMemoryWatch.enabled=true"
            + " helm-controller.outOfMemoryWatch.memoryThreshold=70"
            + " helm-controller.outOfMemoryWatch.interval=700ms",
        "k8s-extension update --cluster-name edge --resource-group rg --cluster-type"
            + " connectedClusters --name flux --config"
            + " source-controller.ssh-host-key-args=\"--ssh-hostkey-algos=rsa-sha2-512,rsa-sha2-256\"",
        "k8s-extension create --resource-group rg --cluster-name aks --cluster-type"
            + " managedClusters --name flux --extension-type microsoft.flux --config"
            + " workloadIdentity.enable=true workloadIdentity.azureClientId=0000",
        "k8s-configuration flux delete -g flux-demo-rg -c flux-demo-arc -n cluster-config"
            + " -t connectedClusters --yes",
      })
  void parsesAsWritten(String line) {
    StringWriter err = new StringWriter();
    var env =
        new CliEnvironment(
            Map.of(),
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            new BufferedReader(new StringReader("")),
            home);
    CommandLine cli = Cli.commandLine(env);
    var parsed = cli.parseArgs(CliRunner.shell(line));
    CommandLine leaf = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
    assertThat(leaf.getCommandSpec().qualifiedName())
        .isEqualTo(
            "flotilla " + String.join(" ", line.strip().split("\\s+")).replaceAll(" -.*", ""));
    assertThat(parsed.unmatched()).isEmpty();
    assertThat(err.toString()).isEmpty();
  }
}
