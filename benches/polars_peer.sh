#!/bin/sh
# The contact log scored by polars beside the crate (benches/polars_peer.py); not run by CI.
#
#   benches/polars_peer.sh [DIR] [ROUNDS]
#
# Builds the command line and the synthetic log example in release, writes the fidelity bench's
# program and log into DIR (target/polars-peer by default; 1,000,000 rows against 10,000
# relationships) unless it holds them already, installs polars into a virtual environment under
# target/, and runs ROUNDS rounds (5 by default) of the crate and of polars, in turn.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/target/polars-peer}
rounds=${2:-5}
venv=$root/target/polars-peer-venv

cd "$root"
cargo build --release --features cli --bin practice-coaching --example synthetic_log
if [ ! -f "$dir/contacts.csv" ]; then
    target/release/examples/synthetic_log write "$dir"
fi
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet polars==2.1.0
exec "$venv/bin/python" benches/polars_peer.py \
    --binary target/release/practice-coaching --dir "$dir" --rounds "$rounds"
