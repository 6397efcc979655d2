/**
 * Jest globalSetup/globalTeardown: one scratch folder per run, on a RAM-backed filesystem when the
 * machine has one (/dev/shm, tmpfs on Linux), as TMPDIR for the workers and every process they
 * start. The tests write many small files (Terraform working directories, cdktf outdirs, git
 * repositories, the consumer test's npm install of ~17,000 files); on a disk-backed /tmp the
 * kernel time of writing and removing them was a tenth of the suite's CPU. Where there is no
 * /dev/shm the folder goes under the usual temporary directory. Either way the run removes it at
 * the end, and a later run removes the folders of runs that were killed.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const PREFIX = "grafana-scim-tests-";
const VARIABLE = "GRAFANA_SCIM_TEST_SCRATCH";

/** A writable tmpfs, or undefined. */
function ramDisk() {
  const dir = "/dev/shm";
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return fs.statSync(dir).isDirectory() ? dir : undefined;
  } catch {
    return undefined;
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
  const base = ramDisk() ?? os.tmpdir();
  removeStale(base);
  const dir = fs.mkdtempSync(path.join(base, `${PREFIX}${process.pid}-`));
  // Workers are started after globalSetup and inherit this environment; os.tmpdir() reads TMPDIR.
  process.env.TMPDIR = dir;
  process.env[VARIABLE] = dir;
}

async function teardown() {
  const dir = process.env[VARIABLE];
  if (dir && path.basename(dir).startsWith(PREFIX)) fs.rmSync(dir, { recursive: true, force: true });
}

module.exports = { setup, teardown };
