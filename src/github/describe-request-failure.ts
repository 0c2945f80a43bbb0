// Names a failed GitHub request the way an operator or a maintainer can act on it: the request, the status and
// GitHub's own message (Octokit's request errors carry all three; anything else says what it is).
import { z } from "zod";

const requestErrorSchema = z.object({
  status: z.number(),
  message: z.string(),
  request: z.object({ method: z.string(), url: z.string() }),
  response: z.object({ data: z.unknown() }).optional(),
});
const githubMessageSchema = z.object({ message: z.string().min(1) });

/** Whether the error is a failed GitHub request (Octokit's RequestError, whichever copy of the package). */
export function isRequestFailure(error: unknown): boolean {
  return requestErrorSchema.safeParse(error).success;
}

export function describeRequestFailure(error: unknown): string {
  const failed = requestErrorSchema.safeParse(error);
  if (failed.success) {
    const { status, request, response, message } = failed.data;
    const path = URL.canParse(request.url) ? new URL(request.url).pathname : request.url;
    const github = githubMessageSchema.safeParse(response?.data);
    return `${request.method} ${path} answered ${status}: ${(github.success ? github.data.message : message).slice(0, 200)}`;
  }
  if (error instanceof Error && error.name === "GraphqlResponseError")
    return `the GraphQL request answered with errors: ${error.message.slice(0, 200)}`;
  return error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
}
