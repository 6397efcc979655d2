#!/usr/bin/env bash
# Plans one synthesized stack the way every workflow does (pull request, deploy, drift).
#
#   scripts/ci/terraform-plan.sh <stack> <out-dir>
#
# In cdktf.out/stacks/<stack>: `terraform init`, then
# `terraform plan -detailed-exitcode -out=tfplan`, then writes to <out-dir>:
#   plan.txt   `terraform show -no-color tfplan`, or Terraform's error output when init/plan failed
#   plan.json  `terraform show -json tfplan`. It holds SENSITIVE VALUES IN CLEAR: keep it on the
#              runner, never upload it as an artifact or print it.
#   exitcode   0 no changes, 2 changes, 1 failed
# and `exitcode=<n>` to $GITHUB_OUTPUT when set. Terraform's own output is NOT printed: it can
# hold values a provider copied out of sensitive attributes. `npm run plan-summary --
# --redacted-output FILE` writes the scrubbed text for the job log. The script itself exits 0 whenever it could
# record a result, so the next steps can summarize and comment; the workflow fails afterwards.
#
# TF_PLAN_LOCK=false plans without taking the state lock (pull-request plans run with read-only
# storage credentials, which cannot write a lock; a plan never writes state). It is ignored for
# the cloud backend, whose speculative runs do not lock.
set -uo pipefail

stack="${1:?usage: terraform-plan.sh <stack> <out-dir>}"
out="${2:?usage: terraform-plan.sh <stack> <out-dir>}"
[[ "$stack" =~ ^[a-z][a-z0-9-]{0,39}$ ]] || { echo "error: not a stack name: $stack" >&2; exit 64; }
dir="cdktf.out/stacks/$stack"
[[ -f "$dir/cdk.tf.json" ]] || { echo "error: $dir/cdk.tf.json not found: run npm run synth first" >&2; exit 64; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
rm -f "$out/plan.txt" "$out/plan.json" "$out/exitcode"
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

record() {
  echo "$1" >"$out/exitcode"
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then echo "exitcode=$1" >>"$GITHUB_OUTPUT"; fi
  echo "plan of $stack: exit code $1"
  exit 0
}

cd "$dir" || exit 1
lock=()
if [[ "${TF_PLAN_LOCK:-true}" == "false" ]] && ! grep -q '"cloud"' cdk.tf.json; then lock=(-lock=false); fi

if ! terraform init -input=false -no-color >"$out/init.log" 2>&1; then
  cp "$out/init.log" "$out/plan.txt"
  record 1
fi

terraform plan -input=false -no-color -detailed-exitcode "${lock[@]}" -out=tfplan >"$out/plan.log" 2>&1
code=$?
if [[ $code -ne 0 && $code -ne 2 ]]; then
  cp "$out/plan.log" "$out/plan.txt"
  record 1
fi
terraform show -no-color tfplan >"$out/plan.txt" || record 1
terraform show -json tfplan >"$out/plan.json" || record 1
record "$code"
