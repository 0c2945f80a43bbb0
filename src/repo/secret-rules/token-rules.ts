// Credentials recognised by their own shape (a provider's prefix, a PEM block, a JWT), wherever they appear.
// Checked before gitleaks' rules, so the kinds named in replacements stay stable; gitleaks adds the long tail.
import type { SecretRule, SecretSpan } from "./secret-span.js";

interface TokenPattern {
  kind: string;
  /** Lower-case literals one of which the token holds: the pattern runs only on texts that have one. */
  keywords: string[];
  pattern: RegExp;
}

const TOKENS: TokenPattern[] = [
  // A whole block, or a header followed by a key body (or a PEM header line such as `Proc-Type:`): docs and error
  // messages name the header alone. Without an END line the rest of the text goes: a truncated key is still a key.
  {
    kind: "private key",
    keywords: ["private key"],
    pattern:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:(?:\s|\\[rn]|[A-Za-z0-9+/=])+?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|(?=(?:\s|\\[rn])*(?:[A-Za-z0-9+/=]{16}|[A-Z][A-Za-z-]+: ))[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$))/g,
  },
  {
    kind: "AWS access key",
    keywords: ["akia", "asia", "agpa", "aida", "aroa", "anpa", "anva", "abia", "acca"],
    pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|ABIA|ACCA)[0-9A-Z]{16}\b/g,
  },
  {
    kind: "GitHub token",
    keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b/g,
  },
  {
    kind: "GitLab token",
    keywords: [
      "glpat-",
      "gldt-",
      "glrt-",
      "glptt-",
      "glcbt-",
      "gloas-",
      "glft-",
      "glimt-",
      "glagent-",
      "glsoat-",
    ],
    pattern: /\bgl(?:pat|dt|rt|ptt|cbt|oas|ft|imt|agent|soat)-[A-Za-z0-9_-]{20,}/g,
  },
  {
    kind: "Slack token",
    keywords: ["xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "xoxe-", "xapp-"],
    pattern: /\b(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,}/g,
  },
  {
    kind: "Slack webhook",
    keywords: ["hooks.slack.com"],
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/]+/g,
  },
  {
    kind: "Stripe key",
    keywords: ["_live_", "_test_", "_prod_"],
    pattern: /\b(?:sk|rk|pk)_(?:live|test|prod)_[A-Za-z0-9]{16,}\b/g,
  },
  { kind: "Stripe webhook secret", keywords: ["whsec_"], pattern: /\bwhsec_[A-Za-z0-9+/=]{24,}/g },
  {
    kind: "OpenAI key",
    keywords: ["sk-"],
    pattern: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}/g,
  },
  { kind: "Anthropic key", keywords: ["sk-ant-"], pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  { kind: "Google API key", keywords: ["aiza"], pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: "Google OAuth client secret", keywords: ["gocspx-"], pattern: /\bGOCSPX-[A-Za-z0-9_-]{20,}/g },
  { kind: "Google OAuth token", keywords: ["ya29."], pattern: /\bya29\.[A-Za-z0-9_-]{30,}/g },
  { kind: "Twilio key", keywords: ["sk"], pattern: /\bSK[0-9a-fA-F]{32}\b/g },
  { kind: "SendGrid key", keywords: ["sg."], pattern: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g },
  { kind: "npm token", keywords: ["npm_"], pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: "PyPI token", keywords: ["pypi-age"], pattern: /\bpypi-AgE[A-Za-z0-9_-]{50,}/g },
  {
    kind: "Hugging Face token",
    keywords: ["hf_", "api_org_"],
    pattern: /\b(?:hf_|api_org_)[A-Za-z0-9]{30,}\b/g,
  },
  {
    kind: "Shopify token",
    keywords: ["shpat_", "shpca_", "shppa_", "shpss_"],
    pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g,
  },
  { kind: "Sentry token", keywords: ["sntrys_", "sntryu_"], pattern: /\bsntry[su]_[A-Za-z0-9+/=_]{40,}/g },
  { kind: "Hugging Face token", keywords: ["hf_", "api_org_"], pattern: /\bhf_[A-Za-z]{34}\b/g },
  { kind: "Vault token", keywords: ["hvs.", "hvb.", "hvr."], pattern: /\bhv[sbr]\.[A-Za-z0-9_-]{24,}/g },
  {
    kind: "DigitalOcean token",
    keywords: ["dop_v1_", "doo_v1_", "dor_v1_"],
    pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/g,
  },
  { kind: "Docker Hub token", keywords: ["dckr_pat_"], pattern: /\bdckr_pat_[A-Za-z0-9_-]{20,}/g },
  {
    kind: "Azure AD client secret",
    keywords: ["q~"],
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/g,
  },
  { kind: "Mailgun key", keywords: ["key-"], pattern: /\bkey-[0-9a-f]{32}\b/g },
  { kind: "Mailchimp key", keywords: ["-us"], pattern: /\b[0-9a-f]{32}-us[0-9]{1,2}\b/g },
  { kind: "Telegram bot token", keywords: [":aa"], pattern: /\b[0-9]{8,10}:AA[A-Za-z0-9_-]{33}\b/g },
  {
    kind: "Discord bot token",
    keywords: [],
    pattern: /\b[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}\b/g,
  },
  {
    kind: "New Relic key",
    keywords: ["nrak-", "nrii-", "nrjs-", "nraa-"],
    pattern: /\bNR(?:AK|II|JS|AA)-[A-Z0-9]{27}\b/g,
  },
  { kind: "Mapbox token", keywords: ["sk.eyj"], pattern: /\bsk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/g },
  { kind: "Atlassian token", keywords: ["atatt3"], pattern: /\bATATT3[A-Za-z0-9_=-]{150,}/g },
  {
    kind: "JSON web token",
    keywords: ["eyj"],
    pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
  },
];

export const TOKEN_KEYWORDS = TOKENS.flatMap((token) => token.keywords);

export const tokenRules: SecretRule = ({ text, keywords }) => {
  const spans: SecretSpan[] = [];
  for (const { kind, pattern, keywords: needs } of TOKENS) {
    if (needs.length > 0 && !needs.some((keyword) => keywords.has(keyword))) continue;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (isPlaceholderToken(match[0])) continue;
      spans.push({ start: match.index, end: match.index + match[0].length, kind, named: true });
    }
  }
  return spans;
};

/** `sk_live_xxxxxxxxxxxxxxxx`, `ghp_XXXX…`, `hf_your_token_here`: documentation, not a key. */
function isPlaceholderToken(token: string): boolean {
  return /(x{6,}|X{6,}|0{10,}|\*{4,}|your|here|\.{3})/.test(token) || /(.)\1{15,}/.test(token);
}
