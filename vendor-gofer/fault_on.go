//go:build claimall

package main

// claimAll is the planted fault of the `claimall` build tag: whenever the
// claim annotation is present, every gofer mount other than the root is
// claimed, matched or not.
const claimAll = true
