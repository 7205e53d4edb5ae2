package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code properties.gitRepository}; {@code sshKnownHosts} and {@code httpsCACert} are base64. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GitRepositoryDefinition(
    String url,
    Long timeoutInSeconds,
    Long syncIntervalInSeconds,
    RepositoryRefDefinition repositoryRef,
    String sshKnownHosts,
    String httpsUser,
    String httpsCACert,
    String localAuthRef,
    String provider) {}
