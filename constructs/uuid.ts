/** A UUID in its usual text form (8-4-4-4-12 hex digits, either case): Entra's tenant, object and client ids. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID (either case). Pure. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
