/**
 * The az-style {@code flotilla} command line: {@link io.flotilla.cli.Cli} (entry point and exit
 * codes), the command tree ({@code Groups}), what every command shares (the outside world {@code
 * CliEnvironment}, the config file {@code CliConfig}, az's global options {@code CommonOptions},
 * the leaf-command base {@code SessionCommand} (the factory in {@code Cli} hands it the
 * environment), option mixins ({@code ClusterArguments}, {@code ResourceGroupOption}, {@code
 * NoWaitOption}, {@code YesOption}, {@code ForceInstallOption}), {@code Session}, {@code Log},
 * errors {@code CliException}, value choices {@code Choices}, cluster types {@code ClusterTarget},
 * durations) and {@code kustomize build}. Each command group lives in a sub-package: {@code
 * configuration}, {@code assignment}, {@code extension}, {@code cluster}, {@code role}; {@code arm}
 * talks to the service, {@code output} writes az's formats; {@code flux} is the CNCF flux CLI.
 */
package io.flotilla.cli;
