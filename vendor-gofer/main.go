// Command runsc is stock runsc with one gofer extension registered: the
// extension claims the mounts named by the claim annotation and serves them
// over LisaFS without donating a host FD for the mount point, as a gofer whose
// backend has no host file to give (a network or virtual filesystem) would.
package main

import (
	"gvisor.dev/gvisor/runsc/cli/maincli"
	"gvisor.dev/gvisor/runsc/fsgofer/extension"
	"gvisor.dev/gvisor/runsc/version"
)

// The version stamp is set at link time; keeping the reference ties the
// package into the binary like the stock main does.
var _ = version.Version()

func main() {
	extension.Register(newClaimExtension())
	maincli.Main()
}
