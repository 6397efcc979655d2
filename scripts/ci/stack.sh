# Sourced by terraform-plan.sh and terraform-apply.sh: checks the stack name ($stack), finds its
# synthesized directory and the delivery CLI, and prepares the output folder ($out, made absolute).
# Sets: dir (cdktf.out/stacks/<stack>), delivery (path of scripts/ci/delivery.cjs).
[[ "$stack" =~ ^[a-z][a-z0-9-]{0,39}$ ]] || { echo "error: not a stack name: $stack" >&2; exit 64; }
delivery="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/delivery.cjs"
dir="cdktf.out/stacks/$stack"
[[ -f "$dir/cdk.tf.json" ]] || { echo "error: $dir/cdk.tf.json not found: run npm run synth first" >&2; exit 64; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
