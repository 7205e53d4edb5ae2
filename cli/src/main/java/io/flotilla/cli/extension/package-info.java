/** {@code k8s-extension create|update|delete|show|list}, with az's extension-type rules. */
package io.flotilla.cli.extension;
