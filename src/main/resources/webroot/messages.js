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
export const PLATFORMS = {shopify: 'Shopify', woocommerce: 'WooCommerce'};

export const ADVICE = {
  paused: 'the webhook is paused on the store: press Repair',
  disabled: 'the platform disabled the webhook after failed deliveries: press Repair',
  missing: 'no webhook is registered on the store: press Repair',
  error: 'once the cause above is fixed, press Repair; a new key or token is given by connecting the store again with the form',
};

const WOO_KEYS = 'WooCommerce > Settings > Advanced > REST API';
const UNREACHABLE = /UnknownHost|ConnectException|Connection refused|timed out|Timeout|SSL|closed|gave up/i;

/** Ports WordPress delivers webhooks to (wp_http_validate_url), and addresses it refuses as unsafe. */
const WORDPRESS_PORTS = ['', '80', '443', '8080'];
const LOCAL_HOST = /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[::1\]|0\.0\.0\.0)/;

/** Why WordPress would refuse to deliver to Orderlink's webhook address, or null when it would deliver. */
export function undeliverable(address) {
  let url;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  if (LOCAL_HOST.test(url.hostname)) {
    return `Orderlink's webhook address ${address} is on this computer or a private network, where the store cannot deliver`;
  }
  if (!WORDPRESS_PORTS.includes(url.port)) {
    return `WordPress delivers webhooks only to ports 80, 443 and 8080, and Orderlink's webhook address ${address} uses port ${url.port}`;
  }
  return null;
}

const PUBLIC_URL_FIX = 'Run Orderlink behind a public https address (a reverse proxy on port 443), set ORDERLINK_PUBLIC_URL '
  + 'to it and restart Orderlink.';

/**
 * What to fix after a platform's refusal (its own message, as the API relays it); the message itself is shown
 * beside this, and the caller says how to try again.
 */
export function platformAdvice(platform, message, address) {
  const text = message ?? '';
  if (platform === 'woocommerce') {
    if (/cannot_create|cannot create|cannot edit|answered 403/.test(text)) {
      return `The key may read but not write: in ${WOO_KEYS}, edit the key (or add one) with Read/Write permission, `
        + 'for a user who can manage WooCommerce.';
    }
    if (/refused the API key/.test(text)) {
      return `The consumer key or secret is wrong or was revoked: copy both again from ${WOO_KEYS} `
        + '(WooCommerce shows the secret only once; if it is lost, add a new key).';
    }
    if (/Delivery URL/i.test(text)) {
      return `${undeliverable(address) ?? 'WordPress could not reach Orderlink\'s webhook address'}. ${PUBLIC_URL_FIX}`;
    }
    if (/answered 404/.test(text)) {
      return 'No WooCommerce REST API answers at this address: check the store URL, and in WordPress set '
        + 'Settings > Permalinks to anything but Plain.';
    }
  } else {
    if (/the platform answered for/.test(text)) {
      return 'This token opens another shop: check the shop address, or copy the token of the app installed on this shop.';
    }
    if (/refused the access token/.test(text)) {
      return 'Shopify does not accept this Admin API access token: copy it again from the app\'s API credentials '
        + '(reinstalling the app gives a new one).';
    }
    if (/access denied|permission|protected customer data|scope/i.test(text)) {
      return 'The app lacks a permission: give it the read_orders scope and access to protected customer data (email), '
        + 'install the update on the store.';
    }
    if (/Address protocol/.test(text)) {
      return `Shopify delivers only to https addresses. ${PUBLIC_URL_FIX}`;
    }
    if (/answered 404|Not Found/.test(text)) {
      return 'No shop answers at this domain: use the shop\'s your-store.myshopify.com address (Shopify admin > '
        + 'Settings > Domains), not its own domain.';
    }
  }
  if (UNREACHABLE.test(text)) {
    return 'The store did not answer: check its address and that the site is online.';
  }
  return 'Correct what the platform says.';
}
