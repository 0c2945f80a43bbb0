// Fake credentials in the real shapes of 80 types, planted in files of the formats repositories hold. Built at run
// time from a seeded generator (so no committed string is a live-looking token) and the same on every run.
import { TEMPLATES } from "./secret-corpus-files.js";
import { MORE_TEMPLATES } from "./secret-corpus-more-files.js";

export interface PlantedCredential {
  /** The credential's type (its maker): "Slack app token", "password". */
  type: string;
  /** The type and where it sits: "password in redis URL with empty user". */
  kind: string;
  /** The part that must never reach the model. */
  value: string;
  path: string;
}

export interface SecretCorpus {
  files: Record<string, string>;
  credentials: PlantedCredential[];
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = "0123456789abcdef";
const B64 = `${ALNUM}+/`;

/** mulberry32: tiny, seedable, and the same on every platform. */
export function seeded(seed: number): (alphabet: string, length: number) => string {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (alphabet, length) =>
    Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)] ?? "").join("");
}

const b64 = (text: string) => Buffer.from(text).toString("base64");

/** Credential makers by kind; prefixes are split so no source line reads as a token to a scanner. */
function makers(r: ReturnType<typeof seeded>): Record<string, () => string> {
  const pem = (label: string) =>
    [
      `-----BEGIN ${label}-----`,
      ...Array.from({ length: 6 }, () => r(B64, 64)),
      `-----END ${label}-----`,
    ].join("\n");
  return {
    "AWS access key": () => `AK${"IA"}${r(UPPER + DIGITS, 16)}`,
    "AWS secret key": () => r(B64, 40),
    "GitHub classic token": () => `gh${"p_"}${r(ALNUM, 36)}`,
    "GitHub fine-grained token": () => `github${"_pat_"}${r(ALNUM, 22)}_${r(ALNUM, 59)}`,
    "GitHub app token": () => `gh${"s_"}${r(ALNUM, 36)}`,
    "GitLab token": () => `gl${"pat-"}${r(ALNUM, 20)}`,
    "Slack bot token": () => `xo${"xb-"}${r(DIGITS, 12)}-${r(DIGITS, 13)}-${r(ALNUM, 24)}`,
    "Slack app token": () => `xa${"pp-1-"}A${r(UPPER + DIGITS, 10)}-${r(DIGITS, 13)}-${r(HEX, 64)}`,
    "Slack webhook": () => `T${r(UPPER + DIGITS, 10)}/B${r(UPPER + DIGITS, 10)}/${r(ALNUM, 24)}`,
    "Stripe secret key": () => `sk${"_live_"}${r(ALNUM, 24)}`,
    "Stripe restricted key": () => `rk${"_live_"}${r(ALNUM, 24)}`,
    "Stripe webhook secret": () => `wh${"sec_"}${r(ALNUM, 32)}`,
    "OpenAI key": () => `sk${"-proj-"}${r(`${ALNUM}_-`, 48)}`,
    "Anthropic key": () => `sk${"-ant-api03-"}${r(`${ALNUM}_-`, 86)}AA`,
    "Google API key": () => `AI${"za"}${r(`${ALNUM}_-`, 35)}`,
    "Google OAuth client secret": () => `GO${"CSPX-"}${r(`${ALNUM}_-`, 28)}`,
    "Hugging Face token": () => `h${"f_"}${r(UPPER + LOWER, 34)}`,
    "Shopify token": () => `shp${"at_"}${r(HEX, 32)}`,
    "Sentry DSN key": () => r(HEX, 32),
    "npm token": () => `np${"m_"}${r(ALNUM, 36)}`,
    "PyPI token": () => `pyp${"i-AgEIcHlwaS5vcmc"}${r(`${ALNUM}_-`, 70)}`,
    "SendGrid key": () => `S${"G."}${r(`${ALNUM}_-`, 22)}.${r(`${ALNUM}_-`, 43)}`,
    "Twilio API key": () => `S${"K"}${r(HEX, 32)}`,
    "Mailgun key": () => `ke${"y-"}${r(HEX, 32)}`,
    "Mailchimp key": () => `${r(HEX, 32)}-us${r("123456789", 1)}`,
    "Telegram bot token": () => `${r(DIGITS, 10)}:AA${r(`${ALNUM}_-`, 33)}`,
    "DigitalOcean token": () => `do${"p_v1_"}${r(HEX, 64)}`,
    "Vault token": () => `hv${"s."}${r(`${ALNUM}_-`, 90)}`,
    "Docker Hub token": () => `dck${"r_pat_"}${r(`${ALNUM}_-`, 27)}`,
    "Azure AD client secret": () => `${r(ALNUM, 3)}8Q~${r(`${ALNUM}_~.-`, 34)}`,
    "Databricks token": () => `da${"pi"}${r(HEX, 32)}`,
    "Linear key": () => `lin${"_api_"}${r(ALNUM, 40)}`,
    "Notion token": () => `nt${"n_"}${r(DIGITS, 11)}${r(ALNUM, 35)}`,
    "Grafana service account token": () => `gl${"sa_"}${r(ALNUM, 32)}_${r(HEX, 8)}`,
    "Postman key": () => `PM${"AK-"}${r(HEX, 24)}-${r(HEX, 34)}`,
    "Doppler token": () => `d${"p.pt."}${r(ALNUM, 43)}`,
    "Pulumi token": () => `pu${"l-"}${r(HEX, 40)}`,
    "age secret key": () => `AGE-${"SECRET-KEY-1"}${r("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)}`,
    "Terraform Cloud token": () => `${r(LOWER + DIGITS, 14)}.at${"lasv1"}.${r(LOWER + DIGITS, 67)}`,
    "RubyGems key": () => `rubyg${"ems_"}${r(HEX, 48)}`,
    "Dynatrace token": () => `dt0${"c01."}${r(UPPER + DIGITS, 24)}.${r(UPPER + DIGITS, 64)}`,
    "Perplexity key": () => `ppl${"x-"}${r(ALNUM, 48)}`,
    "Alibaba access key": () => `LT${"AI"}${r(ALNUM, 20)}`,
    "Square token": () => `sq0${"atp-"}${r(`${ALNUM}_-`, 22)}`,
    "PlanetScale password": () => `psc${"ale_pw_"}${r(`${ALNUM}_`, 43)}`,
    "Heroku API key": () => `${r(HEX, 8)}-${r(HEX, 4)}-4${r(HEX, 3)}-a${r(HEX, 3)}-${r(HEX, 12)}`,
    "JSON web token": () =>
      `ey${"JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"}.${b64(`{"sub":"${r(DIGITS, 8)}","role":"service_role"}`).replace(/=+$/, "")}.${r(`${ALNUM}_-`, 43)}`,
    "RSA private key": () => pem("RSA PRIVATE KEY"),
    "OpenSSH private key": () => pem("OPENSSH PRIVATE KEY"),
    "EC private key": () => pem("EC PRIVATE KEY"),
    "PGP private key": () => pem("PGP PRIVATE KEY BLOCK"),
    "Azure storage account key": () => `${r(B64, 86)}==`,
    "Azure Service Bus key": () => `${r(B64, 43)}=`,
    "Azure SAS signature": () => `${r(ALNUM, 40)}%3D`,
    "Sentry auth token": () => `sntr${"ys_"}ey${r(ALNUM, 120)}`,
    "Discord bot token": () => `M${r(ALNUM, 23)}.${r(`${ALNUM}_-`, 6)}.${r(`${ALNUM}_-`, 38)}`,
    "Cloudflare origin CA key": () => `v1.${"0-"}${r(HEX, 24)}-${r(HEX, 146)}`,
    "Infracost token": () => `ic${"o-"}${r(ALNUM, 32)}`,
    "Prefect token": () => `pn${"u_"}${r(ALNUM, 36)}`,
    "Shippo token": () => `shi${"ppo_live_"}${r(HEX, 40)}`,
    "Brevo key": () => `xkey${"sib-"}${r(HEX, 64)}-${r(ALNUM, 16)}`,
    "Octopus Deploy key": () => `AP${"I-"}${r(UPPER + DIGITS, 26)}`,
    "OpenShift token": () => `sha${"256~"}${r(`${ALNUM}_-`, 43)}`,
    "Harness token": () => `pa${"t."}${r(`${ALNUM}_-`, 22)}.${r(ALNUM, 24)}.${r(ALNUM, 20)}`,
    "New Relic key": () => `NR${"AK-"}${r(UPPER + DIGITS, 27)}`,
    "Mapbox secret token": () => `s${"k.eyJ1Ijoi"}${r(ALNUM, 40)}.${r(`${ALNUM}_-`, 22)}`,
    "Google OAuth access token": () => `ya${"29."}${r(`${ALNUM}_-`, 80)}`,
    "Algolia admin key": () => r(HEX, 32),
    "Okta token": () => `00${r(`${ALNUM}_-`, 40)}`,
    "Atlassian API token": () => `ATA${"TT3xFfGF0"}${r(`${ALNUM}_-`, 171)}=${r(HEX.toUpperCase(), 8)}`,
    password: () => `${r(ALNUM, 10)}!${r(DIGITS, 2)}`,
    "short password": () => `${r(LOWER, 3)}${r(DIGITS, 2)}!`,
    "high-entropy secret": () => r(ALNUM, 40),
    "hex secret": () => r(HEX, 64),
    "base64 secret": () => `${r(B64, 43)}=`,
  };
}

/** A credential of `kind` (its maker), reported under `label` (the kind and where it sits) when given. */
export type Take = (kind: string, label?: string) => string;
/** Records a credential derived from others (`base64(user:password)`) and returns it. */
export type Plant = (label: string, value: string, type?: string) => string;

/** Builds the corpus: each file template takes credentials of the kinds it plants. */
export function secretCorpus(seed = 12): SecretCorpus {
  const make = makers(seeded(seed));
  const credentials: PlantedCredential[] = [];
  const files: Record<string, string> = {};
  for (const [path, template] of Object.entries({ ...TEMPLATES, ...MORE_TEMPLATES })) {
    const plant: Plant = (label, value, type = label) => {
      credentials.push({ type, kind: label, value, path });
      return value;
    };
    const take: Take = (type, label) => {
      const maker = make[type];
      if (!maker) throw new Error(`no maker for ${type}`);
      return plant(label ?? type, maker(), type);
    };
    files[path] = template(take, plant);
  }
  return { files, credentials };
}
