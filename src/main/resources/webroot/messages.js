// What the reader sees when something is wrong: each message says what to do next.

const tokenCommand = (org, role) => ({code: `java -jar target/orderlink.jar token --org ${org ?? 'ORG'} --role ${role}`});

/** A failed request (ApiError) as message parts; needed is the role the action requires. */
export function explain(error, needed, session) {
  switch (error.status) {
    case 0:
      return ['Orderlink did not answer: check that the gateway is running and that this computer is online, then press Show.'];
    case 401:
      return ['Your token has expired or is invalid: create a new one with ', tokenCommand(session?.org, 'viewer'),
        ' and sign in again.'];
    case 403:
      return [`This needs the ${needed} role and your token is for the ${session?.role ?? 'unknown'} role: create one with `,
        tokenCommand(session?.org, needed), ' and sign in with it.'];
    case 429:
      return ['Too many requests with this token: wait a few seconds, then press Show.'];
    default:
      return [`${error.message.replace(/\.$/, '')} (HTTP ${error.status}).`];
  }
}

/** Message parts as plain text, for the live region. */
export function plain(parts) {
  return parts.map(part => typeof part === 'string' ? part : part.code).join('');
}

/** What to do about a store's webhook status (active needs nothing). */
export const ADVICE = {
  paused: 'the webhook is paused on the store: press Repair',
  disabled: 'the platform disabled the webhook after failed deliveries: press Repair',
  missing: 'no webhook is registered on the store: press Repair',
  error: "check the store's URL and credentials, then Repair",
};
