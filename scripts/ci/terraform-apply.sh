#!/usr/bin/env bash
# The apply step of deploy.yml and destroy.yml: applies a stack only if its plan is the one a
# person approved.
#
#   scripts/ci/terraform-apply.sh <stack> <out-dir> <approval.json>
#
# <approval.json> was written by the plan job (`delivery summary --approval-output`) from the
# plan the reviewers saw before they approved this job. In cdktf.out/stacks/<stack> this script:
#   1. runs `terraform init` and `terraform plan -detailed-exitcode -out=tfplan` (with the state
#      lock; `-destroy` with TF_PLAN_DESTROY=true);
#   2. computes that plan's digest and compares it with the approved one
#      (`delivery verify`). If they differ it fails with "plan changed since approval" and what
#      differs, and applies nothing (exit code 4);
#   3. applies exactly that saved plan (`terraform apply tfplan`; Terraform itself refuses a
#      saved plan whose state has moved on), with Terraform's output redacted line by line
#      before it reaches the log. Terraform writes to a file that the redactor follows, so a
#      redactor that dies cannot stop the apply (the file is deleted at the end).
# It writes <out-dir>/plan.json (SENSITIVE VALUES IN CLEAR: never upload or print it),
# <out-dir>/plan.txt (the applied plan, redacted, for the job summary) and <out-dir>/result
# (applied, no-changes, changed-since-approval or failed). Exit codes: 0 applied or nothing to
# apply, 1 failed, 4 plan changed since approval, 64 usage.
set -uo pipefail

stack="${1:?usage: terraform-apply.sh <stack> <out-dir> <approval.json>}"
out="${2:?usage: terraform-apply.sh <stack> <out-dir> <approval.json>}"
approval="${3:?usage: terraform-apply.sh <stack> <out-dir> <approval.json>}"
source "$(dirname "$0")/stack.sh"
[[ -f "$approval" ]] || { echo "error: $approval not found: no plan was approved for this apply" >&2; exit 64; }
approval="$(cd "$(dirname "$approval")" && pwd)/$(basename "$approval")"
rm -f "$out/plan.json" "$out/plan.txt" "$out/result"

finish() {
  echo "$2" >"$out/result"
  exit "$1"
}

# Terraform's output, redacted, to the log (stderr).
show_redacted() {
  local plan_json=()
  [[ -s "$out/plan.json" ]] && plan_json=(--plan-json "$out/plan.json")
  node "$delivery" redact --log --config cdk.tf.json "${plan_json[@]}" --in "$1" >&2 || echo "(Terraform's output could not be redacted, so it is not shown.)" >&2
  rm -f "$1"
}

cd "$dir" || exit 1
args=(-input=false -no-color -detailed-exitcode)
if [[ "${TF_PLAN_DESTROY:-false}" == "true" ]]; then args+=(-destroy); fi

if ! terraform init -input=false -no-color >"$out/init.log" 2>&1; then
  show_redacted "$out/init.log"
  echo "error: terraform init failed for $stack" >&2
  finish 1 failed
fi
rm -f "$out/init.log" tfplan
terraform plan "${args[@]}" -out=tfplan >"$out/plan.log" 2>&1
code=$?
if [[ $code -ne 0 && $code -ne 2 ]]; then
  show_redacted "$out/plan.log"
  echo "error: terraform plan failed for $stack" >&2
  finish 1 failed
fi
rm -f "$out/plan.log"
terraform show -json tfplan >"$out/plan.json" 2>/dev/null || { echo "error: terraform show -json failed for $stack" >&2; finish 1 failed; }
terraform show -no-color tfplan 2>&1 | node "$delivery" redact --config cdk.tf.json --plan-json "$out/plan.json" --out "$out/plan.txt"

node "$delivery" verify --approval "$approval" --plan-json "$out/plan.json" --stack "$stack" --config cdk.tf.json
verified=$?
if [[ $verified -eq 4 ]]; then finish 4 changed-since-approval; fi
if [[ $verified -ne 0 ]]; then finish 1 failed; fi

if [[ $code -eq 0 ]]; then
  echo "$stack: the approved plan has no changes; nothing to apply"
  finish 0 no-changes
fi

# Terraform writes to a file and the redactor reads along, instead of a pipe: if the redactor
# dies, a pipe would kill Terraform mid-apply with SIGPIPE (resources half made, the state not
# written, the lock held). The raw output holds secrets: it is deleted whatever happens.
log="$out/apply.log"
done_marker="$out/apply.done"
trap 'rm -f "$log" "$done_marker"' EXIT
rm -f "$done_marker"
: >"$log"
node "$delivery" redact --log --config cdk.tf.json --plan-json "$out/plan.json" --follow "$log" --until "$done_marker" &
reader=$!
terraform apply -input=false -no-color tfplan >"$log" 2>&1
applied=$?
touch "$done_marker"
wait "$reader"
redacted=$?
if [[ $applied -ne 0 ]]; then echo "error: terraform apply failed for $stack" >&2; finish 1 failed; fi
if [[ $redacted -ne 0 ]]; then echo "error: the apply succeeded, but its output could not be redacted (exit code $redacted), so the rest of it is not shown" >&2; finish 1 failed; fi
finish 0 applied
