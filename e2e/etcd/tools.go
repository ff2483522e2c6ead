//go:build tools

// Package tools pins the etcd server that e2e/install-binaries builds (the package
// go.etcd.io/etcd/server/v3 is etcd's main), so `go mod tidy` records its dependencies.
// `go install go.etcd.io/etcd/server/v3@v` does not work: etcd's go.mod has local replaces.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
)
