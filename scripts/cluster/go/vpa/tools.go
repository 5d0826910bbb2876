//go:build tools

package tools

import _ "k8s.io/autoscaler/vertical-pod-autoscaler/pkg/recommender"
