//go:build !claimall

package main

// claimAll is the planted fault: off in the normal build.
const claimAll = false
