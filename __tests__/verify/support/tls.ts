/**
 * An HTTPS server on 127.0.0.1 with a throw-away self-signed certificate made by openssl at test
 * time (no key is committed). Nothing trusts it, which is the point: clients must refuse it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/**
 * A throw-away key and self-signed certificate for 127.0.0.1 (also as subjectAltName, which Node
 * checks for IP addresses), made by openssl in `dir`. `certFile` can be trusted by a child process
 * through NODE_EXTRA_CA_CERTS.
 */
export function selfSignedCertificate(dir: string): { key: Buffer; cert: Buffer; certFile: string } {
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1", "-keyout", keyFile, "-out", certFile], { stdio: "pipe" });
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") throw new Error("openssl is required by the TLS tests (Debian package openssl)");
    throw error;
  }
  return { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile), certFile };
}

export async function startUntrustedHttps(): Promise<{ url: string; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-tls-"));
  const { key, cert } = selfSignedCertificate(dir);
  const server = https.createServer({ key, cert }, (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  fs.rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
