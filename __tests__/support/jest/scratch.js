/**
 * Jest globalSetup/globalTeardown: one scratch folder per run, on a RAM-backed filesystem when the
 * machine has one (/dev/shm, tmpfs on Linux), as TMPDIR for the workers and every process they
 * start. The tests write many small files (Terraform working directories, cdktf outdirs, git
 * repositories, the consumer test's npm install of ~17,000 files); on a disk-backed /tmp the
 * kernel time of writing and removing them was a tenth of the suite's CPU. Where there is no
 * /dev/shm, or where it has less than 2 GiB free (a container's is often 64 MB), the folder goes
 * under the usual temporary directory. Either way the run removes it at
 * the end, and a later run removes the folders of runs that were killed.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const PREFIX = "grafana-scim-tests-";
const VARIABLE = "GRAFANA_SCIM_TEST_SCRATCH";

/**
 * Free space a run needs at the most in its scratch folder, with room to spare: the consumer
 * test's install alone is about 175 MB, and Terraform folders and git repositories come on top.
 * A container's /dev/shm is often 64 MB (Docker's default): too small, so the run uses the usual
 * temporary directory there.
 */
const MIN_FREE_BYTES = 2 * 1024 ** 3;

/** Where the scratch folder goes: `ramDisk` when it is a writable directory with `minFree` bytes free, else `fallback`. */
function scratchBase(ramDisk, fallback, minFree = MIN_FREE_BYTES) {
  try {
    fs.accessSync(ramDisk, fs.constants.W_OK);
    if (!fs.statSync(ramDisk).isDirectory()) return fallback;
    const stats = fs.statfsSync(ramDisk);
    return stats.bavail * stats.bsize >= minFree ? ramDisk : fallback;
  } catch {
    return fallback;
  }
}

/** Whether the process that made a scratch folder still runs. */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** Removes scratch folders of earlier runs that ended without their teardown (killed). */
function removeStale(base) {
  for (const name of fs.readdirSync(base)) {
    const match = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (match && Number(match[1]) !== process.pid && !alive(Number(match[1]))) fs.rmSync(path.join(base, name), { recursive: true, force: true });
  }
}

async function setup() {
  // Leftovers of killed runs first, in RAM too: they would count against the free space.
  for (const dir of new Set(["/dev/shm", os.tmpdir()])) {
    try {
      fs.accessSync(dir, fs.constants.W_OK);
      removeStale(dir);
    } catch {
      // not there, or not ours to clean
    }
  }
  const base = scratchBase("/dev/shm", os.tmpdir());
  const dir = fs.mkdtempSync(path.join(base, `${PREFIX}${process.pid}-`));
  // Workers are started after globalSetup and inherit this environment; os.tmpdir() reads TMPDIR.
  process.env.TMPDIR = dir;
  process.env[VARIABLE] = dir;
}

async function teardown() {
  const dir = process.env[VARIABLE];
  if (dir && path.basename(dir).startsWith(PREFIX)) fs.rmSync(dir, { recursive: true, force: true });
}

module.exports = { setup, teardown, scratchBase, MIN_FREE_BYTES };
