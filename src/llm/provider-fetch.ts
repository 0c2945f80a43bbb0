// The fetch the OpenAI SDK uses, resolved per call (so HTTP interception in tests sees it), with one provider
// quirk mended: vLLM before 0.10.1 answers errors with a flat `{object: "error", message, type, code}` body, which
// the SDK would read as "no body"; it is wrapped as OpenAI's `{error: {...}}` so its message reaches the operator.
export const providerFetch: typeof fetch = async (url, init) => {
  const response = await globalThis.fetch(url, init);
  if (response.ok || !(response.headers.get("content-type") ?? "").includes("json")) return response;
  const text = await response.text();
  return new Response(wrapFlatError(text), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
};

function wrapFlatError(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  const flat =
    body !== null &&
    typeof body === "object" &&
    !Array.isArray(body) &&
    !("error" in body) &&
    typeof (body as { message?: unknown }).message === "string";
  return flat ? JSON.stringify({ error: body }) : text;
}
