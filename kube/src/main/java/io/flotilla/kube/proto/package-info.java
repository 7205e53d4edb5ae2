/**
 * The protobuf encodings kubectl, client-go and Helm negotiate: objects to and from {@code
 * application/vnd.kubernetes.protobuf} (ProtoJson, ProtoWriter), watch frames (ProtoWire), Go
 * durations, and the OpenAPI v2 document as gnostic protobuf.
 */
package io.flotilla.kube.proto;
