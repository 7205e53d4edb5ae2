/** {@code role assignment create|list|delete} and {@code role definition list}. */
package io.flotilla.cli.role;
