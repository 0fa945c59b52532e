/** The Go panic text of runsc's container cleanup, which the simulator prints when a gofer conf fails. */

/** The Go panic runsc prints when a gofer conf fails after the root's (container.forEachSelfMount on cleanup). */
export function panicText(n: number, module: string): string {
  const m = `/root/go/pkg/mod/gvisor.dev/gvisor@${module}`;
  return [
    `panic: runtime error: index out of range [${n}] with length ${n}`,
    '',
    'goroutine 1 [running]:',
    'gvisor.dev/gvisor/runsc/container.(*Container).forEachSelfMount(0xc0001a07a0, 0xc0002633c8)',
    `\t${m}/runsc/container/container.go:1096 +0x338`,
    'gvisor.dev/gvisor/runsc/container.(*Container).Destroy(0xc0001a07a0)',
    `\t${m}/runsc/container/container.go:1012 +0x509`,
    'gvisor.dev/gvisor/runsc/container.New.func1()',
    `\t${m}/runsc/container/container.go:260 +0x17`,
    'gvisor.dev/gvisor/pkg/cleanup.clean(...)',
    `\t${m}/pkg/cleanup/cleanup.go:59`,
    'gvisor.dev/gvisor/pkg/cleanup.(*Cleanup).Clean(0xc0002637b8)',
    `\t${m}/pkg/cleanup/cleanup.go:44 +0x31`,
    'gvisor.dev/gvisor/runsc/container.New(0xc000204808, {{0x7ffc3c8ae9b5, 0x9}, 0xc0001ee510, {0x7ffc3c8ae998, 0x1c}, {0x0, 0x0}, {0x0, 0x0}, ...})',
    `\t${m}/runsc/container/container.go:342 +0xa85`,
    'gvisor.dev/gvisor/runsc/container.Run(0xc000204808, {{0x7ffc3c8ae9b5, 0x9}, 0xc0001ee510, {0x7ffc3c8ae998, 0x1c}, {0x0, 0x0}, {0x0, 0x0}, ...})',
    `\t${m}/runsc/container/container.go:571 +0x17d`,
    'gvisor.dev/gvisor/runsc/cmd.(*Run).Execute(0xc0001ee3f0, {0x1?, 0x162d2c4?}, 0x28?, {0xc0001a7c00?, 0x0?, 0x0?})',
    `\t${m}/runsc/cmd/run.go:172 +0x685`,
    'gvisor.dev/gvisor/runsc/cli.Run(0x0, 0xc00034b920, {0xc0001a76a0, 0x2, 0xc000154738?})',
    `\t${m}/runsc/cli/cli.go:309 +0x26be`,
    'gvisor.dev/gvisor/runsc/cli/maincli.Main()',
    `\t${m}/runsc/cli/maincli/maincli.go:46 +0x2b`,
    'main.main()',
    `\t${m}/runsc/main.go:31 +0xf`,
    '',
  ].join('\n');
}
