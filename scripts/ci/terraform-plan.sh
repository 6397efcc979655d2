#!/usr/bin/env bash
# Plans one synthesized stack the way every workflow does (pull request, deploy, drift, destroy).
#
#   scripts/ci/terraform-plan.sh <stack> <out-dir>
#
# In cdktf.out/stacks/<stack>: `terraform init`, then `terraform plan -detailed-exitcode -out=tfplan`
# and `terraform show`, then writes to <out-dir>:
#   plan.txt   the text plan, or Terraform's error output when init/plan failed, REDACTED: every
#              value the JSON plan marks sensitive, the TF_VAR_* of sensitive variables, the
#              credential variables of this step and credential-shaped strings are scrubbed
#              (scripts/ci/delivery.cjs redact). Only this text is ever printed or posted.
#   plan.json  `terraform show -json tfplan`. It holds SENSITIVE VALUES IN CLEAR: keep it on the
#              runner, never upload it as an artifact or print it.
#   tfplan     is left in the stack directory (it holds sensitive values too).
#   exitcode   0 no changes, 2 changes, 1 failed
#   kind       saved (plan.json written), speculative (HCP Terraform speculative run: text only) or failed
# and `exitcode=<n>` and `kind=<kind>` to $GITHUB_OUTPUT when set. Terraform's own output is NOT
# printed: it can hold values a provider copied out of sensitive attributes, and a failed
# validation prints sensitive variables in clear. The script exits 0 whenever it could record a
# result, so the next steps can summarize and comment; the workflow fails afterwards.
#
# Environment:
#   TF_PLAN_LOCK=false      plan without the state lock (read-only state credentials cannot write
#                           one; a plan never writes state). Ignored for the cloud backend.
#   TF_PLAN_MODE=speculative  with the cloud backend (HCP Terraform / Terraform Enterprise), a
#                           speculative plan (no -out): a saved cloud plan is a run someone could
#                           confirm in the UI, and `terraform show -json` of it needs more than a
#                           plan-only token. Pull requests and the drift check use this. Other
#                           backends always save the plan.
#   TF_PLAN_DESTROY=true    plan the destruction of every resource (-destroy); see destroy.yml.
set -uo pipefail

stack="${1:?usage: terraform-plan.sh <stack> <out-dir>}"
out="${2:?usage: terraform-plan.sh <stack> <out-dir>}"
source "$(dirname "$0")/stack.sh"
rm -f "$out/plan.txt" "$out/plan.json" "$out/exitcode" "$out/kind" "$out"/*.log

# Scrubs Terraform's raw output ($1, deleted afterwards) into plan.txt.
keep_redacted() {
  local plan_json=()
  [[ -s "$out/plan.json" ]] && plan_json=(--plan-json "$out/plan.json")
  node "$delivery" redact --config cdk.tf.json "${plan_json[@]}" --in "$1" --out "$out/plan.txt" || {
    echo "error: could not redact Terraform's output; nothing of it is kept" >&2
    echo "(Terraform's output could not be redacted, so it is not shown.)" >"$out/plan.txt"
  }
  rm -f "$1"
}

record() {
  echo "$1" >"$out/exitcode"
  echo "$2" >"$out/kind"
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then printf 'exitcode=%s\nkind=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; fi
  echo "plan of $stack: exit code $1 ($2)"
  exit 0
}

cd "$dir" || exit 1
cloud=false
grep -q '"cloud"' cdk.tf.json && cloud=true
args=(-input=false -no-color -detailed-exitcode)
if [[ "${TF_PLAN_LOCK:-true}" == "false" && "$cloud" == false ]]; then args+=(-lock=false); fi
if [[ "${TF_PLAN_DESTROY:-false}" == "true" ]]; then args+=(-destroy); fi

if ! terraform init -input=false -no-color >"$out/init.log" 2>&1; then
  keep_redacted "$out/init.log"
  record 1 failed
fi
rm -f "$out/init.log"

if [[ "$cloud" == true && "${TF_PLAN_MODE:-saved}" == "speculative" ]]; then
  terraform plan "${args[@]}" >"$out/plan.log" 2>&1
  code=$?
  keep_redacted "$out/plan.log"
  if [[ $code -ne 0 && $code -ne 2 ]]; then record 1 failed; fi
  record "$code" speculative
fi

rm -f tfplan
terraform plan "${args[@]}" -out=tfplan >"$out/plan.log" 2>&1
code=$?
if [[ $code -ne 0 && $code -ne 2 ]]; then
  keep_redacted "$out/plan.log"
  record 1 failed
fi
rm -f "$out/plan.log"
terraform show -json tfplan >"$out/plan.json" 2>/dev/null || { rm -f "$out/plan.json"; echo "terraform show -json tfplan failed" >"$out/show.log"; keep_redacted "$out/show.log"; record 1 failed; }
terraform show -no-color tfplan >"$out/show.log" 2>&1 || { keep_redacted "$out/show.log"; record 1 failed; }
keep_redacted "$out/show.log"
record "$code" saved
