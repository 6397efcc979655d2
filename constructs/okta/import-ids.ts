/** Ids of existing Okta objects to import. Pure. */
import { Token } from "cdktf";

/** An Okta app id: `0oa` and 17 letters or digits (okta 4.20.0 imports `okta_app_saml` by this id). */
export const OKTA_APP_ID = /^0oa[A-Za-z0-9]{17}$/;

/** Why `appId` is not an Okta app id, or `undefined` (also for a reference). */
export function oktaAppIdProblem(appId: string): string | undefined {
  if (Token.isUnresolved(appId)) return undefined;
  return OKTA_APP_ID.test(appId) ? undefined : "must be the Okta app id, 0oa followed by 17 letters or digits";
}
