#!/usr/bin/env bash
# One prepared batch for a lent GPU machine (its python3 already has torch, numpy, pytest, tqdm):
# the CUDA tests, the Table 2 reproduction timed on the GPU, and the full-scale sweeps behind
# notebooks 03 and 04, each under a time limit so the whole batch fits one 10-minute call.
# Results land in $OUT (default .cache/gpu); copy them into data/results/ afterwards.
#   OUT=/tmp/gpu bash benchmarks/gpu_batch.sh
set -uo pipefail
OUT=${OUT:-.cache/gpu}
mkdir -p "$OUT"
export PYTHONPATH=lib OMP_NUM_THREADS=1
step() {  # step NAME SECONDS CMD...: run CMD under a time limit, log its wall time
  local name=$1 limit=$2; shift 2
  local t0=$SECONDS
  timeout "$limit" "$@" > "$OUT/$name.log" 2>&1; local rc=$?
  printf '%-14s rc=%-3s %5d s (limit %s s)\n' "$name" "$rc" "$((SECONDS - t0))" "$limit" | tee -a "$OUT/steps.txt"
  tail -n 12 "$OUT/$name.log"
}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/steps.txt"
python3 -c "import sys, torch; print('python', sys.version.split()[0], 'torch', torch.__version__)" | tee -a "$OUT/steps.txt"
step cuda_tests 90 python3 -m pytest -q -p no:cacheprovider tests/test_cuda.py tests/test_model.py tests/test_batched.py
step table2 180 python3 -m headcount reproduce table2 --device cuda --seeds 3 --no-progress --out "$OUT/table2_synthetic_cuda.csv"
step fig1b 150 python3 -m headcount sweep --heads 2 3 4 --T 8 16 32 64 --width 8 16 32 64 128 --seeds 2 \
  --device cuda --no-progress --out "$OUT/fig1b_width.csv"
step memorization 100 python3 -m headcount sweep --heads 1 4 --embed 4 8 16 32 64 128 --T 4 8 --width 256 --seeds 2 \
  --steps 3000 --device cuda --no-progress --out "$OUT/memorization_embed.csv"
