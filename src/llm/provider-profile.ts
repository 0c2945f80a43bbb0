// What differs between OpenAI-compatible providers, from the base URL alone: Azure OpenAI's key header and its
// deployments API, OpenRouter's routing to providers that honour the JSON schema. Pure.

type ProviderKind = "openai" | "azure" | "azure-deployments" | "openrouter" | "compatible";

export interface ProviderProfile {
  kind: ProviderKind;
  /** Headers sent with every request besides the SDK's `Authorization: Bearer`. */
  headers: Record<string, string>;
  /** Fields added to a chat request's body; `structured` when it asks for JSON by schema. */
  requestExtras(structured: boolean): Record<string, unknown>;
  /** For Azure's deployments API: the resource's origin and the `api-version` query parameter. */
  azure?: { endpoint: string; apiVersion: string };
}

export class ProviderSettingsError extends Error {
  override name = "ProviderSettingsError";
}

const AZURE_HOST = /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i;

export function providerProfile(
  baseUrl: string | undefined,
  settings: { apiKey?: string | undefined; apiVersion?: string | undefined } = {},
): ProviderProfile {
  const { apiKey, apiVersion } = settings;
  const none = () => ({});
  if (!baseUrl) return { kind: "openai", headers: {}, requestExtras: none };
  const url = new URL(baseUrl);
  if (AZURE_HOST.test(url.hostname)) {
    // Azure takes its key in `api-key`; the v1 API also takes it as a bearer token, which the SDK sends anyway.
    if (/\/openai\/v1\/?$/.test(url.pathname))
      return { kind: "azure", headers: apiKey ? { "api-key": apiKey } : {}, requestExtras: none };
    if (!apiVersion)
      throw new ProviderSettingsError(
        `OPENAI_BASE_URL points at Azure OpenAI (${url.hostname}): use its v1 API, https://${url.hostname}/openai/v1, or set OPENAI_API_VERSION (e.g. 2024-10-21) for the deployments API.`,
      );
    return {
      kind: "azure-deployments",
      headers: {},
      requestExtras: none,
      azure: { endpoint: url.origin, apiVersion },
    };
  }
  if (/(^|\.)openrouter\.ai$/i.test(url.hostname))
    return {
      kind: "openrouter",
      // Attribution in OpenRouter's app rankings; it carries nothing about the repository.
      headers: { "X-Title": "issue-planner" },
      // Without this OpenRouter may route a JSON-schema request to a provider that silently drops the schema.
      requestExtras: (structured) => (structured ? { provider: { require_parameters: true } } : {}),
    };
  if (/(^|\.)api\.openai\.com$/i.test(url.hostname))
    return { kind: "openai", headers: {}, requestExtras: none };
  return { kind: "compatible", headers: {}, requestExtras: none };
}
