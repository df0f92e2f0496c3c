// The JSON API client: the token kept for this browser tab only, failures turned into what to do next.

const TOKEN_KEY = 'orderlink.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: value => sessionStorage.setItem(TOKEN_KEY, value),
  forget: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** The token's claims, decoded but not verified (the API verifies); null when it is not a JWT. */
export function claims(jwt) {
  const parts = jwt.split('.');
  if (parts.length !== 3) {
    return null;
  }
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), c => c.charCodeAt(0));
    const decoded = JSON.parse(new TextDecoder().decode(bytes));
    return decoded !== null && typeof decoded === 'object' ? decoded : null;
  } catch {
    return null;
  }
}

/** A failed request: HTTP status (0 when nothing answered) and the API's error code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The JSON answer of a request (with a JSON body when one is given), or an ApiError. */
export async function call(method, path, jwt, body) {
  const headers = {Authorization: `Bearer ${jwt}`, Accept: 'application/json'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch {
    throw new ApiError(0, 'network', 'no answer');
  }
  const answer = await response.json().catch(() => null);
  if (response.ok) {
    return answer;
  }
  const error = answer?.error ?? {};
  throw new ApiError(response.status, error.code ?? `http_${response.status}`, error.message ?? response.statusText);
}
