/**
 * The one import of cdk8s-plus-28 (past its maintenance window): a move to a
 * newer cdk8s-plus touches this file only. We use its generated Kubernetes 1.28
 * L1 classes and set every field ourselves, so no cdk8s-plus default leaks
 * into the output. The deep import skips loading the L2 library (faster start).
 */
export * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
