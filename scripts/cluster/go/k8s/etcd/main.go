// etcd entry point, identical to go.etcd.io/etcd/v3's main.go: the root etcd module
// cannot be required directly (replace directives), its server module can.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
