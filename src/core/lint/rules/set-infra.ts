// Rules about the autoscaling infrastructure: metrics-server, Cluster Autoscaler, CoreDNS.
import type { Rule } from '../rule';
import { clusterAutoscalerVersionSkew } from './cluster-autoscaler-version-skew';
import { corednsHostsFallthrough } from './coredns-hosts-fallthrough';
import { corednsProxyRemoved } from './coredns-proxy-removed';
import { metricsServerInsecureTls } from './metrics-server-insecure-tls';

export const infraRules: Rule[] = [metricsServerInsecureTls, clusterAutoscalerVersionSkew, corednsHostsFallthrough, corednsProxyRemoved];
