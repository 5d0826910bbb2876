// test-adapter entry point: sigs.k8s.io/custom-metrics-apiserver's test-adapter/main.go (same provider, same
// aggregated API server, same POST /write-metrics endpoint) with two changes a shared test machine needs:
//   - the write endpoint listens on --write-address (upstream: ":8080" on every interface, which two clusters
//     on one machine would both take);
//   - discovery lists the metrics written so far and the provider's fixed external metrics, as adapters that
//     know their metrics do (prometheus-adapter lists its rules' names), instead of the library's placeholders
//     "custommetrics"/"externalmetrics" (pkg/provider/defaults). --placeholder-discovery keeps upstream's.
package main

import (
	"context"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/emicklei/go-restful/v3"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/component-base/logs"
	"k8s.io/component-base/metrics/legacyregistry"
	"k8s.io/klog/v2"

	"sigs.k8s.io/custom-metrics-apiserver/pkg/apiserver/metrics"
	basecmd "sigs.k8s.io/custom-metrics-apiserver/pkg/cmd"
	"sigs.k8s.io/custom-metrics-apiserver/pkg/provider"
	fakeprov "sigs.k8s.io/custom-metrics-apiserver/test-adapter/provider"
)

// The external metrics test-adapter serves (test-adapter/provider/provider.go, testingExternalMetrics: fixed values).
var fixedExternalMetrics = []provider.ExternalMetricInfo{{Metric: "my-external-metric"}, {Metric: "other-external-metric"}}

type SampleAdapter struct {
	basecmd.AdapterBase
	Message              string
	WriteAddress         string
	PlaceholderDiscovery bool
}

// listingProvider is test-adapter's provider whose discovery lists what was written to it.
type listingProvider struct {
	provider.MetricsProvider
	mu      sync.RWMutex
	written map[provider.CustomMetricInfo]bool
}

func (p *listingProvider) ListAllMetrics() []provider.CustomMetricInfo {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make([]provider.CustomMetricInfo, 0, len(p.written))
	for info := range p.written {
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

func (p *listingProvider) ListAllExternalMetrics() []provider.ExternalMetricInfo {
	return fixedExternalMetrics
}

// record runs after each write: a write the provider accepted adds its metric to discovery.
func (p *listingProvider) record(req *restful.Request, resp *restful.Response, chain *restful.FilterChain) {
	chain.ProcessFilter(req, resp)
	if resp.StatusCode() >= 300 {
		return
	}
	namespace := req.PathParameter("namespace")
	resourceType := req.PathParameter("resourceType")
	info := provider.CustomMetricInfo{
		GroupResource: schema.ParseGroupResource(resourceType),
		Metric:        req.PathParameter("metric"),
		Namespaced:    len(namespace) > 0 || resourceType == "namespaces",
	}
	p.mu.Lock()
	p.written[info] = true
	p.mu.Unlock()
}

func main() {
	logs.InitLogs()
	defer logs.FlushLogs()

	cmd := &SampleAdapter{}
	cmd.Name = "test-adapter"
	cmd.Flags().StringVar(&cmd.Message, "msg", "starting adapter...", "startup message")
	cmd.Flags().StringVar(&cmd.WriteAddress, "write-address", "127.0.0.1:8080", "address of the HTTP endpoint that takes POST /write-metrics/...")
	cmd.Flags().BoolVar(&cmd.PlaceholderDiscovery, "placeholder-discovery", false, "list the library's placeholder metrics in discovery, as upstream test-adapter does")
	logs.AddFlags(cmd.Flags())
	if err := cmd.Flags().Parse(os.Args); err != nil {
		klog.Fatalf("unable to parse flags: %v", err)
	}

	client, err := cmd.DynamicClient()
	if err != nil {
		klog.Fatalf("unable to construct dynamic client: %v", err)
	}
	mapper, err := cmd.RESTMapper()
	if err != nil {
		klog.Fatalf("unable to construct discovery REST mapper: %v", err)
	}
	upstream, webService := fakeprov.NewFakeProvider(client, mapper)
	var served provider.MetricsProvider = upstream
	if !cmd.PlaceholderDiscovery {
		listing := &listingProvider{MetricsProvider: upstream, written: map[provider.CustomMetricInfo]bool{}}
		webService.Filter(listing.record)
		served = listing
	}
	cmd.WithCustomMetrics(served)
	cmd.WithExternalMetrics(served)

	if err := metrics.RegisterMetrics(legacyregistry.Register); err != nil {
		klog.Fatalf("unable to register metrics: %v", err)
	}

	klog.Infof("%s", cmd.Message)
	restful.DefaultContainer.Add(webService)
	go func() {
		server := &http.Server{Addr: cmd.WriteAddress, ReadHeaderTimeout: 3 * time.Second}
		klog.Fatal(server.ListenAndServe())
	}()
	if err := cmd.Run(context.Background()); err != nil {
		klog.Fatalf("unable to run custom metrics adapter: %v", err)
	}
}
