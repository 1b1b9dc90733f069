# Source this: defines go122, go123, go126, go127 functions that run the matching `go`.
# Installed by scripts/setup.d/10-go-toolchains.sh.
go122() { GOTOOLCHAIN=local /usr/lib/go-1.22/bin/go "$@"; }
go123() { GOTOOLCHAIN=local /usr/lib/go-1.23/bin/go "$@"; }
go126() { GOTOOLCHAIN=local go "$@"; }
go127() { GOTOOLCHAIN=go1.27.3 go "$@"; }
