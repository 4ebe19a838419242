#!/usr/bin/env sh
# Run every fuzz target for a while, one after the other (nightly toolchain
# and cargo-fuzz needed). Usage, from anywhere:
#
#     fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Defaults: 120 seconds, all targets. The seeds in fuzz/corpus/<target>/ and
# the directories fuzz/seeds.txt names for the target are read but never written: new inputs go to fuzz/work/<target>/ (ignored by
# git). A crash stops the script with a non-zero status; the input that caused
# it is in fuzz/artifacts/<target>/. Once fixed, copy it to
# fuzz/regressions/<target>/ so `cargo test --test fuzz_corpus` replays it.
set -eu

cd "$(dirname "$0")"
seconds="${1:-120}"
[ $# -gt 0 ] && shift
targets="$*"
[ -n "$targets" ] || targets="$(cargo +nightly fuzz list)"

cargo +nightly fuzz build -O
for target in $targets; do
    mkdir -p "work/$target"
    # The target's own seeds, then the directories seeds.txt shares with it.
    seeds=""
    [ -d "corpus/$target" ] && seeds="corpus/$target"
    shared="$(awk -v t="$target" '$1 == t { for (i = 2; i <= NF; i++) printf "../%s ", $i }' seeds.txt)"
    echo "== $target: ${seconds} s"
    # -timeout: an input that takes this long is reported as a hang.
    # shellcheck disable=SC2086 # word splitting of the seed lists is meant
    cargo +nightly fuzz run -O "$target" "work/$target" $seeds $shared -- \
        -max_total_time="$seconds" -max_len=8192 -timeout=30 -rss_limit_mb=4096 \
        -print_final_stats=1
done
echo "all targets ran ${seconds} s without a crash"
