# Shared by the fake runsc targets: answers the subcommands the harness calls
# other than `run`, and finds the bundle directory of `run`. Sourced, not run.
case " $* " in
  *" --version "*) echo "runsc version fake-${FAKE_KIND:-target}"; echo "spec: 1.2.1"; exit 0 ;;
  *" delete "*|*" kill "*|*" state "*) exit 0 ;;
esac
bundle=""
previous=""
for arg in "$@"; do
  if [ "$previous" = "--bundle" ]; then bundle="$arg"; fi
  previous="$arg"
done
