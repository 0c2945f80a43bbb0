// Whether a key, variable, flag or setter name says its value is a credential: `DB_PASS`, `clientSecret`,
// `client-key-data`, `setPassword`, `x-api-key`; not `max_tokens`, `password_min_length` or `tokenizer`.

const SECRET_WORDS = new Set(
  (
    "password passwords passwd pwd pass passphrase passcode secret secrets token credential " +
    "credentials creds apikey apitoken authtoken accesstoken refreshtoken bearer identitytoken registrytoken " +
    "privatekey secretkey accesskey accountkey clientsecret sharedaccesskey sharedkey masterkey " +
    "signingkey encryptionkey sig auth"
  ).split(" "),
);

// "key" alone is too common (`cache-key`, `primary key`); these words before it make it a credential.
const KEY_QUALIFIERS = new Set(
  (
    "api access private secret account shared master encryption signing client app license auth session " +
    "subscription service admin deploy webhook storage consumer hmac jwt encrypt decrypt ssh gpg"
  ).split(" "),
);

// The value is about the secret, not the secret: lengths, locations, names, switches.
const ABOUT_WORDS = new Set(
  (
    "length len count size min max url uri endpoint path file filename dir name names type types field label " +
    "header policy pattern regex expiry expires expiration ttl timeout prefix placeholder hint limit enabled " +
    "required env var variable ref format strategy provider mode rotation hash hashed digest reset confirm " +
    "confirmation visible visibility input form error message strength rules validator storage at date time in " +
    "created updated issued"
  ).split(" "),
);

const SECRET_METHODS = new Set(
  "password passwd secret token apikey accesskey secretkey clientsecret accesstoken authtoken privatekey".split(
    " ",
  ),
);

// Verbs a setter or builder starts with; `getPassword("x")` or `hashPassword("x")` take no secret.
const SETTER_VERBS = new Set(["set", "with", "use", "put", "add"]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
}

// Every secret name holds one of these: a cheap test before splitting the name into words.
const STEMS = /pass|pwd|secret|token|key|auth|cred|sig|bearer/i;

export function isSecretName(name: string): boolean {
  // `@octokit/auth-token`, `config/secrets`: a package or a path, not a key.
  if (!STEMS.test(name) || name.includes("/")) return false;
  const parts = words(name);
  const last = parts[parts.length - 1];
  if (last === undefined || ABOUT_WORDS.has(last)) return false;
  return parts.some((word, index) => {
    if (SECRET_WORDS.has(word)) return true;
    if (word !== "key" && word !== "keys") return false;
    const before = parts[index - 1];
    return (before !== undefined && KEY_QUALIFIERS.has(before)) || parts[index + 1] === "data";
  });
}

/** `setPassword`, `withApiKey`, `password` (a builder's method): a call whose argument is the secret. */
export function isSecretSetter(qualified: string): boolean {
  // `ds.setPassword`: the method's own name decides.
  const name = qualified.slice(qualified.lastIndexOf(".") + 1);
  const [first, ...rest] = words(name);
  if (first === undefined) return false;
  if (SETTER_VERBS.has(first)) return rest.length > 0 && isSecretName(rest.join("_"));
  // A builder's method named after the secret itself (`.password("…")`, `.apiKey("…")`); `requestWithAuth("GET /")`
  // and `createToken("…")` take something else.
  return SECRET_METHODS.has(words(name).join(""));
}

/** `Key`, `signingKeyValue`…: a bare "key" holds a secret only when its value is random (checked by the caller). */
export function endsWithKey(name: string): boolean {
  if (!/key$/i.test(name)) return false;
  const parts = words(name);
  return parts[parts.length - 1] === "key";
}
