package main

import (
	"fmt"
	"path"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
	"gvisor.dev/gvisor/pkg/lisafs"
	"gvisor.dev/gvisor/pkg/seccomp"
	"gvisor.dev/gvisor/runsc/fsgofer"
)

// ClaimAnnotation names the spec annotation whose value is a path.Match glob;
// every gofer mount whose source matches it is claimed by the extension. The
// root filesystem is claimed when spec.Root.Path matches.
const ClaimAnnotation = "dev.directfs-conformance.vendor.claim"

// claimExtension serves claimed mounts with the stock LisaFS implementation
// set never to donate the mount-point host FD.
type claimExtension struct {
	config *fsgofer.Config
}

// newClaimExtension builds the extension; its fsgofer configuration is the
// stock default apart from DonateMountPointFD, which stays false.
func newClaimExtension() *claimExtension {
	return &claimExtension{config: &fsgofer.Config{
		DonateMountPointFD: false,
		RUID:               unix.Getuid(),
		EUID:               unix.Geteuid(),
		RGID:               unix.Getgid(),
		EGID:               unix.Getegid(),
	}}
}

// Name implements extension.Extension.Name.
func (e *claimExtension) Name() string { return "directfs-conformance-vendor" }

// TryHandleMount implements extension.Extension.TryHandleMount.
func (e *claimExtension) TryHandleMount(spec *specs.Spec, mount *specs.Mount, mountPath string,
	readonly bool) (lisafs.ConnectionImpl, lisafs.ConnectionOpts, error) {
	claimed, err := claims(spec, mount)
	if err != nil {
		return nil, lisafs.ConnectionOpts{}, err
	}
	if !claimed {
		return nil, lisafs.ConnectionOpts{}, nil
	}
	return fsgofer.NewConnectionImpl(e.config), fsgofer.ConnectionOpts(readonly), nil
}

// SeccompRules implements extension.Extension.SeccompRules: the stock
// implementation needs nothing beyond the stock allowlist.
func (e *claimExtension) SeccompRules() seccomp.SyscallRules { return seccomp.NewSyscallRules() }

// claims reports whether the claim glob of spec matches the source of mount
// (the root path when mount is nil). A malformed glob is an error, so the
// gofer fails loudly instead of silently serving the mount stock.
func claims(spec *specs.Spec, mount *specs.Mount) (bool, error) {
	if spec == nil || spec.Annotations == nil {
		return false, nil
	}
	glob, ok := spec.Annotations[ClaimAnnotation]
	if !ok || glob == "" {
		return false, nil
	}
	source := ""
	switch {
	case mount != nil:
		source = mount.Source
	case spec.Root != nil:
		source = spec.Root.Path
	}
	if claimAll && mount != nil {
		return true, nil
	}
	matched, err := path.Match(glob, source)
	if err != nil {
		return false, fmt.Errorf("annotation %s: bad glob %q: %v", ClaimAnnotation, glob, err)
	}
	return matched, nil
}
