#!/bin/bash
# Submit a sweep to Slurm: one array task per shard, then its merge under afterany (it runs when
# every task has ended, and fails naming any missing points).
#
#   scripts/slurm/submit.sh <config.json> [--tasks 3,7] [sbatch options...]
#
# The config must set "shards" (N). --tasks resubmits only those shards (after a failure or a
# cancel), each resuming its own file. Other options go to the array job (e.g. --cpus-per-task=8).
set -euo pipefail
usage() { echo "usage: $0 <config.json> [--tasks i,j,...] [sbatch options...]" >&2; exit 2; }
[ $# -ge 1 ] || usage
config=$(realpath "$1"); shift
tasks=""
if [ "${1:-}" = "--tasks" ]; then [ $# -ge 2 ] || usage; tasks=$2; shift 2; fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

N=$(cd "$repo" && node --import tsx src/cli.ts sweep "$config" --plan --json | node -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(0, "utf8")).shards))')
if [ "$N" = "null" ]; then echo "error: $config must set \"shards\" (the number of array tasks N)" >&2; exit 2; fi
array=${tasks:-0-$((N - 1))}
export SWEEP_CONFIG=$config SWEEP_REPO=$repo
cd "$(dirname "$config")"
job=$(sbatch --parsable --array="$array" "$@" "$here/sweep.sbatch")
merge=$(sbatch --parsable --dependency=afterany:"${job%%;*}" "$here/merge.sbatch")
echo "sweep array job ${job%%;*} (tasks $array of 0-$((N - 1))), merge job ${merge%%;*} → ${config%.json}.jsonl"
