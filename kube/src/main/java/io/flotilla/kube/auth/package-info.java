/**
 * Authentication and authorization: bearer tokens and service-account tokens (TokenRequest), RBAC
 * with the bootstrap policy, request attributes, impersonation, and the access reviews
 * (SubjectAccessReview, SelfSubjectRulesReview, ...).
 */
package io.flotilla.kube.auth;
